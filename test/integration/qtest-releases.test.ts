/**
 * The release (version), cycle and environment of qTest runs, read from where each run sits in Test Execution
 * (Release > Cycle > Suite > Run) and from its Environment field, against the simulator's demo site; what happens when
 * the releases cannot be read; and the demo release the other tools share (local/demo/qtest/generate.ts).
 */
import { createQtestConnector } from '../../src/connectors/qtest';
import type { Connector } from '../../src/connectors/types';
import type { TestRun } from '../../src/domain/model';
import { DEMO_API_TOKEN, RELEASE_STORY } from '../../local/demo/qtest/generate';
import { fixVersionOf, STORY_OUTCOMES } from '../../local/demo/qtest/release-plan';
import { startQtestSimulator, takeViolations } from '../../local/simulators/qtest/harness';
import { readAllRuns, resetSimulator, testTransport, useSimulator } from '../support/connectors';

const clock = Date.parse('2025-06-10T09:00:00.000Z');
const running = useSimulator(() => startQtestSimulator({ seed: 'demo', now: () => clock }));
let snapshot: ReturnType<typeof running.sim.snapshot>;
beforeAll(() => {
  snapshot = running.sim.snapshot();
});
beforeEach(() => {
  resetSimulator(running);
  running.sim.restore(snapshot);
});
afterEach(() => expect(takeViolations(running.sim)).toEqual([]));

const connector = (): Connector =>
  createQtestConnector({
    baseUrl: 'https://demo.qtestnet.com',
    auth: { kind: 'token', token: DEMO_API_TOKEN },
    ...testTransport(running.fetch, () => clock),
    budget: { limit: 100_000, windowMs: 10_000 },
  });
const site = () => running.sim.state.site('demo')!;
const runs = async (projectId: string) => (await readAllRuns(connector(), projectId)).items;

describe('qTest runs: release, cycle and environment', () => {
  it('reads a root cycle\'s runs as of the release its Target Release/Build names', async () => {
    const lab = (await runs('102')).filter((r) => r.cycle === 'Device lab');
    expect(lab.length).toBeGreaterThan(0);
    expect(new Set(lab.map((r) => `${r.version}/${r.environment}`))).toEqual(new Set(['3.2/staging']));
  });

  it('reads the runs of a closed release with their version (closed releases are asked for)', async () => {
    const r31 = site().releases.find((r) => r.projectId === 101 && r.name === '3.1')!;
    r31.closed = true;
    const read = await runs('101');
    expect(read.filter((r) => r.cycle === 'Release 3.1').every((r) => r.version === '3.1')).toBe(true);
    const asked = running.calls.filter((c) => c.url.includes('/releases'));
    expect(asked.map((c) => new URL(c.url).searchParams.get('includeClosed'))).toEqual(['true']);
  });

  it('still reads the runs, without their release, when the releases fail or come back unreadable, and says so', async () => {
    const expected = await runs('102');
    // The releases answer HTTP 500 to every attempt: the runs come without a version, the failure is reported.
    running.sim.faults.set({ serverError: { count: 4, status: 500, path: '/releases' } });
    const failing = await connector().readRuns('102', {});
    expect(failing.items.map((r) => r.externalId)).toEqual(expected.map((r) => r.externalId));
    expect(failing.items.every((r) => r.version === undefined && r.environment !== undefined)).toBe(true);
    // Root cycles are still named; those under releases cannot be without their release's tree.
    expect(new Set(failing.items.map((r) => r.cycle))).toEqual(new Set(['Device lab', undefined]));
    expect(failing.unreadable).toEqual([
      {
        endpoint: 'GET /api/v3/projects/{projectId}/releases',
        field: '(answer)',
        message: expect.stringMatching(/^could not be read \(qTest failed with HTTP 500 .*\), so runs are read without their release$/),
      },
    ]);

    // An answer in a shape the app cannot read: reported with the field, the runs read as well.
    running.sim.faults.clear();
    running.sim.faults.set({ corruptEnvelope: { count: 1, path: '/releases' } });
    const c = connector();
    const unreadable = await c.readRuns('102', {});
    expect(unreadable.items).toHaveLength(expected.length);
    expect(unreadable.unreadable).toEqual([expect.objectContaining({ endpoint: 'GET /api/v3/projects/{projectId}/releases', field: '(root)' })]);

    // What could not be read is not kept: the same connector's next read asks again and gets the versions.
    const again = await c.readRuns('102', {});
    expect(again.unreadable).toBeUndefined();
    expect(again.items).toEqual(expected);
  });

  it('reads a release whose cycles cannot be read without them, and the other releases whole', async () => {
    const r32 = site().releases.find((r) => r.projectId === 101 && r.name === '3.2')!;
    running.sim.faults.set({ serverError: { count: 4, status: 503, path: `parentId=${r32.id}` } });
    const page = await connector().readRuns('101', {});
    expect(page.unreadable).toEqual([
      expect.objectContaining({ endpoint: 'GET /api/v3/projects/{projectId}/test-cycles', field: `(cycles of release ${r32.id})` }),
    ]);
    expect(page.items.some((r) => r.cycle === 'Release 3.1' && r.version === '3.1')).toBe(true);
    expect(page.items.filter((r) => r.version === '3.2')).toEqual([]);
  });
});

