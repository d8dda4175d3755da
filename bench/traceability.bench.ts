/**
 * The traceability page at the size of a large release, on the local runtime: 2,000 requirements in version 3.2 of
 * SHOP covered by 10,000 tests from three connections (qTest, Xray, QMetry), each test with its results in 3.1 and
 * 3.2 on staging and production over several cycles. The data goes in through the app's own storage code, as a sync
 * writes it (test records and the coverage index with `saveItems`, then `refreshCoverages` in batches of 100, which
 * writes each requirement's coverage property to Jira and the traceability index). Then the page's resolver is
 * timed for the version: its first page and its CSV, each with the time, the answer's size in characters, and the
 * storage and Jira calls it made (storage in Forge's 10 KB read units).
 *
 *   npx tsx bench/traceability.bench.ts        (npm run bench runs it last)
 *   BENCH_TRACE_REQUIREMENTS=2000 BENCH_TRACE_TESTS=10000   the size
 *   BENCH_TRACE_RUNS=3                          timed opens of each (the median is printed)
 *   BENCH_TRACE_KVS_LATENCY_MS=20               added to every storage call (the local store answers at once; Forge's does not)
 *   BENCH_TRACE_JIRA_LATENCY_MS=100             added to every Jira request in the second round
 */
// The runtime must be loaded before anything that loads @forge/api (it keeps the global fetch it finds).
import '../local/runtime';
import type { ForgeFetchDescriptor, InvocationContext } from '../local/runtime';
import type { CanonicalStatus, TestCase, Tool } from '../src/domain/model';
import { mergeContexts } from '../src/domain/readiness';
import { mergeHistory, type ResultEntry } from '../src/domain/results';
import { useLogSink } from '../src/platform/log';
import { refreshCoverages } from '../src/sync/coverage';
import { forgeJira } from '../src/sync/forge-ports';
import { saveItems, type ItemChange } from '../src/sync/item-index';
import { buildTestProperty } from '../src/sync/test-property';
import { startTestApp, type TestApp } from '../test/support/local-app';
import { n, table } from './lib/table';

useLogSink(() => undefined);

const REQUIREMENTS = Number(process.env.BENCH_TRACE_REQUIREMENTS ?? 2000);
const TESTS = Number(process.env.BENCH_TRACE_TESTS ?? 10000);
const RUNS = Number(process.env.BENCH_TRACE_RUNS ?? 3);
const KVS_LATENCY_MS = Number(process.env.BENCH_TRACE_KVS_LATENCY_MS ?? 20);
const JIRA_LATENCY_MS = Number(process.env.BENCH_TRACE_JIRA_LATENCY_MS ?? 100);
const PROJECT = 'SHOP';
const VERSION = '3.2';
const CONTEXT = { extension: { type: 'jira:projectPage', project: { key: PROJECT, id: '10000', type: 'software' } } };
const CONNECTIONS: { id: string; tool: Tool }[] = [
  { id: 'qtest-bench', tool: 'qtest' },
  { id: 'xray-bench', tool: 'xray' },
  { id: 'qmetry-bench', tool: 'qmetry' },
];
const STATUSES: CanonicalStatus[] = ['PASS', 'PASS', 'PASS', 'PASS', 'PASS', 'PASS', 'FAIL', 'BLOCKED', 'NOT_RUN', 'IN_PROGRESS'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A small deterministic generator, so every run of the bench seeds the same data. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Meter {
  kvsCalls: number;
  readUnits: number;
  writeUnits: number;
  jira: number;
}

const units = (value: unknown) => Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(value ?? null)) / 10_240));

