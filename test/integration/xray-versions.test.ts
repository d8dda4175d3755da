/**
 * The version, cycle and environment of Xray runs against the simulator's demo tenant: the fix version of each run's
 * Test Execution (read with the runs, no request more), its key and its test environments; a fix version the app
 * cannot read; the Test Plans the demo holds; and the demo release the other tools share
 * (local/demo/xray/generate.ts).
 */
import { createXrayConnector } from '../../src/connectors/xray';
import type { Connector, FetchLike } from '../../src/connectors/types';
import type { TestRun } from '../../src/domain/model';
import { DEMO_ANCHOR, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, RELEASE_STORY } from '../../local/demo/xray/generate';
import { fixVersionOf, STORY_OUTCOMES } from '../../local/demo/qtest/release-plan';
import { startXraySimulator } from '../../local/simulators/xray/harness';
import { readAllRuns, resetSimulator, testTransport, useSimulator, xrayDemoToken } from '../support/connectors';

const clock = DEMO_ANCHOR;
const running = useSimulator(() => startXraySimulator({ seed: 'demo', now: () => clock }));
let snapshot: ReturnType<typeof running.sim.snapshot>;
beforeAll(() => {
  snapshot = running.sim.snapshot();
});
beforeEach(() => {
  resetSimulator(running);
  running.sim.restore(snapshot);
});

const connector = (fetch: FetchLike = running.fetch): Connector =>
  createXrayConnector({ clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, ...testTransport(fetch, () => clock) });
const tenant = () => running.sim.state.tenant('demo');
const QA = '10002';

describe('Xray runs: version, cycle and environment', () => {
  it("reads each run's version from its Test Execution's fix versions, in the same requests as before", async () => {
    const ops: string[] = [];
    const recording: FetchLike = (url, init) => {
      ops.push(url.endsWith('/authenticate') ? 'authenticate' : ((JSON.parse(init?.body ?? '{}') as { operationName?: string }).operationName ?? '?'));
      return running.fetch(url, init);
    };
    const { items } = await readAllRuns(connector(recording), QA);
    expect(items.filter((r) => r.cycle === 'QA-39').every((r) => r.version === '3.2' && r.environment === 'production')).toBe(true);
    // Authenticate, the project's Test Executions, and the runs of its executions, 100 a page.
    const runs = tenant().runs.filter((r) => r.execIssueId !== null).length;
    expect(runs).toBeGreaterThan(100);
    expect(ops).toEqual(['authenticate', 'XrayTestExecutionIds', ...Array(Math.ceil(runs / 100)).fill('XrayTestRuns')]);
  });

  it('counts a run of an execution with several fix versions in the first Jira lists', async () => {
    const exec = running.sim.state.addExecution('demo', { projectId: QA, summary: 'Hotfix check', environments: ['staging'], fixVersions: ['3.2', '3.1'] });
    const run = running.sim.state.addRun('demo', { test: 'QA-5', execution: exec.key, status: 'PASSED' });
    const { items } = await readAllRuns(connector(), QA);
    expect(items.find((r) => r.externalId === run.id)).toMatchObject({ version: '3.2', cycle: exec.key, environment: 'staging' });
  });

  it('reads a run whose fix versions it cannot read without a version, and names the field', async () => {
    // Xray answers the Test Execution's fixVersions as something other than Jira's list of versions.
    const odd: FetchLike = async (url, init) => {
      const res = await running.fetch(url, init);
      if (!url.endsWith('/graphql') || !(init?.body ?? '').includes('XrayTestRuns')) return res;
      const body = JSON.parse(await res.text()) as { data: { getTestRuns: { results: Array<{ testExecution?: { jira?: Record<string, unknown> } }> } } };
      const results = body.data.getTestRuns.results;
      results[0].testExecution!.jira!.fixVersions = '3.2';
      results[1].testExecution!.jira!.fixVersions = [{ id: '10101' }];
      const text = JSON.stringify(body);
      return { ...res, text: async () => text };
    };
    const page = await connector(odd).readRuns(QA, {});
    const plain = await connector().readRuns(QA, {});
    expect(page.items.map((r) => r.externalId)).toEqual(plain.items.map((r) => r.externalId));
    expect(page.items[0].version).toBeUndefined();
    expect(page.items[1].version).toBeUndefined();
    expect(page.items[2].version).toBe(plain.items[2].version);
    expect(page.unreadable).toEqual([
      {
        externalId: plain.items[0].externalId,
        displayId: plain.items[0].cycle,
        endpoint: 'POST /api/v2/graphql (XrayTestRuns)',
        field: 'getTestRuns.results[0].testExecution.jira.fixVersions',
        message: 'is not a list of versions (string): the run is read without its version',
      },
      {
        externalId: plain.items[1].externalId,
        displayId: plain.items[1].cycle,
        endpoint: 'POST /api/v2/graphql (XrayTestRuns)',
        field: 'getTestRuns.results[1].testExecution.jira.fixVersions[0].name',
        message: 'is missing or not a text: the run is read without its version',
      },
    ]);
  });

  it("serves the demo's Test Plans with their fix version and executions, as Xray's schema types them", async () => {
    const token = await xrayDemoToken(running.fetch);
    const res = await running.fetch('https://xray.cloud.getxray.app/api/v2/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `{ getTestPlans(projectId: "${QA}", limit: 10) { total results { jira(fields: ["key", "fixVersions"]) testExecutions(limit: 10) { results { jira(fields: ["key"]) testEnvironments } } } } }`,
      }),
    });
    expect(res.status).toBe(200);
    const body = JSON.parse(await res.text()) as {
      data: { getTestPlans: { total: number; results: Array<{ jira: { key: string; fixVersions: Array<{ name: string; released: boolean }> }; testExecutions: { results: Array<{ jira: { key: string }; testEnvironments: string[] }> } }> } };
    };
    const plans = body.data.getTestPlans.results.map((p) => ({
      key: p.jira.key,
      versions: p.jira.fixVersions.map((v) => `${v.name}${v.released ? ' (released)' : ''}`),
      executions: p.testExecutions.results.map((e) => `${e.jira.key} ${e.testEnvironments.join(',')}`),
    }));
    expect(plans).toEqual([
      { key: 'QA-40', versions: ['3.1 (released)'], executions: ['QA-31 staging', 'QA-32 production'] },
      { key: 'QA-41', versions: ['3.2'], executions: ['QA-33 staging', 'QA-38 staging', 'QA-39 production'] },
    ]);
  });
});

