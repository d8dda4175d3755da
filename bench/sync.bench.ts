/**
 * Sync speed and memory figures of the whole app on the local Forge runtime (real handlers, real SDKs, the
 * Jira and qTest simulators, storage in memory). Prints tables; asserts nothing about timing.
 *
 *   npm run bench                      demo data, then a generated large dataset
 *   BENCH_CASES=500 BENCH_RUNS=5000    size of the generated dataset (default 2000 cases, 20000 runs)
 *   BENCH_LARGE=0                      skip the generated dataset
 *
 * Requests are counted by wrapping two methods of the runtime instance (no app or runtime code changes):
 * `forgeFetch` (every storage, Jira and queue call of the SDKs) and `egressFetch` (every outbound call of
 * app code, i.e. qTest). Only calls made inside the `scheduler` and `sync-worker` functions are counted;
 * the admin resolver calls the bench makes (`syncNow`, `getOverview`) are left out.
 */
// The runtime must be loaded before anything that loads @forge/api (it keeps the global fetch it finds).
import '../local/runtime';
// This bench counts requests and times the demo as `npm start` runs it: storage unpaced, as the local store has
// no quota. The scale bench paces storage as on Forge.
process.env.TESTSYNC_KVS_UNITS_PER_MINUTE ||= '1000000';
import * as os from 'node:os';
import type { LocalServer } from '../local/server';
import { startTestApp } from '../test/support/local-app';
import { createJiraSimulator } from '../local/simulators/jira';
import { loadContract, DEFAULT_SPEC_PATH, type JiraContract } from '../local/simulators/jira/contract';
import type { QtestSimulator } from '../local/simulators/qtest';
import type { SimRun, SimTestCase, SiteData } from '../local/simulators/qtest/types';
import type { ForgeFetchDescriptor, InvocationContext, LocalRuntimeOptions } from '../local/runtime';
import { useLogSink } from '../src/platform/log';
import { mb, table } from './lib/table';

/** The app's structured log lines of level error, kept for the notes (the rest would only drown the tables). */
const appErrors: string[] = [];
useLogSink((level, line) => {
  if (level === 'error') appErrors.push(line);
});

const COUNTED_FUNCTIONS = new Set(['scheduler', 'sync-worker']);
const CONNECTION_ID = 'qtest-demo';
const SITE = 'demo';
/** The Jira project the demo mappings sync into. */
const JIRA_PROJECT = 'SHOP';

// ---------------------------------------------------------------------------------------------------------
// Counting

type Tally = Map<string, number>;

interface Counters {
  /** Each sync-worker invocation: how long it took against its time budget. */
  invocations: { ms: number; budgetMs: number }[];
  jira: Tally;
  qtest: Tally;
  kvs: Tally;
  queue: Tally;
  other: Tally;
}

const newCounters = (): Counters => ({ invocations: [], jira: new Map(), qtest: new Map(), kvs: new Map(), queue: new Map(), other: new Map() });

function bump(t: Tally, key: string, n = 1): void {
  t.set(key, (t.get(key) ?? 0) + n);
}

function cloneCounters(c: Counters): Counters {
  return { invocations: [...c.invocations], jira: new Map(c.jira), qtest: new Map(c.qtest), kvs: new Map(c.kvs), queue: new Map(c.queue), other: new Map(c.other) };
}

function diffTally(after: Tally, before: Tally): Tally {
  const out: Tally = new Map();
  for (const [k, v] of after) {
    const d = v - (before.get(k) ?? 0);
    if (d) out.set(k, d);
  }
  return out;
}

function diffCounters(after: Counters, before: Counters): Counters {
  return {
    invocations: after.invocations.slice(before.invocations.length),
    jira: diffTally(after.jira, before.jira),
    qtest: diffTally(after.qtest, before.qtest),
    kvs: diffTally(after.kvs, before.kvs),
    queue: diffTally(after.queue, before.queue),
    other: diffTally(after.other, before.other),
  };
}

const sum = (t: Tally, filter: (key: string) => boolean = () => true) =>
  [...t].reduce((acc, [k, v]) => (filter(k) ? acc + v : acc), 0);