/** Counts the calls the page's resolver makes (storage in Forge's units), and slows storage as Forge's is. */
function instrument(app: TestApp): { meter: Meter; reset: () => void } {
  const meter: Meter = { kvsCalls: 0, readUnits: 0, writeUnits: 0, jira: 0 };
  const runtime = app.server.runtime;
  const forgeFetch = runtime.forgeFetch.bind(runtime);
  runtime.forgeFetch = async (ctx: InvocationContext, descriptor: ForgeFetchDescriptor, p: string, init?: RequestInit) => {
    if (ctx.functionKey !== 'traceability-resolver') return forgeFetch(ctx, descriptor, p, init);
    if (descriptor?.type === 'fpp') meter.jira++;
    if (descriptor?.type !== 'kvs') return forgeFetch(ctx, descriptor, p, init);
    if (KVS_LATENCY_MS > 0) await sleep(KVS_LATENCY_MS);
    const res = await forgeFetch(ctx, descriptor, p, init);
    meter.kvsCalls++;
    const op = p.split('?')[0].replace(/^\/api\/v1\//, '');
    const req = typeof init?.body === 'string' ? JSON.parse(init.body) : {};
    const answer = res.status === 200 ? await res.clone().json().catch(() => undefined) : undefined;
    if (op === 'query') meter.readUnits += Math.max(1, ((answer?.data ?? answer?.results ?? []) as { value: unknown }[]).reduce((s, r) => s + units(r.value), 0));
    else if (op === 'get') meter.readUnits += units(answer?.value);
    else if (op === 'batch/get') {
      const found = (answer?.successfulKeys ?? []) as { value: unknown }[];
      meter.readUnits += found.reduce((s, r) => s + units(r.value), 0) + Math.max(0, (Array.isArray(req) ? req.length : 0) - found.length);
    } else if (op === 'set') meter.writeUnits += units(req.value);
    else if (op === 'batch/set') meter.writeUnits += (req as { value: unknown }[]).reduce((s, r) => s + units(r.value), 0);
    else if (op === 'delete') meter.writeUnits += 1;
    else if (op === 'batch/delete') meter.writeUnits += Array.isArray(req) ? req.length : 1;
    return res;
  };
  return {
    meter,
    reset: () => Object.assign(meter, { kvsCalls: 0, readUnits: 0, writeUnits: 0, jira: 0 }),
  };
}

async function jira<T = any>(app: TestApp, method: string, path: string, body?: unknown): Promise<T> {
  const res = await app.jiraApi(method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body as T;
}

/** The version's requirements as stories in SHOP, 50 a request; answers their keys. */
async function seedStories(app: TestApp): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < REQUIREMENTS; i += 50) {
    const issueUpdates = Array.from({ length: Math.min(50, REQUIREMENTS - i) }, (_, j) => ({
      fields: {
        project: { key: PROJECT },
        issuetype: { name: 'Story' },
        summary: `Release story ${i + j + 1}: ${['Checkout', 'Catalog', 'Account', 'Search'][(i + j) % 4]} flow`,
        fixVersions: [{ name: VERSION }],
        components: [{ name: (i + j) % 2 ? 'Checkout' : 'Catalog' }],
      },
    }));
    const answer = await jira<{ issues: { key: string }[] }>(app, 'POST', '/rest/api/3/issue/bulk', { issueUpdates });
    keys.push(...answer.issues.map((x) => x.key));
  }
  return keys;
}

/** A test's runs: 3.1 and 3.2, staging and production, two cycles of 3.2. */
function runsOf(test: number, random: () => number): ResultEntry[] {
  const pick = () => STATUSES[Math.floor(random() * STATUSES.length)];
  const at = (day: number, hour: number) => new Date(Date.UTC(2026, 9, day, hour)).toISOString();
  const runs: [string, string, string, number][] = [
    ['3.1', 'staging', 'Regression 3.1', 1],
    ['3.1', 'production', 'Regression 3.1', 3],
    [VERSION, 'staging', 'Sprint 7', 20],
    [VERSION, 'production', 'Sprint 7', 21],
    [VERSION, 'staging', 'Sprint 8', 27],
    [VERSION, 'production', 'Sprint 8', 28],
  ];
  return runs.map(([version, environment, cycle, day], i) => ({
    runId: `t${test}-r${i}`,
    status: version === '3.1' ? 'PASS' : pick(),
    rawStatus: 'bench',
    executedAt: at(day, test % 24),
    version,
    environment,
    cycle,
  }));
}

/** 10,000 tests covering the stories (five each), saved as a sync saves them, then every story's coverage computed. */
async function seedTests(app: TestApp, stories: string[]): Promise<{ all: number; index: number }> {
  const random = prng(42);
  const changes: ItemChange[] = [];
  for (let t = 0; t < TESTS; t++) {
    const connection = CONNECTIONS[t % CONNECTIONS.length];
    const externalId = String(100_000 + t);
    const sourceKey = `${connection.tool}:${connection.id}:1:${externalId}`;
    const issueKey = `QA-${1000 + t}`;
    const covers = [stories[Math.floor(t / Math.max(1, TESTS / stories.length)) % stories.length]];
    const tc: TestCase = {
      tool: connection.tool,
      projectId: '1',
      externalId,
      displayId: connection.tool === 'xray' ? issueKey : connection.tool === 'qtest' ? `TC-${t}` : `SHOPQA-TC-${t}`,
      name: `Checks release flow ${t}`,
      steps: [{ index: 1, action: 'Open the page', expected: 'It opens' }],
      labels: [],
      url: `https://bench.example.com/tests/${t}`,
      updatedAt: '2026-10-01T00:00:00.000Z',
      requirementKeys: covers,
    };
    const runs = runsOf(t, random);
    const property = buildTestProperty(sourceKey, connection.id, tc, mergeHistory([], runs), covers, mergeContexts([], runs));
    changes.push({ sourceKey, record: { issueId: String(900_000 + t), issueKey, contentHash: 'bench', propertyHash: 'bench', property, links: covers } });
  }
  const seed = (fn: () => Promise<void>, functionKey = 'bench-seed') => app.server.runtime.runInInvocation(fn, { functionKey, budgetSeconds: 3600 });
  for (let i = 0; i < changes.length; i += 500) await seed(() => saveItems(changes.slice(i, i + 500)));
  const writes = countWrites(app, 'bench-coverage');
  for (let i = 0; i < stories.length; i += 100) {
    await seed(async () => {
      const outcome = await refreshCoverages(forgeJira, stories.slice(i, i + 100), new Date());
      if (outcome.failed.length > 0) throw new Error(`coverage of ${outcome.failed.map((f) => f.key).join(', ')} failed`);
    }, 'bench-coverage');
  }
  writes.stop();
  return writes.units;
}

