/**
 * How many requests the qTest connector's reads make against the simulator: a first read of runs in the requests the
 * scale bench's floor allows (bench/lib/floors.ts qtestFloor), nothing read about rows the sync already holds
 * (`ReadOptions.known`), supporting lists read once per sync run (RunCache), linked-artifacts calls as long as a URL
 * may be.
 */
import { createQtestConnector, type QtestConnectorOptions } from '../../src/connectors/qtest';
import type { Connector, FetchLike, RunCache } from '../../src/connectors/types';
import type { TestRun } from '../../src/domain/model';
import { DEMO_API_TOKEN } from '../../local/demo/qtest/generate';
import { startQtestSimulator, takeViolations } from '../../local/simulators/qtest/harness';
import { readAllCases, readAllRuns, resetSimulator, testTransport, useSimulator } from '../support/connectors';

const BASE = 'https://demo.qtestnet.com';
const clock = Date.parse('2026-11-24T09:00:00.000Z');
const PAGE = 999;
/** The longest URL common servers accept (bench/lib/floors.ts URL_LIMIT). */
const URL_LIMIT = 8192;

const running = useSimulator(() => startQtestSimulator({ seed: 'demo', now: () => clock }));
/** Every request sent, named `METHOD path` (search requests by their object type), with its body. */
const sent: Array<{ name: string; url: string; body?: { object_type?: string; query?: string } }> = [];
let snapshot: ReturnType<typeof running.sim.snapshot>;
beforeAll(() => {
  snapshot = running.sim.snapshot();
});
beforeEach(() => {
  resetSimulator(running);
  running.sim.restore(snapshot);
  sent.length = 0;
});
afterEach(() => expect(takeViolations(running.sim)).toEqual([]));

const recording: FetchLike = async (url, init) => {
  const body = init?.body ? (JSON.parse(init.body) as { object_type?: string; query?: string }) : undefined;
  const path = new URL(url).pathname.replace(/\/\d+/g, '/{id}');
  sent.push({ name: `${init?.method ?? 'GET'} ${path}${body?.object_type ? ` (${body.object_type})` : ''}`, url, body });
  return running.fetch(url, init);
};

function connector(extra: Partial<QtestConnectorOptions> = {}): Connector {
  return createQtestConnector({
    baseUrl: BASE,
    auth: { kind: 'token', token: DEMO_API_TOKEN },
    ...testTransport(recording, () => clock),
    budget: { limit: 100_000, windowMs: 10_000 },
    ...extra,
  });
}

/** What was sent, counted by name. */
function counts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of sent) out[s.name] = (out[s.name] ?? 0) + 1;
  return out;
}

/** A RunCache in memory that stores JSON text, as the sync's storage does. */
function memoryCache(): RunCache & { store: Map<string, string> } {
  const store = new Map<string, string>();
  return {
    store,
    get: async (key) => (store.has(key) ? (JSON.parse(store.get(key)!) as unknown) : undefined),
    set: async (key, value) => {
      store.set(key, JSON.stringify(value));
    },
  };
}

const site = () => running.sim.state.site('demo')!;
const pages = (n: number) => Math.ceil(n / PAGE);
const SEARCH = 'POST /api/v3/projects/{id}/search';
const timeOf = (r: TestRun) => r.updatedAt ?? r.executedAt;

