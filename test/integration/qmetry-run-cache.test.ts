/**
 * The QMetry connector reads only what a sync needs: rows the sync already holds (`ReadOptions.known`) are left out
 * before their steps and links are read, an incremental read asks for the links of the changed cases alone, and the
 * requirement links and case ids read once in a run are taken from the run's cache by the connectors of its later
 * invocations. Requests are counted at the simulator.
 */
import { createQmetryConnector, type QmetryConnectorOptions } from '../../src/connectors/qmetry';
import type { Connector, FetchLike, HttpRequestInit, ReadOptions, RunCache } from '../../src/connectors/types';
import type { TestCase, TestRun } from '../../src/domain/model';
import { DEMO_API_KEY, DEMO_CASES, DEMO_PROJECT_KEY } from '../../local/demo/qmetry/generate';
import { startQmetrySimulator } from '../../local/simulators/qmetry/harness';
import { readAll, readAllCases, readAllRuns, resetSimulator, testTransport, useSimulator } from '../support/connectors';

const BASE = 'https://demo.qmetry.com';
let clock = Date.parse('2026-11-24T09:00:00.000Z');
let sent: Array<{ url: string; init: HttpRequestInit }> = [];

const running = useSimulator(() => startQmetrySimulator({ seed: 'demo', now: () => clock }));
let snap: ReturnType<typeof running.sim.snapshot>;
beforeEach(() => {
  resetSimulator(running);
  snap = running.sim.snapshot();
  sent = [];
});
afterEach(() => running.sim.restore(snap));

const recording: FetchLike = (url, init = {}) => {
  sent.push({ url, init });
  return running.fetch(url, init);
};

function connector(extra: Partial<QmetryConnectorOptions> = {}): Connector {
  return createQmetryConnector({
    baseUrl: BASE,
    apiKey: DEMO_API_KEY,
    projectKey: DEMO_PROJECT_KEY,
    ...testTransport(recording, () => clock),
    budget: { limit: 10_000, windowMs: 1000 },
    pageSize: 25,
    ...extra,
  });
}

/** A run cache in a Map, its values stored as JSON text like the storage does; counts its writes. */
function mapCache() {
  const values = new Map<string, string>();
  let writes = 0;
  const cache: RunCache = {
    get: async (key) => (values.has(key) ? (JSON.parse(values.get(key)!) as unknown) : undefined),
    set: async (key, value) => {
      writes++;
      values.set(key, JSON.stringify(value));
    },
  };
  return { cache, values, writes: () => writes };
}

const SCAN = ['/rest/requirements/list/viewColumns', '/rest/testcases/list/forRQ'];
const calls = (path: string) => sent.filter((s) => s.url.endsWith(path)).length;
const steps = () => calls('/rest/testcases/steps/list');
const forRQ = () => calls('/rest/testcases/list/forRQ');
const forTC = () => calls('/rest/requirements/list/forTC');
const scanCalls = () => SCAN.reduce((n, p) => n + calls(p), 0);
/** Test case list calls that look case ids up by entity key. */
const idLookups = () =>
  sent.filter((s) => s.url.endsWith('/rest/testcases/list/viewColumns') && String(JSON.parse(s.init.body ?? '{}').filter).includes('entityKeyId')).length;

const host = () => running.sim.state.host('demo')!;
const jiraRequirements = () => host().requirements.filter((r) => r.createdSystem === 'JIRA').length;
const caseId = (entityKey: string) => String(running.sim.state.testCase('demo', entityKey)!.id);
const byId = <T extends { externalId: string }>(items: T[]) => [...items].sort((a, b) => a.externalId.localeCompare(b.externalId));

/** Every case and every run as a connector without any cache reads them. */
async function reference(): Promise<{ cases: TestCase[]; runs: TestRun[] }> {
  const c = connector();
  const cases = byId((await readAllCases(c, 'SHOPQA')).items);
  const runs = byId((await readAllRuns(c, 'SHOPQA')).items);
  sent = [];
  return { cases, runs };
}

const readCases = (c: Connector, opts: ReadOptions) => c.readTestCases('SHOPQA', opts);