/** Storage write units of one function's calls, all of them and those of the traceability index. */
function countWrites(app: TestApp, functionKey: string): { units: { all: number; index: number }; stop: () => void } {
  const runtime = app.server.runtime;
  const forgeFetch = runtime.forgeFetch;
  const counted = { all: 0, index: 0 };
  runtime.forgeFetch = async (ctx: InvocationContext, descriptor: ForgeFetchDescriptor, p: string, init?: RequestInit) => {
    if (ctx.functionKey === functionKey && descriptor?.type === 'kvs' && typeof init?.body === 'string') {
      const op = p.split('?')[0].replace(/^\/api\/v1\//, '');
      const body = JSON.parse(init.body);
      const entries: { key: string; value?: unknown }[] = op === 'set' ? [body] : op === 'batch/set' || op === 'batch/delete' ? body : op === 'delete' ? [body] : [];
      for (const e of entries) {
        const u = op.endsWith('delete') ? 1 : units(e.value);
        counted.all += u;
        if (e.key.startsWith('trace:')) counted.index += u;
      }
    }
    return forgeFetch.call(runtime, ctx, descriptor, p, init);
  };
  return { units: counted, stop: () => (runtime.forgeFetch = forgeFetch) };
}

interface Measured {
  ms: number;
  chars: number;
  rows: number;
  meter: Meter;
}

async function measure(app: TestApp, reset: () => void, meter: Meter, functionKey: string, payload: unknown): Promise<Measured> {
  const samples: Measured[] = [];
  for (let i = 0; i < RUNS; i++) {
    reset();
    const started = Date.now();
    const answer = (await app.server.invoke({ moduleKey: 'testsync-traceability', functionKey, payload, accountId: 'demo-admin', context: CONTEXT })) as any;
    const ms = Date.now() - started;
    if (answer?.error) throw new Error(`${functionKey} answered ${JSON.stringify(answer.error)}`);
    samples.push({ ms, chars: JSON.stringify(answer).length, rows: answer.rows?.length ?? answer.rows ?? 0, meter: { ...meter } });
  }
  const mid = median(samples.map((s) => s.ms));
  return { ...samples.find((s) => s.ms === mid)!, ms: mid };
}

async function main(): Promise<void> {
  const app = await startTestApp({ tools: ['qtest', 'xray', 'qmetry'] });
  try {
    const started = Date.now();
    const stories = await seedStories(app);
    const coverageWrites = await seedTests(app, stories);
    const seededIn = Date.now() - started;
    const index = [...app.server.runtime.kvs.list(`trace:${PROJECT}:`, undefined, 100_000).items];
    const indexBytes = index.reduce((s, item) => s + Buffer.byteLength(JSON.stringify(item.value)), 0);
    console.log(`Seeded ${n(stories.length)} requirements and ${n(TESTS)} tests (3 connections, 6 runs each) through the app's storage code in ${(seededIn / 1000).toFixed(1)} s.`);
    console.log(`Traceability index of ${PROJECT}: ${n(index.length)} values, ${n(indexBytes)} bytes (${n(index.reduce((s, item) => s + units(item.value), 0))} read units to read it all).`);
    console.log(`Computing every requirement's coverage (100 a call, as the coverage phase does) wrote ${n(coverageWrites.all)} storage units, ${n(coverageWrites.index)} of them the index's.\n`);

    const { meter, reset } = instrument(app);
    const rows: string[][] = [];
    for (const latency of [0, JIRA_LATENCY_MS]) {
      app.jira.faults.set({ latencyMs: latency });
      const where = `storage +${KVS_LATENCY_MS} ms, Jira +${latency} ms`;
      for (const [label, functionKey, payload] of [
        ['first page (25 rows)', 'getTraceability', { version: VERSION }],
        ['CSV (every row)', 'exportTraceability', { version: VERSION }],
      ] as const) {
        const m = await measure(app, reset, meter, functionKey, payload);
        rows.push([label, where, `${n(m.ms)} ms`, n(m.chars), n(m.rows), n(m.meter.kvsCalls), n(m.meter.readUnits), n(m.meter.writeUnits), n(m.meter.jira)]);
      }
    }
    app.jira.faults.set({ latencyMs: 0 });
    console.log(`The page's resolver for version ${VERSION} (median of ${RUNS} opens; Forge allows a resolver 25 s and an installation 4,000 read units a minute):\n`);
    console.log(table(['answer', 'latency', 'time', 'answer chars', 'rows', 'storage calls', 'read units', 'write units', 'Jira requests'], rows, 2));
  } finally {
    await app.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