describe('qTest reads: requests made', () => {
  it("reads a first sync of a project's runs in the floor's requests: runs and their logs in pages of 999", async () => {
    const runs = site().runs.filter((r) => r.projectId === 101);
    const logs = runs.reduce((n, r) => n + r.logs.length, 0);
    expect(runs.length).toBeGreaterThan(PAGE);
    const { items, pages: read } = await readAllRuns(connector(), '101');
    expect(read).toBe(pages(runs.length));
    expect(items).toHaveLength(runs.reduce((n, r) => n + Math.max(1, r.logs.length), 0));
    expect(items.some((r) => r.executedBy)).toBe(true);

    // The floor (bench/lib/floors.ts): run pages, log pages, the releases and the cycle trees (the root's and one per
    // release); the users name the testers.
    const releases = site().releases.filter((r) => r.projectId === 101).length;
    expect(releases).toBe(2);
    const floor = pages(runs.length) + pages(logs) + 1 + (1 + releases);
    expect(counts()).toEqual({
      [`${SEARCH} (test-runs)`]: pages(runs.length),
      [`${SEARCH} (test-logs)`]: pages(logs),
      'GET /api/v3/projects/{id}/releases': 1,
      'GET /api/v3/projects/{id}/test-cycles': 1 + releases,
      'GET /api/v3/projects/{id}/users': 1,
    });
    expect(sent.length - 1).toBeLessThanOrEqual(floor);
    // The project's logs, read ahead on the first page by the criteria the Swagger documents for test logs.
    const logQueries = sent.filter((s) => s.body?.object_type === 'test-logs').map((s) => s.body!.query);
    expect(logQueries).toEqual(Array(pages(logs)).fill("'Execution Start Date' >= '1970-01-01T00:00:00.000Z'"));
  });

  it('reads the logs of a single page of runs by run, and of a read that continues without them by page', async () => {
    // One page: its runs' logs in one query, as cheap as reading the project's, and nothing to keep.
    const one = await connector().readRuns('102', {});
    expect(one.next).toBeUndefined();
    const runs102 = site().runs.filter((r) => r.projectId === 102);
    expect(sent.filter((s) => s.body?.object_type === 'test-logs').map((s) => s.body!.query)).toEqual([
      `'Test Run Id' in (${runs102.map((r) => r.id).join(', ')})`,
    ]);

    // A later page read by a connector with nothing kept (no RunCache) reads its own runs' logs.
    const first = await connector().readRuns('101', {});
    sent.length = 0;
    const later = await connector().readRuns('101', { cursor: first.next });
    const { items } = await readAllRuns(connector(), '101');
    expect(later.items).toEqual(items.slice(first.items.length));
    const query = sent.find((s) => s.body?.object_type === 'test-logs')?.body?.query ?? '';
    expect(query.startsWith("'Test Run Id' in (")).toBe(true);
  });

  it('reads by run the logs of a run executed after the project\'s logs were read ahead', async () => {
    const cache = memoryCache();
    const first = await connector({ runCache: cache }).readRuns('101', {});
    const late = site().runs.filter((r) => r.projectId === 101).at(-1)!;
    running.sim.state.addLog('demo', late.id, 'Blocked');
    sent.length = 0;
    const later = await connector({ runCache: cache }).readRuns('101', { cursor: first.next });
    expect(sent.filter((s) => s.body?.object_type === 'test-logs').map((s) => s.body!.query)).toEqual([`'Test Run Id' in (${late.id})`]);
    expect(later.items.filter((r) => r.externalId.startsWith(`${late.id}:`)).map((r) => [r.externalId, r.status])).toEqual(
      late.logs.map((l) => [`${late.id}:${l.id}`, l.status]),
    );
  });

  it('reads nothing more than its searches when every row of a no-change incremental read is known', async () => {
    // The previous sync ended at the latest modification: the rows modified then come back with every read.
    const caseSince = new Date(Math.max(...site().cases.filter((c) => c.projectId === 101).map((c) => c.lastModifiedAt))).toISOString();
    const runSince = new Date(Math.max(...site().runs.filter((r) => r.projectId === 101).map((r) => r.lastModifiedAt))).toISOString();
    const c = connector();
    const boundaryCases = (await readAllCases(c, '101', caseSince)).items;
    const boundaryRuns = (await readAllRuns(c, '101', runSince)).items;
    expect(boundaryCases.length).toBeGreaterThan(0);
    expect(boundaryRuns.length).toBeGreaterThan(0);
    const held = new Set([...boundaryCases.map((tc) => `${tc.externalId}@${tc.updatedAt}`), ...boundaryRuns.map((r) => `${r.externalId}@${timeOf(r)}`)]);
    const asked: string[] = [];
    const known = (id: string, at: string | undefined) => {
      asked.push(`${id}@${at}`);
      return held.has(`${id}@${at}`);
    };

    sent.length = 0;
    const fresh = connector();
    const cases = await fresh.readTestCases('101', { modifiedSince: caseSince, known });
    const runs = await fresh.readRuns('101', { modifiedSince: runSince, known });
    expect([cases.items, runs.items, cases.next, runs.next]).toEqual([[], [], undefined, undefined]);
    expect(sent.map((s) => s.name)).toEqual([`${SEARCH} (test-cases)`, `${SEARCH} (test-runs)`]);
    // Asked with the id and the time of the records as they would have been mapped.
    expect(asked.filter((a) => held.has(a))).toHaveLength(asked.length);
  });

  it('reads links, logs and lists only for the rows the sync does not hold', async () => {
    const since = new Date(clock).toISOString();
    const [withLinks, withoutLinks] = [site().cases.find((x) => x.projectId === 102 && x.requirementIds.length > 0)!, site().cases.find((x) => x.projectId === 102 && x.requirementIds.length === 0)!];
    const ran = site().runs.filter((r) => r.projectId === 102 && r.logs.length > 0).slice(0, 2);
    running.sim.state.modifyTestCase('demo', 102, withLinks.id, { name: 'held' });
    running.sim.state.modifyTestCase('demo', 102, withoutLinks.id, { name: 'new' });
    for (const r of ran) running.sim.state.addLog('demo', r.id, 'Passed');
    const c = connector();
    const all = { cases: (await readAllCases(c, '102', since)).items, runs: (await readAllRuns(c, '102', since)).items };
    const heldRun = ran[0];
    const held = new Set([
      `${withLinks.id}@${all.cases.find((x) => x.externalId === String(withLinks.id))!.updatedAt}`,
      ...all.runs.filter((r) => r.externalId.startsWith(`${heldRun.id}:`)).map((r) => `${r.externalId}@${timeOf(r)}`),
    ]);
    const known = (id: string, at: string | undefined) => held.has(`${id}@${at}`);

    sent.length = 0;
    const fresh = connector();
    const cases = await fresh.readTestCases('102', { modifiedSince: since, known });
    expect(cases.items.map((x) => [x.externalId, x.name, x.requirementKeys])).toEqual([[String(withoutLinks.id), 'new', []]]);
    // The one case read links no requirement: the requirement catalogue is not read.
    expect(sent.map((s) => s.name).sort()).toEqual(['GET /api/v3/projects/{id}/linked-artifacts', 'GET /api/v3/projects/{id}/modules', `${SEARCH} (test-cases)`]);
    expect(sent.find((s) => s.url.includes('/linked-artifacts'))?.url).toBe(`${BASE}/api/v3/projects/102/linked-artifacts?type=test-cases&ids=${withoutLinks.id}`);

    sent.length = 0;
    const runs = await fresh.readRuns('102', { modifiedSince: since, known });
    expect(new Set(runs.items.map((r) => r.externalId.split(':')[0]))).toEqual(new Set([String(ran[1].id)]));
    expect(sent.find((s) => s.body?.object_type === 'test-logs')?.body?.query).toBe(`'Test Run Id' in (${ran[1].id})`);
  });

  it("reads a project's supporting lists once per sync run: a continuation takes them from the run's cache", async () => {
    const cache = memoryCache();
    const plain = { cases: (await readAllCases(connector({ pageSize: 50 }), '101')).items, runs: (await readAllRuns(connector({ pageSize: 500 }), '101')).items };

    sent.length = 0;
    const first = await connector({ pageSize: 50, runCache: cache }).readTestCases('101', {});
    const firstRuns = await connector({ pageSize: 500, runCache: cache }).readRuns('101', {});
    expect(counts()).toMatchObject({
      'GET /api/v3/projects/{id}/modules': 1,
      [`${SEARCH} (requirements)`]: 1,
      'GET /api/v3/projects/{id}/releases': 1,
      'GET /api/v3/projects/{id}/test-cycles': 3,
      'GET /api/v3/projects/{id}/users': 1,
    });
    expect([...cache.store.keys()].sort()).toEqual(['qtest:logs:101', 'qtest:modules:101', 'qtest:places:101', 'qtest:requirements:101', 'qtest:users:101']);

    // Each invocation of the run builds a new connector: the rest of the pages read no list again.
    sent.length = 0;
    const cases = [...first.items];
    for (let cursor = first.next; cursor; ) {
      const page = await connector({ pageSize: 50, runCache: cache }).readTestCases('101', { cursor });
      cases.push(...page.items);
      cursor = page.next;
    }
    const runs = [...firstRuns.items];
    for (let cursor = firstRuns.next; cursor; ) {
      const page = await connector({ pageSize: 500, runCache: cache }).readRuns('101', { cursor });
      runs.push(...page.items);
      cursor = page.next;
    }
    // The logs too were read ahead on the first page of runs.
    expect(Object.keys(counts()).sort()).toEqual(['GET /api/v3/projects/{id}/linked-artifacts', `${SEARCH} (test-cases)`, `${SEARCH} (test-runs)`]);
    expect(cases).toEqual(plain.cases);
    expect(runs).toEqual(plain.runs);

    // A value the cache cannot give back as written is read from qTest again.
    cache.store.set('qtest:modules:101', JSON.stringify({ entries: [['not an id', 'Catalog']] }));
    cache.store.delete('qtest:users:101');
    sent.length = 0;
    const again = await connector({ pageSize: 50, runCache: cache }).readTestCases('101', { cursor: first.next });
    const againRuns = await connector({ pageSize: 500, runCache: cache }).readRuns('101', { cursor: firstRuns.next });
    expect(counts()).toMatchObject({ 'GET /api/v3/projects/{id}/modules': 1, 'GET /api/v3/projects/{id}/users': 1 });
    expect(counts()[`${SEARCH} (requirements)`]).toBeUndefined();
    expect(again.items).toEqual(plain.cases.slice(50, 100));
    expect(againRuns.items.every((r) => r.executedBy || !r.externalId.includes(':'))).toBe(true);
    expect(JSON.parse(cache.store.get('qtest:modules:101')!).entries[0][0]).toEqual(expect.any(Number));
  });

  it('sends as many case ids a linked-artifacts call as fit an 8 KiB URL', async () => {
    for (let i = 0; i < 1000; i++) running.sim.state.createTestCase('demo', 102, { name: `Bulk case ${i}` });
    const total = site().cases.filter((x) => x.projectId === 102).length;
    const { items } = await readAllCases(connector(), '102');
    expect(items).toHaveLength(total);
    const links = sent.filter((s) => s.name === 'GET /api/v3/projects/{id}/linked-artifacts');
    const ids = links.map((s) => new URL(s.url).searchParams.getAll('ids').length);
    expect(ids.reduce((a, b) => a + b, 0)).toBe(total);
    for (const s of links) expect(s.url.length).toBeLessThanOrEqual(URL_LIMIT);
    // 999 ids of 4 to 6 digits take two URLs, the second page's 81 one; the first is full: its page's next id would not fit.
    expect(ids).toEqual([ids[0], PAGE - ids[0], total - PAGE]);
    const next = new URL(links[1].url).searchParams.getAll('ids')[0];
    expect(links[0].url.length + `&ids=${next}`.length).toBeGreaterThan(URL_LIMIT);
  });
});
