/**
 * How many requests the Xray connector's reads make, counted by GraphQL operation against the simulator holding the
 * demo data plus a few hundred more tests with runs in Test Executions of their project (as bench/lib/floors.ts
 * counts them: one authenticate, the project's Test Executions a page of 100, their runs a page of 100).
 */
import { createXrayConnector, type XrayConnectorOptions } from '../../src/connectors/xray';
import { executionsCacheKey } from '../../src/connectors/xray/runs';
import type { Connector, FetchLike, RunCache } from '../../src/connectors/types';
import type { TestRun } from '../../src/domain/model';
import { DEMO_ANCHOR, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '../../local/demo/xray/generate';
import { startXraySimulator } from '../../local/simulators/xray/harness';
import { readAll, readAllRuns, resetSimulator, testTransport, useSimulator } from '../support/connectors';

const DAY = 24 * 3600_000;
const QA = '10002';
const MORE_TESTS = 250;
const RUNS_PER_TEST = 5;
const MORE_EXECUTIONS = 3;

let clock = DEMO_ANCHOR;
const running = useSimulator(() => startXraySimulator({ seed: 'demo', now: () => clock }));
const tenant = () => running.sim.state.tenant('demo');

/** GraphQL operation names (and `authenticate`) of the requests sent, in order. */
let ops: string[] = [];
const counting: FetchLike = (url, init) => {
  if (url.endsWith('/api/v2/authenticate')) ops.push('authenticate');
  else ops.push(String(JSON.parse(init?.body ?? '{}').operationName));
  return running.fetch(url, init);
};
const graphqlOps = () => ops.filter((o) => o !== 'authenticate');

function connector(extra: Partial<XrayConnectorOptions> = {}): Connector {
  return createXrayConnector({ clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, ...testTransport(counting, () => clock), ...extra });
}

/** A RunCache kept in a Map, values stored as JSON (as the sync's store keeps them). */
function mapCache(store = new Map<string, string>()): RunCache & { store: Map<string, string> } {
  return {
    store,
    get: async (key) => (store.has(key) ? JSON.parse(store.get(key)!) : undefined),
    set: async (key, value) => void store.set(key, JSON.stringify(value)),
  };
}

beforeAll(() => {
  clock = DEMO_ANCHOR + DAY;
  const sim = running.sim.state;
  const tests = Array.from({ length: MORE_TESTS }, (_, i) => sim.createTest('demo', { projectId: QA, summary: `Generated test ${i + 1}`, kind: 'Manual' }));
  for (let e = 0; e < MORE_EXECUTIONS; e++) {
    tenant().executions.push({ issueId: String(99_001 + e), key: `QA-${9_001 + e}`, projectId: QA, summary: `Regression ${e + 1}`, environments: ['Chrome'], lastModified: clock });
  }
  tests.forEach((t, i) => {
    for (let k = 0; k < RUNS_PER_TEST; k++) sim.addRun('demo', { test: t.key, execution: `QA-${9_001 + ((i + k) % MORE_EXECUTIONS)}`, status: k % 2 ? 'FAILED' : 'PASSED' });
  });
  // A Test of another project run in one of QA's Test Executions: not one of QA's runs.
  sim.addRun('demo', { test: 'LEG-1', execution: 'QA-9001', status: 'PASSED' });
  clock += 60_000;
});
beforeEach(() => {
  resetSimulator(running);
  ops = [];
});

const qaExecutions = () => new Set(tenant().executions.filter((e) => e.projectId === QA).map((e) => e.issueId));
const qaTests = () => new Set(tenant().tests.filter((t) => t.projectId === QA).map((t) => t.issueId));
/** Runs in QA's Test Executions, of any project's Tests (what the floor counts). */
const runsInExecutions = () => tenant().runs.filter((r) => r.execIssueId !== null && qaExecutions().has(r.execIssueId));
const pages = (n: number) => Math.max(1, Math.ceil(n / 100));
const ids = (runs: Array<TestRun | { id: string }>) => runs.map((r) => ('externalId' in r ? r.externalId : r.id)).sort();

describe('Xray reads: only the requests a sync needs', () => {
  it('a first read of the runs of every test makes at most the floor: no getTests, 1 getTestExecutions, a getTestRuns per 100 runs', async () => {
    const { items } = await readAllRuns(connector(), QA);
    const floor = 1 + pages(qaExecutions().size) + pages(runsInExecutions().length);
    expect(runsInExecutions().length).toBeGreaterThan(MORE_TESTS * RUNS_PER_TEST);
    expect(ops.length).toBeLessThanOrEqual(floor);
    expect(graphqlOps().filter((o) => o === 'XrayTestIds')).toEqual([]);
    expect(graphqlOps().filter((o) => o === 'XrayTestExecutionIds')).toHaveLength(1);
    // The runs of QA's Tests in QA's Test Executions, each once; LEG-1's run is left out.
    const expected = runsInExecutions().filter((r) => qaTests().has(r.testIssueId));
    expect(ids(items)).toEqual(ids(expected));
    expect(items.some((r) => r.testCaseExternalId === running.sim.state.test('demo', 'LEG-1').issueId)).toBe(false);
    // Mapped as readTestCase maps the same runs.
    const one = await connector().readTestCase(QA, 'QA-1');
    const mine = items.filter((r) => r.testCaseExternalId === one!.testCase.externalId);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.sort((a, b) => a.externalId.localeCompare(b.externalId))).toEqual(
      one!.runs.filter((r) => r.cycle !== undefined).sort((a, b) => a.externalId.localeCompare(b.externalId)),
    );
  });

  it('a read that finds nothing changed makes one getTestExecutions and one getTestRuns; new runs are read by their executions', async () => {
    const c = connector();
    expect((await readAllRuns(c, QA, new Date(clock).toISOString())).items).toEqual([]);
    expect(graphqlOps()).toEqual(['XrayTestExecutionIds', 'XrayTestRuns']);
    clock += 60_000;
    const since = new Date(clock).toISOString();
    clock += 1_000;
    const added = [
      running.sim.state.addRun('demo', { test: 'QA-200', execution: 'QA-9002', status: 'FAILED' }),
      running.sim.state.addRun('demo', { test: 'QA-3', execution: 'QA-33', status: 'PASSED' }),
    ];
    ops = [];
    const { items } = await readAllRuns(connector(), QA, since);
    expect(ids(items)).toEqual(ids(added));
    expect(graphqlOps()).toEqual(['XrayTestExecutionIds', 'XrayTestRuns']);
  });

  it('a continuation in a new connector sharing the RunCache reads no list again; a cursor stays small', async () => {
    const whole = await readAllRuns(connector(), QA);
    const cache = mapCache();
    ops = [];
    const first = await connector({ runCache: cache }).readRuns(QA, {});
    expect(graphqlOps()).toEqual(['XrayTestExecutionIds', 'XrayTestRuns']);
    expect(cache.store.get(executionsCacheKey(QA))).toBeDefined();
    const items = [...first.items];
    let cursor = first.next;
    while (cursor) {
      expect(cursor.length).toBeLessThan(2048);
      ops = [];
      const page = await connector({ runCache: cache }).readRuns(QA, { cursor });
      expect(graphqlOps()).toEqual(['XrayTestRuns']);
      items.push(...page.items);
      cursor = page.next;
    }
    expect(ids(items)).toEqual(ids(whole.items));

    // A cache that holds something unreadable is read again from Xray, and the read goes on.
    cache.store.set(executionsCacheKey(QA), JSON.stringify({ v: 1, ids: 'not a list' }));
    ops = [];
    const again = await connector({ runCache: cache }).readRuns(QA, { cursor: first.next });
    expect(graphqlOps()).toEqual(['XrayTestExecutionIds', 'XrayTestRuns']);
    expect(again.items.length).toBeGreaterThan(0);
    expect(JSON.parse(cache.store.get(executionsCacheKey(QA))!).ids).toHaveLength(qaExecutions().size);

    // A cursor of the reader that walked tests (`s`) starts over from the first Test Execution.
    const old = Buffer.from(JSON.stringify({ s: 100, r: 0 })).toString('base64url');
    expect(ids((await connector().readRuns(QA, { cursor: old })).items)).toEqual(ids(first.items));
  });

  it('leaves out runs and tests the sync already holds, before reading more about them', async () => {
    const runs = await readAllRuns(connector(), QA);
    const held = new Map(runs.items.slice(0, 40).map((r) => [r.externalId, r.updatedAt ?? r.executedAt]));
    const known = (id: string, at: string | undefined) => held.has(id) && held.get(id) === at;
    const rest = await readAll<TestRun>((cursor) => connector().readRuns(QA, { cursor, known }));
    expect(ids(rest.items)).toEqual(ids(runs.items.slice(40)));

    // QA-2 covers 120 issues: 50 come with the test, the rest take one more request, unless the sync holds QA-2.
    const wide = running.sim.state.modifyTest('demo', 'QA-2', {
      covers: Array.from({ length: 120 }, (_, i) => ({ issueId: String(70_000 + i), key: `SHOP-${1_000 + i}` })),
    });
    clock += 1_000;
    ops = [];
    const unknown = await connector().readTestCases(QA, { modifiedSince: new Date(wide.lastModified).toISOString() });
    expect(unknown.items.map((t) => [t.displayId, t.requirementKeys.length])).toEqual([['QA-2', 120]]);
    expect(graphqlOps().filter((o) => o === 'XrayTestCoverage')).toHaveLength(1);
    ops = [];
    const heldCase = (id: string, at: string | undefined) => id === wide.issueId && at === unknown.items[0].updatedAt;
    const page = await connector().readTestCases(QA, { modifiedSince: new Date(wide.lastModified).toISOString(), known: heldCase });
    expect(page.items).toEqual([]);
    expect(graphqlOps()).toEqual(['XrayTestsPage']);
  });
});
