/**
 * The release (version), cycle and platform (environment) of QMetry runs against the simulator's demo site: named by
 * each suite run, else looked up in the scope tree; a scope tree that cannot be read; and the demo release the other
 * tools share (local/demo/qmetry/generate.ts).
 */
import { createQmetryConnector } from '../../src/connectors/qmetry';
import type { Connector, FetchLike } from '../../src/connectors/types';
import type { TestRun } from '../../src/domain/model';
import { DEMO_API_KEY, DEMO_PROJECT_KEY, RELEASE_STORY } from '../../local/demo/qmetry/generate';
import { fixVersionOf, STORY_OUTCOMES } from '../../local/demo/qtest/release-plan';
import { startQmetrySimulator } from '../../local/simulators/qmetry/harness';
import { readAllRuns, resetSimulator, testTransport, useSimulator } from '../support/connectors';

const clock = Date.parse('2025-06-10T09:00:00.000Z');
const running = useSimulator(() => startQmetrySimulator({ seed: 'demo', now: () => clock }));
beforeEach(() => resetSimulator(running));

const connector = (fetch: FetchLike = running.fetch): Connector =>
  createQmetryConnector({
    baseUrl: 'https://demo.qmetry.com',
    apiKey: DEMO_API_KEY,
    projectKey: DEMO_PROJECT_KEY,
    ...testTransport(fetch, () => clock),
    budget: { limit: 10_000, windowMs: 1000 },
  });
const runs = async (fetch?: FetchLike) => (await readAllRuns(connector(fetch), DEMO_PROJECT_KEY)).items;
const host = () => running.sim.state.host('demo')!;
const context = (r: TestRun) => `${r.version ?? '-'}/${r.cycle ?? '-'}/${r.environment ?? '-'}`;

/** The site as one whose suite runs name their release and cycle by id only (`releaseID`, `buildID`). */
const idsOnly: FetchLike = async (url, init) => {
  const res = await running.fetch(url, init);
  if (!url.endsWith('/rest/execution/list/platformHome')) return res;
  const body = JSON.parse(await res.text()) as { data: Array<Record<string, unknown>> };
  for (const row of body.data) {
    delete row.releaseName;
    delete row.cycleName;
  }
  const text = JSON.stringify(body);
  return { ...res, text: async () => text };
};

describe('QMetry runs: release, cycle and platform', () => {
  it('looks the release and cycle up in the scope tree when a suite run names them by id only, once per read', async () => {
    const named = await runs();
    const asked: string[] = [];
    const byIds = await runs(async (url, init) => {
      asked.push(new URL(url).pathname);
      return idsOnly(url, init);
    });
    expect(byIds.map(context)).toEqual(named.map(context));
    expect(new Set(byIds.map((r) => r.version))).toEqual(new Set(['3.1', '3.2', undefined]));
    expect(asked.filter((p) => p === '/rest/admin/scope/tree')).toHaveLength(1);
  });

  it('reads the runs without their release, and says so, when the scope tree cannot be read', async () => {
    running.sim.faults.set({ serverError: { count: 100, status: 503, path: '/rest/admin/scope/tree' } });
    const page = await connector(idsOnly).readRuns(DEMO_PROJECT_KEY, {});
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((r) => r.version === undefined && r.environment !== undefined)).toBe(true);
    // Without the tree, a cycle the row does not name is the suite's name.
    const suites = new Set(host().suites.map((s) => s.name));
    expect(page.items.every((r) => suites.has(r.cycle!))).toBe(true);
    expect(page.unreadable).toEqual([
      expect.objectContaining({
        endpoint: 'POST /rest/admin/scope/tree',
        field: '(answer)',
        message: expect.stringMatching(/^could not be read \(QMetry failed with HTTP 503 .*\), so runs are read without their release/),
      }),
    ]);
  });
});

describe('the demo release in QMetry', () => {
  it(`${RELEASE_STORY}: every covering test passed in 3.1 and 3.2, in staging and in production`, async () => {
    const read = await runs();
    const story = host().requirements.find((r) => r.entityKey === RELEASE_STORY)!;
    const covering = host().testCases.filter((c) => c.requirementIds.includes(story.id));
    expect(covering.length).toBeGreaterThan(0);
    for (const c of covering) {
      const mine = read.filter((r) => r.testCaseExternalId === String(c.id));
      const contexts = new Set(mine.filter((r) => r.version).map((r) => `${r.version}/${r.environment}`));
      expect({ case: c.entityKey, contexts: [...contexts].sort() }).toEqual({
        case: c.entityKey,
        contexts: ['3.1/production', '3.1/staging', '3.2/production', '3.2/staging'],
      });
      expect(mine.every((r) => r.status === 'Pass')).toBe(true);
    }
  });

  it('keeps the variety of the other stories: failed, blocked and not-run tests in both releases', async () => {
    const read = await runs();
    for (const version of ['3.1', '3.2']) {
      const statuses = new Set(read.filter((r) => r.version === version).map((r) => r.status));
      for (const s of ['Pass', 'Fail', 'Blocked']) expect({ version, has: s, in: statuses.has(s) }).toEqual({ version, has: s, in: true });
    }
    expect(read.some((r) => r.version === '3.2' && r.status === 'Not Run')).toBe(true);
  });
});

describe('the other stories of the demo release in QMetry', () => {
  it('reads PASS, BLOCKED or PARTIAL in their fix version as the release plan says', async () => {
    const read = await runs();
    const outcomes: Record<string, string> = {};
    for (const [story, outcome] of Object.entries(STORY_OUTCOMES)) {
      const version = fixVersionOf(story);
      const req = host().requirements.find((r) => r.entityKey === story)!;
      const covering = host().testCases.filter((c) => c.requirementIds.includes(req.id));
      const results = covering.map((c) => {
        const mine = read.filter((r) => r.testCaseExternalId === String(c.id) && r.version === version);
        return [...new Set(mine.map((r) => r.status))].join('+');
      });
      outcomes[story] = `${outcome}: ${results.sort().join(', ')}`;
      for (const r of results) expect({ story, r, ok: ['Pass', 'Blocked', 'Not Run'].includes(r) }).toEqual({ story, r, ok: true });
      const count = (s: string) => results.filter((r) => r === s).length;
      if (outcome === 'pass') expect([count('Blocked'), count('Not Run')]).toEqual([0, 0]);
      if (outcome !== 'pass') expect(count('Blocked') + count('Not Run')).toBeLessThanOrEqual(1);
      if (outcome === 'blocked') expect(count('Not Run')).toBe(0);
      if (outcome === 'partial') expect(count('Blocked')).toBe(0);
    }
    expect(Object.keys(outcomes).sort()).toEqual(['SHOP-11', 'SHOP-3', 'SHOP-4', 'SHOP-6', 'SHOP-7', 'SHOP-9']);
  });
});