describe('QMetry reads across the invocations of a sync run', () => {
  it('continues a full read with a new connector without scanning the requirement links or looking case ids up again', async () => {
    const ref = await reference();
    const { cache, writes } = mapCache();

    // The first invocation reads the first page: the links are scanned once and kept with the case ids.
    const first = await readCases(connector({ runCache: cache }), {});
    expect(first.items).toHaveLength(25);
    expect(forRQ()).toBe(jiraRequirements());

    // The next invocation re-reads that page for the cases it has not synced yet, then reads the rest.
    sent = [];
    const next = connector({ runCache: cache });
    const done = new Set(first.items.slice(0, 10).map((i) => i.externalId));
    const again = await readCases(next, { known: (id) => done.has(id) });
    expect(again.items.map((i) => i.externalId)).toEqual(first.items.slice(10).map((i) => i.externalId));
    expect(steps()).toBe(15);
    const rest = await readAll((cursor) => readCases(next, { cursor: cursor ?? first.next }));
    expect(scanCalls()).toBe(0);
    expect(byId([...first.items, ...rest.items])).toEqual(ref.cases);

    // The runs, in yet another invocation, find every case id in the run cache.
    sent = [];
    const runs = await readAllRuns(connector({ runCache: cache }), 'SHOPQA');
    expect(idLookups()).toBe(0);
    expect(scanCalls()).toBe(0);
    expect(byId(runs.items)).toEqual(ref.runs);
    // The links once, the case ids once for each page that added some: the re-read page and the runs added none.
    expect(writes()).toBe(1 + 3);
  });

  it('reads no steps and no links for an incremental read whose every case the sync already holds', async () => {
    clock += 60_000;
    running.sim.state.modifyTestCase('demo', 'SHOPQA-TC-7', { name: 'Edited at the checkpoint' });
    const since = new Date(clock).toISOString();
    const tc7 = caseId('SHOPQA-TC-7');
    const asked: Array<[string, string | undefined]> = [];
    const known = (id: string, at: string | undefined) => {
      asked.push([id, at]);
      return id === tc7 && at === since;
    };
    for (const runCache of [undefined, mapCache().cache]) {
      sent = [];
      const page = await readCases(connector({ runCache }), { modifiedSince: since, known });
      expect(page).toEqual({ items: [] });
      expect({ steps: steps(), forRQ: forRQ(), forTC: forTC(), scan: scanCalls() }).toEqual({ steps: 0, forRQ: 0, forTC: 0, scan: 0 });
    }
    expect(asked).toEqual([
      [tc7, since],
      [tc7, since],
    ]);
  });

  it('asks `known` with the id and the time each case and run carries', async () => {
    const ref = await reference();
    const asked: Array<[string, string | undefined]> = [];
    const known = (id: string, at: string | undefined) => {
      asked.push([id, at]);
      return false;
    };
    const c = connector();
    const cases = await readAll((cursor) => c.readTestCases('SHOPQA', { cursor, known }));
    expect(byId(cases.items)).toEqual(ref.cases);
    expect(asked).toEqual(cases.items.map((i) => [i.externalId, i.updatedAt]));
    asked.length = 0;
    const runs = await readAll((cursor) => c.readRuns('SHOPQA', { cursor, known }));
    expect(byId(runs.items)).toEqual(ref.runs);
    expect(asked).toEqual(runs.items.map((r) => [r.externalId, r.updatedAt ?? r.executedAt]));
  });

  it('reads the links of the 2 cases changed since the last sync with 2 forTC calls, without the forRQ scan', async () => {
    const since = new Date(clock).toISOString();
    clock += 60_000;
    const shop3 = host().requirements.find((r) => r.entityKey === 'SHOP-3')!;
    running.sim.state.linkRequirements('demo', 'SHOPQA-TC-7', [shop3.id], true);
    running.sim.state.modifyTestCase('demo', 'SHOPQA-TC-9', { newVersion: true });

    const { items } = await readAllCases(connector({ runCache: mapCache().cache }), 'SHOPQA', since);
    expect(items.map((i) => i.displayId).sort()).toEqual(['SHOPQA-TC-7', 'SHOPQA-TC-9']);
    expect({ steps: steps(), forTC: forTC(), forRQ: forRQ(), scan: scanCalls() }).toEqual({ steps: 2, forTC: 2, forRQ: 0, scan: 0 });

    const full = (await reference()).cases;
    expect(items.find((i) => i.displayId === 'SHOPQA-TC-7')!.requirementKeys).toContain('SHOP-3');
    for (const item of items) expect(item).toEqual(full.find((f) => f.externalId === item.externalId));
  });

  it('reports a changed case whose linked requirements cannot be read, rather than sync it without its links', async () => {
    const since = new Date(clock).toISOString();
    clock += 60_000;
    const shop3 = host().requirements.find((r) => r.entityKey === 'SHOP-3')!;
    running.sim.state.linkRequirements('demo', 'SHOPQA-TC-7', [shop3.id], true);
    running.sim.faults.set({ corruptField: { count: 1, path: '/rest/requirements/list/forTC' } });
    const page = await readCases(connector(), { modifiedSince: since });
    expect(page.items).toEqual([]);
    expect(page.unreadable).toEqual([
      {
        externalId: caseId('SHOPQA-TC-7'),
        displayId: 'SHOPQA-TC-7',
        endpoint: 'POST /rest/requirements/list/forTC',
        field: 'data[0].name',
        message: 'expected string, received number (requirements linked to the test case)',
      },
    ]);
  });

  it('leaves out the runs the sync already holds before looking up the ids of their cases', async () => {
    const ref = await reference();
    const known = new Set(ref.runs.map((r) => r.externalId));
    const { items } = await readAll((cursor) => connector().readRuns('SHOPQA', { cursor, known: (id) => known.has(id) }));
    expect(items).toEqual([]);
    expect(idLookups()).toBe(0);
  });

  const strings = (v: unknown): unknown =>
    typeof v === 'string'
      ? v.length
      : Array.isArray(v)
        ? v.map(strings)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strings(x)]))
          : v;
  const damages: Array<[string, (json: string) => string]> = [
    ['a string', () => '"{"'],
    ['null', () => 'null'],
    ['a number', () => '42'],
    ['an empty object', () => '{}'],
    ['another version', (json) => JSON.stringify({ ...JSON.parse(json), v: 2 })],
    ['numbers where strings were', (json) => JSON.stringify(strings(JSON.parse(json)))],
  ];

  it.each(damages)('ignores a run cache value damaged into %s, reads QMetry again and keeps a good one', async (_name, damage) => {
    const ref = await reference();
    const { cache, values } = mapCache();
    const first = await readCases(connector({ runCache: cache }), {});
    expect(values.size).toBe(2);
    for (const [key, json] of values) values.set(key, damage(json));

    // A continuation finds nothing usable: it scans the links and looks case ids up again, and reads the same.
    sent = [];
    const next = connector({ runCache: cache });
    const second = await readCases(next, { cursor: first.next });
    expect(forRQ()).toBe(jiraRequirements());
    const runs = await readAllRuns(next, 'SHOPQA');
    expect(idLookups()).toBeGreaterThan(0);
    expect(byId(runs.items)).toEqual(ref.runs);
    expect(byId(second.items)).toEqual(ref.cases.filter((c) => second.items.some((i) => i.externalId === c.externalId)));
    expect(second.items).toHaveLength(25);

    // What it read is kept: the invocation after it reads neither again.
    sent = [];
    const third = connector({ runCache: cache });
    expect(await readCases(third, { cursor: first.next })).toEqual(second);
    await readAllRuns(third, 'SHOPQA');
    expect({ scan: scanCalls(), idLookups: idLookups() }).toEqual({ scan: 0, idLookups: 0 });
  });

  it('reads every case once in a full read across three invocations', async () => {
    const { cache } = mapCache();
    const seen: TestCase[] = [];
    let cursor: string | undefined;
    do {
      const page = await readCases(connector({ runCache: cache }), { cursor });
      seen.push(...page.items);
      cursor = page.next;
    } while (cursor);
    expect(seen).toHaveLength(DEMO_CASES);
    expect(forRQ()).toBe(jiraRequirements());
  });
});
