/**
 * `npm run capture -- --connection <id> [--project <externalProjectId>] [--max-pages N]`
 *
 * Records a tool site for the replay tests: runs on the local runtime's stored settings (TESTSYNC_DATA_DIR, else
 * where `npm start` keeps them: `.local-data/`, or `.local-data/real-jira/<host>/` with JIRA_BASE_URL set), reads the connection and its secret, builds its connector as the app does over a recording
 * fetch (egress-checked by the runtime, as on Forge), reads what the sync reads — listProjects, listStatuses,
 * readTestCases and readRuns to the last page (or N pages), listTestCaseIds, one readTestCase — scrubs the exchanges
 * (local/runtime/scrub.ts), checks that the connector reads the same from the scrubbed record, and writes
 * `contracts/recorded/<tool>/<site>/`: one file per exchange and `site.json` (format: test/support/recorded.ts).
 *
 *   --site <name>          folder name (default: the site's host name, or the connection id for Xray)
 *   --out <dir>            instead of contracts/recorded
 *   --simulators <url>     a running `npm start` whose simulated tools answer (e.g. http://localhost:8787);
 *                          by default the real tools are called over the network
 *   --force                replace an existing folder
 */
import '../local/runtime';
import { fetch as forgeFetch } from '@forge/api';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createLocalRuntime, realJiraFromEnv } from '../local/runtime';
import { defaultDataDir } from '../local/runtime/persistence';
import { lastPerRequest, recordingFetch, replayingFetch, type RecordedExchange } from '../local/runtime/recorder';
import { Scrubber, type ScrubCounts } from '../local/runtime/scrub';
import { getConnection, getSecret, listConnections, type ConnectionRecord } from '../src/config/connections';
import { listMappings } from '../src/config/mappings';
import { createConnector } from '../src/connectors/registry';
import type { Connector, FetchLike } from '../src/connectors/types';
import type { ExternalProject, TestCase, TestRun, ToolStatus, UnreadableRecord } from '../src/domain/model';

const ROOT = path.resolve(__dirname, '..');

export interface CaptureOptions {
  connectionId: string;
  projectId?: string;
  /** Pages of cases and of runs read at most (every page by default). */
  maxPages?: number;
  /** The local runtime's storage folder. */
  dataDir?: string;
  /** Where `<tool>/<site>/` is written; default contracts/recorded. */
  outDir?: string;
  site?: string;
  /** Base URL of a local server whose simulated tools answer; default: the real tools over the network. */
  simulators?: string;
  force?: boolean;
  now?: Date;
}

/** What the sync reads from a project, as `expect` records it. */
export interface SiteReads {
  projects: ExternalProject[];
  statuses: ToolStatus[];
  cases: Array<Omit<TestCase, 'steps'> & { stepsCount: number }>;
  runs: TestRun[];
  caseIds: string[];
  readTestCase: { externalId: string; displayId: string; stepsCount: number; runs: number } | null;
  unreadable: UnreadableRecord[];
  /** Whether reading stopped at maxPages with more pages left. */
  truncated: boolean;
}

const caseOf = ({ steps, ...tc }: TestCase) => ({ ...tc, stepsCount: steps.length });

async function pages<T>(read: (cursor?: string) => Promise<{ items: T[]; next?: string; unreadable?: UnreadableRecord[] }>, max: number) {
  const items: T[] = [];
  const unreadable: UnreadableRecord[] = [];
  let cursor: string | undefined;
  let n = 0;
  do {
    const page = await read(cursor);
    items.push(...page.items);
    unreadable.push(...(page.unreadable ?? []));
    cursor = page.next;
  } while (cursor && ++n < max);
  return { items, unreadable, truncated: cursor !== undefined };
}

/** Reads what the sync reads of a project: cases and runs to the last page or `maxPages`, every case id, one case. */
export async function readLikeTheSync(c: Connector, projectId: string, maxPages = Number.POSITIVE_INFINITY): Promise<SiteReads> {
  const projects = await c.listProjects();
  const statuses = await c.listStatuses(projectId);
  const cases = await pages((cursor) => c.readTestCases(projectId, { cursor }), maxPages);
  const runs = await pages((cursor) => c.readRuns(projectId, { cursor }), maxPages);
  const ids = await pages((cursor) => c.listTestCaseIds(projectId, { cursor }), Number.POSITIVE_INFINITY);
  const first = cases.items[0];
  const one = first ? await c.readTestCase(projectId, first.externalId) : null;
  return {
    projects,
    statuses,
    cases: cases.items.map(caseOf),
    runs: runs.items,
    caseIds: ids.items,
    readTestCase: one ? { externalId: one.testCase.externalId, displayId: one.testCase.displayId, stepsCount: one.testCase.steps.length, runs: one.runs.length } : null,
    unreadable: [...cases.unreadable, ...runs.unreadable, ...ids.unreadable],
    truncated: cases.truncated || runs.truncated,
  };
}