describe('the demo release in Xray', () => {
  it(`${RELEASE_STORY}: every covering test passed in 3.1 and 3.2, in staging and in production`, async () => {
    const { items } = await readAllRuns(connector(), QA);
    const covering = tenant().tests.filter((t) => t.covers.some((c) => c.key === RELEASE_STORY));
    expect(covering.map((t) => t.key)).toEqual(['QA-1', 'QA-2', 'QA-23', 'QA-27']);
    for (const t of covering) {
      const mine = items.filter((r) => r.testCaseExternalId === t.issueId);
      const contexts = new Map<string, TestRun>();
      for (const r of [...mine].sort((a, b) => (a.executedAt ?? '').localeCompare(b.executedAt ?? ''))) {
        if (r.version && r.environment) contexts.set(`${r.version}/${r.environment}`, r);
      }
      expect([...contexts.keys()].sort()).toEqual(['3.1/production', '3.1/staging', '3.2/production', '3.2/staging']);
      expect(mine.every((r) => r.status === 'PASSED')).toBe(true);
    }
    // 3.1 was tested before its release on 2026-10-15, 3.2 after it.
    const released = Date.parse('2026-10-15T00:00:00Z');
    expect(items.filter((r) => r.version === '3.1').every((r) => Date.parse(r.executedAt!) < released)).toBe(true);
    expect(items.filter((r) => r.version === '3.2').every((r) => Date.parse(r.executedAt!) > released)).toBe(true);
  });

  it('keeps the variety of the other stories: failed, aborted and not-run tests in both versions', async () => {
    const { items } = await readAllRuns(connector(), QA);
    for (const version of ['3.1', '3.2']) {
      const statuses = new Set(items.filter((r) => r.version === version).map((r) => r.status));
      for (const s of ['PASSED', 'FAILED', 'TODO']) expect({ version, has: s, in: statuses.has(s) }).toEqual({ version, has: s, in: true });
    }
  });
});

describe('the other stories of the demo release in Xray', () => {
  it('reads PASS, BLOCKED (ABORTED) or PARTIAL in their fix version as the release plan says', async () => {
    const { items } = await readAllRuns(connector(), QA);
    const outcomes: Record<string, string> = {};
    for (const [story, outcome] of Object.entries(STORY_OUTCOMES)) {
      const version = fixVersionOf(story);
      const covering = tenant().tests.filter((t) => t.covers.some((c) => c.key === story) && !t.covers.some((c) => c.key === RELEASE_STORY));
      const results = covering.map((t) => {
        const mine = items.filter((r) => r.testCaseExternalId === t.issueId && r.version === version);
        return [...new Set(mine.map((r) => r.status))].join('+');
      });
      outcomes[story] = `${outcome}: ${results.sort().join(', ')}`;
      for (const r of results) expect({ story, r, ok: ['PASSED', 'ABORTED', 'TODO'].includes(r) }).toEqual({ story, r, ok: true });
      const count = (s: string) => results.filter((r) => r === s).length;
      if (outcome === 'pass') expect([count('ABORTED'), count('TODO')]).toEqual([0, 0]);
      if (outcome === 'blocked') expect([count('ABORTED'), count('TODO')]).toEqual([1, 0]);
      if (outcome === 'partial') expect([count('ABORTED'), count('TODO')]).toEqual([0, 1]);
    }
    expect(Object.keys(outcomes).sort()).toEqual(['SHOP-11', 'SHOP-3', 'SHOP-4', 'SHOP-6', 'SHOP-7', 'SHOP-9']);
  });
});