/** The latest run of a test in each `version/environment` it ran in, by execution time. */
function latestByContext(read: TestRun[]): Map<string, TestRun> {
  const out = new Map<string, TestRun>();
  for (const r of [...read].sort((a, b) => (a.executedAt ?? '').localeCompare(b.executedAt ?? ''))) {
    if (r.version && r.environment) out.set(`${r.version}/${r.environment}`, r);
  }
  return out;
}

describe('the demo release in qTest', () => {
  it(`${RELEASE_STORY}: every covering test passed in 3.1 and 3.2 in staging and production, but one that failed in 3.2/staging`, async () => {
    const read = [...(await runs('101')), ...(await runs('102'))];
    const covering = site().cases.filter((c) =>
      c.requirementIds.some((id) => site().requirements.find((r) => r.id === id)?.jiraKey === RELEASE_STORY),
    );
    expect(covering).toHaveLength(14);
    const failing: string[] = [];
    for (const c of covering) {
      const mine = read.filter((r) => r.testCaseExternalId === String(c.id));
      const latest = latestByContext(mine);
      expect([...latest.keys()].sort()).toEqual(['3.1/production', '3.1/staging', '3.2/production', '3.2/staging']);
      for (const [context, r] of latest) {
        if (r.status !== 'Passed') failing.push(`${c.pid}@${c.projectId} ${context} ${r.status}`);
      }
      // No covering test ever failed in a release but the one below.
      if (!failing.some((f) => f.startsWith(`${c.pid}@${c.projectId} `))) {
        expect(mine.filter((r) => r.version).every((r) => r.status === 'Passed')).toBe(true);
      }
    }
    expect(failing).toHaveLength(1);
    expect(failing[0]).toMatch(/^TC-\d+@101 3\.2\/staging Failed$/);

    // That test's latest run of all is its 3.2 pass in production: its latest result alone hides the failure.
    const pid = failing[0].split('@')[0];
    const regression = covering.find((c) => c.pid === pid && c.projectId === 101)!;
    const mine = read.filter((r) => r.testCaseExternalId === String(regression.id));
    const newest = [...mine].sort((a, b) => (a.executedAt ?? '').localeCompare(b.executedAt ?? '')).at(-1)!;
    expect(newest).toMatchObject({ status: 'Passed', version: '3.2', environment: 'production', cycle: 'Release 3.2' });
    const failure = mine.find((r) => r.status === 'Failed')!;
    expect(failure).toMatchObject({ version: '3.2', environment: 'staging', cycle: 'Release 3.2' });
    expect(failure.executedAt! < newest.executedAt!).toBe(true);
  });

  it('keeps the variety of the other stories: failures, blocked and not-run tests in both releases', async () => {
    const read = await runs('101');
    for (const version of ['3.1', '3.2']) {
      const statuses = new Set(read.filter((r) => r.version === version).map((r) => r.status));
      for (const s of ['Passed', 'Failed', 'Blocked']) expect(statuses.has(s)).toBe(true);
    }
    expect(read.some((r) => r.version === '3.2' && r.status === 'Unexecuted')).toBe(true);
  });
});

describe('the other stories of the demo release in qTest', () => {
  it('reads PASS, BLOCKED or PARTIAL in their fix version as the release plan says: one test blocked or not run, the rest passed', async () => {
    const read = [...(await runs('101')), ...(await runs('102'))];
    const seen: Record<string, string> = {};
    for (const [story, outcome] of Object.entries(STORY_OUTCOMES)) {
      const version = fixVersionOf(story);
      const covering = site().cases.filter((c) => c.requirementIds.some((id) => site().requirements.find((r) => r.id === id)?.jiraKey === story));
      // Each covering test's latest run in each environment of the version (NOT RUN: none, or never executed).
      const results = covering.map((c) => {
        const latest = latestByContext(read.filter((r) => r.testCaseExternalId === String(c.id)));
        return ['staging', 'production'].map((env) => latest.get(`${version}/${env}`)?.status ?? 'none');
      });
      const blocked = results.filter((r) => r.every((s) => s === 'Blocked')).length;
      const notRun = results.filter((r) => r.every((s) => s === 'Unexecuted')).length;
      const passed = results.filter((r) => r.every((s) => s === 'Passed')).length;
      expect({ story, covered: results.length, passed: passed + blocked + notRun }).toEqual({ story, covered: results.length, passed: results.length });
      seen[story] = `${outcome}: ${passed} passed, ${blocked} blocked, ${notRun} not run`;
      if (outcome === 'pass') expect(blocked + notRun).toBe(0);
      if (outcome === 'blocked') expect([blocked, notRun]).toEqual([1, 0]);
      if (outcome === 'partial') expect([blocked, notRun]).toEqual([0, 1]);
    }
    expect(Object.keys(seen).sort()).toEqual(['SHOP-11', 'SHOP-3', 'SHOP-4', 'SHOP-6', 'SHOP-7', 'SHOP-9']);
  });
});