/** Where the same reads differ (ids and counts): empty when the scrubbed record reads as the site did. */
export function differences(live: SiteReads, replayed: SiteReads): string[] {
  const out: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b) && out.push(`${what}: ${JSON.stringify(a).slice(0, 200)} ≠ ${JSON.stringify(b).slice(0, 200)}`);
  same('projects', live.projects.map((p) => p.id), replayed.projects.map((p) => p.id));
  same('statuses', live.statuses.map((s) => s.id), replayed.statuses.map((s) => s.id));
  same('cases', live.cases.map((x) => [x.externalId, x.displayId, x.stepsCount, x.requirementKeys, x.updatedAt]), replayed.cases.map((x) => [x.externalId, x.displayId, x.stepsCount, x.requirementKeys, x.updatedAt]));
  same('runs', live.runs.map((r) => [r.externalId, r.testCaseExternalId, r.status, r.updatedAt]), replayed.runs.map((r) => [r.externalId, r.testCaseExternalId, r.status, r.updatedAt]));
  same('caseIds', live.caseIds, replayed.caseIds);
  same('readTestCase', live.readTestCase, replayed.readTestCase);
  same('unreadable', live.unreadable.length, replayed.unreadable.length);
  return out;
}

/** The connection as the replay builds it: settings the connector reads (never `sameSite`), a huge Xray budget. */
function replayConnection(c: ConnectionRecord, settings: ConnectionRecord['settings']): ConnectionRecord {
  const { sameSite: _sameSite, ...rest } = settings;
  return { ...c, settings: { ...rest, ...(c.tool === 'xray' ? { requestsPer5Minutes: 1_000_000 } : {}) } };
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'x';
}

function fileName(i: number, x: RecordedExchange): string {
  const u = new URL(x.request.url);
  const op = (x.request.body as { operationName?: unknown } | undefined)?.operationName;
  const tail = u.pathname.split('/').filter((p) => p && !/^(api|rest|v\d+)$/.test(p)).slice(-3).join('-');
  return `${String(i + 1).padStart(3, '0')}-${slug(`${x.request.method} ${tail}${typeof op === 'string' ? ` ${op}` : ''}`)}.json`;
}

/**
 * Writes a recorded site folder: `NNN-<method>-<path>[-<operation>].json` per exchange, and site.json. The folder's
 * earlier JSON files are removed first; other files (a README) stay.
 */
export function writeSite(dir: string, exchanges: readonly RecordedExchange[], meta: Record<string, unknown>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(dir)) if (f.endsWith('.json')) fs.rmSync(path.join(dir, f));
  exchanges.forEach((x, i) => fs.writeFileSync(path.join(dir, fileName(i, x)), `${JSON.stringify(x, null, 2)}\n`));
  fs.writeFileSync(path.join(dir, 'site.json'), `${JSON.stringify(meta, null, 2)}\n`);
}

/** `expect` of site.json from what the connector read. */
export function expectOf(reads: SiteReads): Record<string, unknown> {
  const { truncated: _truncated, unreadable, ...expect } = reads;
  return { ...expect, ...(unreadable.length ? { unreadable } : {}), totals: { cases: expect.cases.length, runs: expect.runs.length, caseIds: expect.caseIds.length } };
}

/** Reads a connection and its secret from a copy of the stored settings (the original is never written). */
async function storedConnection(dataDir: string, connectionId: string, simulators: string | undefined) {
  const file = path.join(dataDir, 'kvs.json');
  if (!fs.existsSync(file)) throw new Error(`No stored settings at ${file}: run npm start and add the connection on the admin page first.`);
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'testsync-capture-'));
  fs.copyFileSync(file, path.join(copy, 'kvs.json'));
  const runtime = createLocalRuntime({
    rootDir: ROOT,
    dataDir: copy,
    realJira: null,
    localBase: simulators ?? 'http://127.0.0.1:9',
    toolTarget: simulators ? 'simulators' : 'network',
    log: () => undefined,
  });
  const found = await runtime.runInInvocation(async () => {
    const connection = await getConnection(connectionId);
    if (!connection) {
      const ids = (await listConnections()).map((c) => c.id);
      throw new Error(`There is no connection "${connectionId}" in ${dataDir} (connections: ${ids.join(', ') || 'none'}).`);
    }
    const secret = await getSecret(connectionId);
    if (!secret) throw new Error(`Connection ${connectionId} has no stored secret: enter it on the admin page.`);
    return { connection, secret, mappings: await listMappings(connectionId) };
  });
  return { ...found, runtime, cleanup: () => fs.rmSync(copy, { recursive: true, force: true }) };
}

export interface CaptureResult {
  dir: string;
  exchanges: number;
  reads: SiteReads;
  scrubbed: ScrubCounts;
}