let contract: JiraContract | undefined;
function jiraTemplate(method: string, rawPath: string): string {
  contract ??= loadContract(DEFAULT_SPEC_PATH);
  const p = rawPath.split('?')[0];
  const m = contract.match(method.toUpperCase(), p);
  if (m.kind !== 'operation') return `${method.toUpperCase()} ${p} (no spec operation)`;
  const property = m.pathParams.propertyKey ? ` [${m.pathParams.propertyKey}]` : '';
  return `${method.toUpperCase()} ${m.operation.pathTemplate}${property}`;
}

/** A Jira request that changes nothing: GET, or a POST to a search endpoint. */
function isJiraRead(key: string): boolean {
  const [method, template] = key.split(' ', 2);
  return method === 'GET' || method === 'HEAD' || /\/search(\/jql)?$/.test(template);
}

function qtestTemplate(method: string, url: string): string {
  const u = new URL(url);
  const p = u.pathname.replace(/\/\d+(?=\/|$)/g, '/{id}');
  return `${method.toUpperCase()} ${p}`;
}

function requestMethod(input: string | URL | Request, init?: RequestInit): string {
  return (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
}

/** Wraps the runtime instance's platform and egress entry points to count calls per kind. */
function instrument(server: LocalServer, counters: Counters): void {
  const runtime = server.runtime;
  const forgeFetch = runtime.forgeFetch.bind(runtime);
  const egressFetch = runtime.egressFetch.bind(runtime);
  runtime.forgeFetch = (ctx: InvocationContext, descriptor: ForgeFetchDescriptor, p: string, init?: RequestInit) => {
    if (COUNTED_FUNCTIONS.has(ctx.functionKey)) {
      const method = (init?.method ?? 'GET').toUpperCase();
      if (descriptor?.type === 'kvs') bump(counters.kvs, p.split('?')[0].replace(/^\/api\/v1\//, ''));
      else if (descriptor?.type === 'fpp' && descriptor.remote === 'jira') bump(counters.jira, jiraTemplate(method, p));
      else if (p.startsWith('/webhook/queue/')) bump(counters.queue, p.split('/')[3] ?? p);
      else bump(counters.other, `${descriptor?.type} ${p}`);
    }
    return forgeFetch(ctx, descriptor, p, init);
  };
  // Each consumer invocation's duration against its budget (the private runFunction, wrapped on this instance).
  const target = runtime as unknown as { runFunction: (fk: string, ...rest: unknown[]) => Promise<unknown> };
  const runFunction = target.runFunction.bind(runtime);
  target.runFunction = async (functionKey: string, ...rest: unknown[]) => {
    const started = performance.now();
    try {
      return await runFunction(functionKey, ...rest);
    } finally {
      if (functionKey === 'sync-worker') counters.invocations.push({ ms: performance.now() - started, budgetMs: runtime.budgetSeconds(functionKey) * 1000 });
    }
  };
  runtime.egressFetch = (ctx: InvocationContext, input: string | URL | Request, init?: RequestInit) => {
    if (COUNTED_FUNCTIONS.has(ctx.functionKey)) {
      const url = input instanceof Request ? input.url : String(input);
      bump(counters.qtest, qtestTemplate(requestMethod(input, init), url));
    }
    return egressFetch(ctx, input, init);
  };
}

// ---------------------------------------------------------------------------------------------------------
// Memory

interface Mem {
  rss: number;
  heapUsed: number;
  maxRss: number;
}

function mem(): Mem {
  const m = process.memoryUsage();
  // maxRSS is in kilobytes.
  return { rss: m.rss, heapUsed: m.heapUsed, maxRss: process.resourceUsage().maxRSS * 1024 };
}


// ---------------------------------------------------------------------------------------------------------
// App

interface BenchApp {
  server: LocalServer;
  jira: ReturnType<typeof createJiraSimulator>;
  qtest: QtestSimulator;
  counters: Counters;
  logs: string[];
}

async function startApp(options: Partial<LocalRuntimeOptions> = {}, prepareQtest?: (q: QtestSimulator) => void): Promise<BenchApp> {
  const logs: string[] = [];
  const app = await startTestApp({ log: (m: string) => logs.push(m), prepareQtest, ...options });
  const counters = newCounters();
  instrument(app.server, counters);
  return { server: app.server, jira: app.jira, qtest: app.qtest, counters, logs };
}

interface RunHistoryEntry {
  runId: string;
  state: string;
  counts: Record<string, number>;
  durationMs?: number;
  errors?: unknown[];
}

async function lastRun(app: BenchApp): Promise<RunHistoryEntry | undefined> {
  const overview = (await app.server.invoke({ moduleKey: 'testsync-admin', functionKey: 'getOverview', payload: {}, accountId: 'demo-admin' })) as {
    history?: RunHistoryEntry[];
  };
  return overview.history?.[0];
}

function jiraTestIssues(app: BenchApp): number {
  const projects = (app.jira.summary() as { projects: Record<string, { byType: Record<string, number> }> }).projects;
  return projects[JIRA_PROJECT]?.byType.Test ?? 0;
}

async function syncNow(app: BenchApp): Promise<void> {
  await app.server.invoke({ moduleKey: 'testsync-admin', functionKey: 'syncNow', payload: { connectionId: CONNECTION_ID }, accountId: 'demo-admin' });
  await app.server.runtime.drain();
}

// ---------------------------------------------------------------------------------------------------------
// Phases

interface PhaseResult {
  dataset: string;
  name: string;
  wallMs: number;
  counts: Counters;
  events: { pushed: number; delivered: number; retried: number; failed: number; duplicates: number };
  run?: RunHistoryEntry;
  memBefore: Mem;
  memAfter: Mem;
  storageKeys: number;
  /** Issues of type Test in the mapped Jira project (SHOP) after the phase. */
  jiraTests: number;
}

async function phase(app: BenchApp, dataset: string, name: string, action: () => Promise<unknown>): Promise<PhaseResult> {
  const before = cloneCounters(app.counters);
  const queueBefore = { ...app.server.runtime.queue.counters };
  const memBefore = mem();
  const started = performance.now();
  await action();
  await app.server.runtime.drain();
  const wallMs = performance.now() - started;
  const memAfter = mem();
  const q = app.server.runtime.queue.counters;
  const result: PhaseResult = {
    dataset,
    name,
    wallMs,
    counts: diffCounters(app.counters, before),
    events: {
      pushed: q.pushed - queueBefore.pushed,
      delivered: q.delivered - queueBefore.delivered,
      retried: q.retried - queueBefore.retried,
      failed: q.failed - queueBefore.failed,
      duplicates: q.duplicates - queueBefore.duplicates,
    },
    run: await lastRun(app),
    memBefore,
    memAfter,
    storageKeys: app.server.runtime.kvs.size().values,
    jiraTests: jiraTestIssues(app),
  };
  process.stderr.write(`  done: ${dataset} / ${name} in ${(wallMs / 1000).toFixed(1)} s\n`);
  return result;
}

/** Edits `n` test cases of the mapped projects (their name) and adds `runs` executed test runs. */
function changeQtest(qtest: QtestSimulator, n: number, runs: number): void {
  const site = qtest.state.site(SITE)!;
  const active = site.cases.filter((c) => c.projectId === 101 || c.projectId === 102);
  for (let i = 0; i < n; i++) {
    const c = active[(i * 37) % active.length];
    qtest.state.modifyTestCase(SITE, c.projectId, c.id, { name: `${c.name} (edited for the bench ${i + 1})` });
  }
  const statuses = ['Passed', 'Failed', 'Passed', 'Blocked', 'Passed'];
  for (let i = 0; i < runs; i++) {
    const c = active[(i * 13 + 5) % active.length];
    const cycle = site.cycles.find((x) => x.projectId === c.projectId)!;
    qtest.state.addRun(SITE, { projectId: c.projectId, testCaseId: c.id, cycle: cycle.name, status: statuses[i % statuses.length] });
  }
}

async function standardPhases(app: BenchApp, dataset: string): Promise<PhaseResult[]> {
  const out: PhaseResult[] = [];
  out.push(await phase(app, dataset, 'first full sync (trigger)', () => app.server.fireTrigger('sync-scheduler')));
  out.push(await phase(app, dataset, 'no-change sync (Sync now)', () => syncNow(app)));
  changeQtest(app.qtest, 5, 50);
  out.push(await phase(app, dataset, 'incremental: 5 cases edited, 50 runs added', () => syncNow(app)));
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Large generated dataset (built from the demo site through the simulator's public state; the generator
// itself has no size option).

function enlarge(qtest: QtestSimulator, totalCases: number, totalRuns: number): { cases: number; runs: number } {
  const site: SiteData = qtest.state.site(SITE)!;
  const projects = [101, 102];
  const templates = new Map(projects.map((p) => [p, site.cases.filter((c) => c.projectId === p)]));
  const demoCases = projects.reduce((n, p) => n + templates.get(p)!.length, 0);
  const suitesOf = new Map(projects.map((p) => [p, site.cycles.filter((c) => c.projectId === p).flatMap((c) => c.suites)]));
  let nextId = 2_000_000;
  const runNo = new Map(projects.map((p) => [p, site.runs.filter((r) => r.projectId === p).length]));
  const caseNo = new Map(projects.map((p) => [p, templates.get(p)!.length]));
  const newCases: SimTestCase[] = [];
  for (let i = 0; newCases.length + demoCases < totalCases; i++) {
    const p = projects[i % projects.length];
    const list = templates.get(p)!;
    const t = list[Math.floor(i / projects.length) % list.length];
    const n = caseNo.get(p)! + 1;
    caseNo.set(p, n);
    newCases.push({
      ...t,
      id: nextId++,
      pid: `TC-${n}`,
      name: `${t.name} #${n}`,
      steps: t.steps.map((s) => ({ ...s, id: nextId++ })),
      requirementIds: [...t.requirementIds],
      // Distinct change times, older than the demo case they copy, so no two cases share a timestamp more
      // often than in the demo data.
      lastModifiedAt: t.lastModifiedAt - (i + 1) * 1000,
      versionId: nextId++,
    });
  }
  site.cases.push(...newCases);
  const allCases = site.cases.filter((c) => projects.includes(c.projectId));
  const statuses = ['Passed', 'Passed', 'Passed', 'Failed', 'Blocked', 'Incomplete', 'Passed'];
  const anchor = Math.max(...site.runs.map((r) => r.lastModifiedAt));
  const newRuns: SimRun[] = [];
  for (let i = 0; newRuns.length + site.runs.length < totalRuns; i++) {
    const c = allCases[i % allCases.length];
    const suites = suitesOf.get(c.projectId)!;
    const suite = suites[Math.floor(i / allCases.length) % suites.length];
    const n = runNo.get(c.projectId)! + 1;
    runNo.set(c.projectId, n);
    const exeEnd = anchor - (i % 43_200) * 60_000;
    const status = statuses[(i * 7 + c.id) % statuses.length];
    newRuns.push({
      id: nextId++,
      projectId: c.projectId,
      pid: `TR-${n}`,
      name: c.name,
      testCaseId: c.id,
      suiteId: suite.id,
      environment: suite.name,
      createdAt: exeEnd - 3_600_000,
      lastModifiedAt: exeEnd,
      logs: [{ id: nextId++, status, exeStart: exeEnd - 300_000, exeEnd, tester: 'demo@example.com' }],
    });
  }
  site.runs.push(...newRuns);
  site.nextId = Math.max(site.nextId, nextId + 1);
  return { cases: site.cases.filter((c) => projects.includes(c.projectId)).length, runs: site.runs.filter((r) => projects.includes(r.projectId)).length };
}

// ---------------------------------------------------------------------------------------------------------
// Printing


function summaryTable(results: PhaseResult[]): string {
  const headers = [
    'dataset / phase', 'wall s', 'Jira req', 'Jira writes', 'Jira reads', 'qTest req', 'KVS ops', 'events', 'created', 'updated', 'unchanged', 'linked', 'failed', 'state', 'Tests',
  ];
  const rows = results.map((r) => {
    const jira = sum(r.counts.jira);
    const writes = sum(r.counts.jira, (k) => !isJiraRead(k));
    const c = r.run?.counts ?? {};
    return [
      `${r.dataset} / ${r.name}`,
      (r.wallMs / 1000).toFixed(2),
      String(jira),
      String(writes),
      String(jira - writes),
      String(sum(r.counts.qtest)),
      String(sum(r.counts.kvs)),
      String(r.events.delivered),
      String(c.created ?? ''),
      String(c.updated ?? ''),
      String(c.unchanged ?? ''),
      String(c.linked ?? ''),
      String(c.failed ?? ''),
      r.run?.state ?? '?',
      String(r.jiraTests),
    ];
  });
  return table(headers, rows);
}

/** Per phase: the sync-worker invocations, the longest, and the largest share of its budget one used. */
function invocationTable(results: PhaseResult[]): string {
  const rows = results
    .filter((r) => r.counts.invocations.length > 0)
    .map((r) => {
      const inv = r.counts.invocations;
      const longest = Math.max(...inv.map((i) => i.ms));
      const share = Math.max(...inv.map((i) => i.ms / i.budgetMs));
      return [`${r.dataset} / ${r.name}`, String(inv.length), (inv[0].budgetMs / 1000).toFixed(0), (longest / 1000).toFixed(2), `${(share * 100).toFixed(1)} %`, share <= 0.8 ? 'yes' : 'NO'];
    });
  return table(['dataset / phase', 'invocations', 'budget s', 'longest s', 'max share of budget', 'all under 80 %'], rows);
}

function memoryTable(results: PhaseResult[]): string {
  const rows = results.map((r) => [
    `${r.dataset} / ${r.name}`,
    mb(r.memBefore.rss),
    mb(r.memAfter.rss),
    mb(r.memBefore.heapUsed),
    mb(r.memAfter.heapUsed),
    mb(r.memAfter.maxRss),
    String(r.storageKeys),
  ]);
  return table(['dataset / phase', 'RSS before', 'RSS after', 'heap before', 'heap after', 'peak RSS so far', 'KVS keys after'], rows);
}

function breakdown(r: PhaseResult): string {
  const parts: string[] = [];
  const section = (title: string, t: Tally, mark?: (k: string) => string) => {
    if (t.size === 0) return;
    const rows = [...t].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, v]) => [`  ${k}`, String(v), mark ? mark(k) : '']);
    parts.push(`${title} (${sum(t)})`);
    parts.push(table(['  request', 'count', ''], rows));
  };
  section('Jira', r.counts.jira, (k) => (isJiraRead(k) ? 'read' : 'WRITE'));
  section('qTest', r.counts.qtest);
  section('KVS', r.counts.kvs);
  section('Queue', r.counts.queue);
  section('Other platform calls', r.counts.other);
  const e = r.events;
  parts.push(`Events: pushed ${e.pushed}, delivered ${e.delivered}, retried ${e.retried}, failed ${e.failed}, duplicate deliveries ${e.duplicates}`);
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------------------

/** Runs one first full sync on a fresh app with runtime options that change how events are delivered. */
async function deliveryVariant(
  dataset: string,
  options: Partial<LocalRuntimeOptions>,
  prepareQtest: ((q: QtestSimulator) => void) | undefined,
  results: PhaseResult[],
  details: string[],
  notes: string[],
  prepare?: (app: BenchApp) => void,
): Promise<void> {
  process.stderr.write(`${dataset}\n`);
  const app = await startApp(options, prepareQtest);
  prepare?.(app);
  const r = await phase(app, dataset, 'first full sync (trigger)', () => app.server.fireTrigger('sync-scheduler'));
  results.push(r);
  details.push(`### ${r.dataset} / ${r.name}\n${breakdown(r)}`);
  const workerDeliveries = r.events.delivered;
  notes.push(
    `${dataset}: ${workerDeliveries} sync-worker deliveries for one run = ${Math.max(0, workerDeliveries - 1)} continuation(s); ` +
      `${r.events.duplicates} duplicate deliveries; Jira writes ${sum(r.counts.jira, (k) => !isJiraRead(k))}; Test issues in SHOP ${r.jiraTests}`,
  );
  reportLogs(dataset, app, notes);
  await app.server.close();
}

function reportLogs(dataset: string, app: BenchApp, notes: string[]): void {
  if (app.logs.length === 0) return;
  notes.push(`${dataset}: the runtime logged ${app.logs.length} line(s), first: ${app.logs[0].slice(0, 300)}`);
}

/** Stops the bench if a phase hangs (e.g. a budget so small that no delivery makes progress). */
const WATCHDOG_MS = Number(process.env.BENCH_WATCHDOG_SECONDS ?? 240) * 1000;

async function main(): Promise<void> {
  setTimeout(() => {
    console.error(`bench: still running after ${WATCHDOG_MS / 1000} s; stopping. Phases finished so far are listed on stderr above.`);
    process.exit(2);
  }, WATCHDOG_MS).unref();
  const benchStarted = performance.now();
  const results: PhaseResult[] = [];
  const notes: string[] = [];
  const details: string[] = [];
  const startMem = mem();

  // Demo data: first sync, no-change sync, incremental sync.
  process.stderr.write('demo\n');
  {
    const t0 = performance.now();
    const app = await startApp();
    notes.push(
      `demo: app start (server, simulators, demo settings) ${((performance.now() - t0) / 1000).toFixed(2)} s; its first sync also ` +
        'pays one-time costs (loading the handlers, compiling the Jira contract validators, JIT warm-up)',
    );
    const rs = await standardPhases(app, 'demo');
    results.push(...rs);
    for (const r of rs) details.push(`### ${r.dataset} / ${r.name}\n${breakdown(r)}`);
    reportLogs('demo', app, notes);
    await app.server.close();
  }

  // Small consumer budgets: the engine takes a unit only when it will end inside 80 % of the budget, so a
  // small budget means several deliveries, each saving its cursor and pushing a continuation.
  await deliveryVariant('demo, budget 2 s', { budgets: { 'sync-worker': 2 } }, undefined, results, details, notes);
  await deliveryVariant('demo, budget 1 s + duplicate delivery', { budgets: { 'sync-worker': 1 }, duplicateDelivery: true }, undefined, results, details, notes);
  // A real site's latency: every Jira request takes 300 ms. With the manifest's 600 s budget, and with a 30 s
  // budget where the 80 % rule has to split the work.
  const slowJira = (app: BenchApp) => app.jira.faults.set({ latencyMs: Number(process.env.BENCH_JIRA_LATENCY_MS ?? 300) });
  await deliveryVariant('demo, Jira latency 300 ms', {}, undefined, results, details, notes, slowJira);
  await deliveryVariant('demo, Jira latency 300 ms, budget 30 s', { budgets: { 'sync-worker': 30 } }, undefined, results, details, notes, slowJira);

  // Generated large dataset.
  if (process.env.BENCH_LARGE !== '0') {
    const wantCases = Number(process.env.BENCH_CASES ?? 2000);
    const wantRuns = Number(process.env.BENCH_RUNS ?? 20000);
    let size = { cases: 0, runs: 0 };
    const grow = (q: QtestSimulator) => (size = enlarge(q, wantCases, wantRuns));
    const t0 = performance.now();
    const app = await startApp({}, grow);
    const label = `large ${size.cases}c/${size.runs}r`;
    notes.push(`${label}: dataset generation and app start ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    process.stderr.write(`${label}\n`);
    const rs = await standardPhases(app, label);
    results.push(...rs);
    for (const r of rs) details.push(`### ${r.dataset} / ${r.name}\n${breakdown(r)}`);
    reportLogs(label, app, notes);
    await app.server.close();
    if (process.env.BENCH_LARGE_BUDGET !== '0') {
      await deliveryVariant(`${label}, budget 5 s`, { budgets: { 'sync-worker': 5 } }, grow, results, details, notes);
    }
  }

  const endMem = mem();
  const out: string[] = [];
  out.push('TestSync for Jira: sync bench (local Forge runtime, Jira + qTest simulators, storage in memory)');
  out.push(`node ${process.version}, ${process.platform}/${process.arch}, ${os.cpus().length} CPU(s)`);
  out.push('');
  out.push('Requests are counted inside the scheduler and sync-worker functions only (not the bench\'s own syncNow/getOverview calls).');
  out.push('Jira writes = every Jira call except GET and POST /rest/api/3/search/jql. events = sync-worker deliveries (duplicates not included).');
  out.push('created..state: counts of the run as the admin page\'s history shows them. Tests = issues of type Test in SHOP (the mapped project) after the phase.');
  out.push('');
  out.push(summaryTable(results));
  out.push('');
  out.push('Consumer invocations against their time budget (the engine begins a unit only when it is expected to end by 70 % of it; no wait runs past 80 %)');
  out.push(invocationTable(results));
  out.push('');
  out.push('Memory (whole process; peak RSS = process.resourceUsage().maxRSS, cumulative over the process)');
  out.push(memoryTable(results));
  out.push(`process start: RSS ${mb(startMem.rss)}, heap ${mb(startMem.heapUsed)}; end: RSS ${mb(endMem.rss)}, heap ${mb(endMem.heapUsed)}, peak RSS ${mb(endMem.maxRss)}`);
  out.push('');
  out.push('Notes');
  for (const n of notes) out.push(`- ${n}`);
  if (appErrors.length > 0) out.push(`- the app logged ${appErrors.length} error line(s), first: ${appErrors[0].slice(0, 300)}`);
  out.push(`- total bench time ${((performance.now() - benchStarted) / 1000).toFixed(1)} s`);
  out.push('');
  out.push('Request breakdown per phase');
  out.push(details.join('\n\n'));
  console.log(out.join('\n'));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