export async function capture(o: CaptureOptions): Promise<CaptureResult> {
  const dataDir = o.dataDir ?? (process.env.TESTSYNC_DATA_DIR || defaultDataDir(ROOT, realJiraFromEnv()));
  const maxPages = o.maxPages ?? Number.POSITIVE_INFINITY;
  const { connection, secret, mappings, runtime, cleanup } = await storedConnection(dataDir, o.connectionId, o.simulators);
  try {
    const host = new URL(connection.baseUrl).host;
    const site = o.site ?? (connection.tool === 'xray' ? slug(connection.id) : slug(host.split('.')[0]));
    const dir = path.join(o.outDir ?? path.join(ROOT, 'contracts', 'recorded'), connection.tool, site);
    if (fs.existsSync(dir) && !o.force) throw new Error(`${dir} exists: pick another --site or pass --force.`);

    // Live: the connector built as the app builds it, over Forge's fetch (egress-checked by the runtime).
    const recording = recordingFetch(forgeFetch as unknown as FetchLike);
    const live = await runtime.runInInvocation(async () => {
      const connector = createConnector(connection, secret, recording.fetch);
      const projectId = o.projectId ?? mappings[0]?.externalProjectId ?? (await connector.listProjects())[0]?.id;
      if (!projectId) throw new Error(`${connection.name} lists no project: pass --project.`);
      return { projectId, reads: await readLikeTheSync(connector, projectId, maxPages) };
    }, { budgetSeconds: 3600 });

    // Scrubbed: answers first (they give free text its placeholders), then requests.
    const clientId = connection.settings.clientId;
    const scrubber = new Scrubber([secret.apiToken, ...recording.credentials], clientId ? [clientId] : []);
    const kept = lastPerRequest(recording.exchanges);
    const answers = kept.map((x) => ({ ...x.response, body: scrubber.responseBody(x.response.body) }));
    const exchanges: RecordedExchange[] = kept.map((x, i) => ({
      request: {
        method: x.request.method,
        url: scrubber.url(x.request.url),
        ...(x.request.body !== undefined ? { body: scrubber.requestBody(x.request.body) } : {}),
      },
      response: answers[i],
    }));
    const settings: ConnectionRecord['settings'] = { ...connection.settings, ...(clientId ? { clientId: scrubber.placeholderOf(clientId) ?? clientId } : {}) };
    delete settings.sameSite;
    delete settings.requestsPer5Minutes;
    const secretPlaceholder = scrubber.placeholderOf(secret.apiToken) ?? 'secret-1';

    // The scrubbed record must read as the site did, with no request left unanswered.
    const replay = replayingFetch(exchanges);
    const replayed = await readLikeTheSync(
      createConnector(replayConnection(connection, settings), { apiToken: secretPlaceholder }, replay.fetch),
      live.projectId,
      maxPages,
    );
    const problems = [...differences(live.reads, replayed), ...replay.unmatched.map((k) => `unanswered: ${k}`)];
    if (problems.length) throw new Error(`The scrubbed record does not read as the site did; nothing was written:\n  ${problems.join('\n  ')}`);

    const date = (o.now ?? new Date()).toISOString().slice(0, 10);
    const meta = {
      tool: connection.tool,
      source: `captured from ${host} on ${date} by npm run capture`,
      connection: { baseUrl: connection.baseUrl, settings, secret: secretPlaceholder },
      projectId: live.projectId,
      ...(replayed.truncated ? { maxPages } : {}),
      expect: expectOf(replayed),
    };
    writeSite(dir, exchanges, meta);
    return { dir, exchanges: exchanges.length, reads: replayed, scrubbed: scrubber.counts };
  } finally {
    await runtime.close();
    cleanup();
  }
}

export function parseArgs(argv: string[]): CaptureOptions {
  const o: Partial<CaptureOptions> = {};
  const value = (i: number) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${argv[i]} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--connection') o.connectionId = value(i++);
    else if (a === '--project') o.projectId = value(i++);
    else if (a === '--max-pages') {
      o.maxPages = Number(value(i++));
      if (!Number.isInteger(o.maxPages) || o.maxPages < 1) throw new Error('--max-pages must be a whole number of at least 1');
    } else if (a === '--site') o.site = slug(value(i++));
    else if (a === '--out') o.outDir = path.resolve(value(i++));
    else if (a === '--simulators') o.simulators = value(i++).replace(/\/$/, '');
    else if (a === '--force') o.force = true;
    else throw new Error(`Unknown option ${a}`);
  }
  if (!o.connectionId) throw new Error('--connection <id> is required (the id shown on the admin page)');
  return o as CaptureOptions;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const r = await capture(o);
  const s = r.scrubbed;
  console.log(
    `Wrote ${r.exchanges} exchanges and site.json to ${path.relative(process.cwd(), r.dir) || r.dir}\n` +
      `  read: ${r.reads.projects.length} projects, ${r.reads.statuses.length} statuses, ${r.reads.cases.length} cases, ` +
      `${r.reads.runs.length} runs, ${r.reads.caseIds.length} case ids${r.reads.truncated ? ` (first ${o.maxPages} pages)` : ''}\n` +
      `  scrubbed: ${s.secrets} credentials, ${s.tokens} tokens, ${s.emails} e-mail addresses, ${s.texts} texts\n` +
      '  Read the files before committing them: the scrubber keeps ids, keys, statuses, dates and the host name.',
  );
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`capture failed: ${(err as Error)?.message ?? err}`);
    process.exit(1);
  });
}
