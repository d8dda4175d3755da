/**
 * The issue panel's backend: what a tester sees on a story and on a synced test, read from what the sync
 * stored, with Jira's permissions applied; pages of a story with hundreds of tests with true counts; how current
 * the results are when a connection's last sync failed.
 */
import { startTestApp, type TestApp } from '../support/local-app';
import { BIG_STORY, panelCall, startSeededApp } from '../browser/panel-fixtures';

const ORDER = ['FAIL', 'BLOCKED', 'IN_PROGRESS', 'NOT_RUN', 'SKIP', 'PASS'];

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.close());

describe('issue panel', () => {
  it('says no sync has run yet before the first sync, naming the connections', async () => {
    expect(await app.panel('SHOP-1')).toEqual({
      kind: 'never-synced',
      issueKey: 'SHOP-1',
      connections: [{ name: 'qTest (demo)', tool: 'qtest' }],
      sync: { failed: [], running: false },
    });
  });

  it('lists the covering tests of a story with their latest status and a coverage summary', async () => {
    await app.server.fireTrigger('sync-scheduler');
    const view = await app.panel('SHOP-1', 'getPanel', 'demo-tester', { filter: {} });
    expect(view.kind).toBe('requirement');
    expect(view.tests).toHaveLength(14);
    expect(view.coverage.total).toBe(14);
    expect(view.coverage.how).toContain('latest result');
    expect(view.coverage.how).not.toMatch(/NOT_RUN|canonical/);
    expect(view.page).toMatchObject({ total: 14, offset: 0 });
    expect(view.page.nextOffset).toBeUndefined();
    expect(view.sync).toMatchObject({ failed: [], running: false, lastSyncedAt: expect.any(String) });
    const ranks = view.tests.map((t: any) => ORDER.indexOf(t.status));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(view.facets.tools).toEqual([{ tool: 'qtest', count: 14 }]);
    for (const t of view.tests) {
      expect(t).toMatchObject({ tool: 'qtest', issueKey: expect.stringMatching(/^SHOP-\d+$/), url: expect.stringMatching(/^https:\/\/demo\.qtestnet\.com\//) });
      expect(['PASS', 'FAIL', 'BLOCKED', 'SKIP', 'NOT_RUN', 'IN_PROGRESS']).toContain(t.status);
    }
    const byStatus = view.tests.reduce((acc: Record<string, number>, t: any) => ({ ...acc, [t.status]: (acc[t.status] ?? 0) + 1 }), {});
    for (const [status, n] of Object.entries(byStatus)) expect(view.coverage.byStatus[status]).toBe(n);
  });

  it('opens a story in its fix version: every test by its result there, counted the same way as its readiness', async () => {
    const view = await app.panel('SHOP-1');
    expect(view.fixVersions).toEqual(['3.2']);
    expect(view.filter).toEqual({ version: '3.2' });
    expect(view.facets.versions.map((v: any) => v.name)).toContain('3.2');
    const byStatus = view.tests.reduce((acc: Record<string, number>, t: any) => ({ ...acc, [t.status]: (acc[t.status] ?? 0) + 1 }), {});
    for (const [status, n] of Object.entries(byStatus)) expect(view.page.readiness.byStatus[status]).toBe(n);
    expect(view.page.readiness).toMatchObject({ version: '3.2', total: view.coverage.total });
    expect(['UNCOVERED', 'FAIL', 'BLOCKED', 'NOTRUN', 'PARTIAL', 'PASS']).toContain(view.page.readiness.status);
    // Latest results, asked for explicitly, are the same tests counted by their latest run.
    const latest = await app.panel('SHOP-1', 'getPanel', 'demo-tester', { filter: {} });
    expect(latest.filter).toEqual({});
    expect(latest.page.total).toBe(view.page.total);
  });

  it('shows a synced test with its steps, run history and the stories it covers', async () => {
    const story = await app.panel('SHOP-1', 'getPanel', 'demo-tester', { filter: {} });
    const view = await app.panel(story.tests[0].issueKey);
    expect(view.kind).toBe('test');
    expect(view.steps.length).toBeGreaterThanOrEqual(2);
    expect(view.steps[0]).toMatchObject({ index: 1, action: expect.any(String), expected: expect.any(String) });
    expect(view.runs.length).toBeGreaterThan(0);
    expect(view.covers).toContain('SHOP-1');
    expect(view.test.status).toBe(story.tests[0].status);
  });

  it('marks a test flaky when its results flip', async () => {
    const flaky = await app.search('project = SHOP AND issuetype = Test', ['summary'], ['testsync']);
    const withFlips = flaky.filter((i) => i.properties.testsync.flaky);
    expect(withFlips.length).toBeGreaterThan(0);
    const view = await app.panel(withFlips[0].key);
    expect(view.flaky).toBe(true);
  });

  it('shows nothing of an issue to a user who cannot browse it', async () => {
    const answer = await app.panel('SHOP-1', 'getPanel', 'demo-outsider');
    expect(answer).toEqual({ error: { code: 'NOT_FOUND', message: 'This issue does not exist or you do not have permission to see it.' } });
  });

  it('refreshes one test from qTest without a full sync', async () => {
    const story = await app.panel('SHOP-1');
    const key = story.tests[0].issueKey;
    const [issue] = await app.search(`key = ${key}`, ['summary'], ['testsync']);
    const { projectId, externalId } = issue.properties.testsync;
    app.qtest.state.modifyTestCase('demo', Number(projectId), Number(externalId), { name: 'Refreshed from the panel' });
    const refreshed = await app.panel(key, 'refresh');
    expect(refreshed.kind).toBe('test');
    expect(refreshed.test.name).toBe('Refreshed from the panel');
  });

  it('shows a story no test covers as not covered once a sync has run', async () => {
    expect(await app.panel('SHOP-12')).toMatchObject({ kind: 'empty', issueKey: 'SHOP-12', sync: { failed: [] } });
  });

  it('refuses a second refresh of the same issue within 30 seconds, and more than 10 refreshes a minute per user', async () => {
    const story = await app.panel('SHOP-1');
    const key = story.tests[1].issueKey;
    expect((await app.panel(key, 'refresh')).kind).toBe('test');
    expect(await app.panel(key, 'refresh')).toEqual({ error: { code: 'CONFLICT', message: expect.stringMatching(/refreshed less than 30 seconds ago/) } });
    const answers = [];
    for (const t of story.tests.slice(2, 13)) answers.push(await app.panel(t.issueKey, 'refresh', 'demo-admin'));
    expect(answers.slice(0, 10).every((a: any) => a.kind === 'test')).toBe(true);
    expect(answers[10]).toEqual({ error: { code: 'CONFLICT', message: expect.stringMatching(/refreshed 10 issues in the last minute/) } });
  });

  it('believes no property a user wrote: a forged test on a story shows as nothing, and forged coverage is not counted', async () => {
    const before = await app.panel('SHOP-1');
    // demo-tester may edit SHOP issues, so may write the app's property keys on them.
    const asTester = (path: string, body: unknown) =>
      fetch(`${app.server.url}/jira/rest/api/3${path}`, { method: 'PUT', headers: { 'x-sim-principal': 'user:demo-tester', 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await asTester('/issue/SHOP-2/properties/testsync', { sourceKey: 'qtest:qtest-demo:101:1', tool: 'qtest', covers: ['SHOP-1'], status: 'FAIL', url: 'https://phish.example.com' })).status).toBeLessThan(300);
    expect((await asTester('/issue/SHOP-1/properties/testsync-coverage', { total: 1, tests: [{ issueKey: 'SHOP-2', status: 'FAIL', url: 'https://phish.example.com' }] })).status).toBeLessThan(300);
    const story = await app.panel('SHOP-2');
    expect(story.kind).not.toBe('test');
    const after = await app.panel('SHOP-1');
    expect(after.tests).toEqual(before.tests);
    expect(JSON.stringify(after)).not.toContain('phish');
  });

  it('says the last sync of a connection failed, when results were last updated and what a tester can do', async () => {
    const before = await app.panel('SHOP-1');
    app.qtest.state.revokeToken('demo', 'qtest-demo-token');
    await app.server.fireTrigger('sync-scheduler');
    const view = await app.panel('SHOP-1');
    expect(view.kind).toBe('requirement');
    expect(view.tests).toEqual(before.tests);
    expect(view.sync.failed).toEqual([
      { connection: 'qTest (demo)', tool: 'qtest', failedAt: expect.any(String), lastSucceededAt: before.sync.lastSyncedAt, action: expect.stringMatching(/^Ask a Jira admin to reconnect qTest \(demo\)/) },
    ]);
    expect((await app.panel('SHOP-12')).sync.failed).toHaveLength(1);
    // A refresh of a test now needs an admin: it says so, with no code a tester would have to decode.
    const answer = await app.panel(view.tests[13].issueKey, 'refresh');
    expect(answer.error.code).toBe('RECONNECT');
    expect(answer.error.message).toMatch(/Ask a Jira admin to reconnect qTest \(demo\)/);
  });
});

describe('a story with 520 tests', () => {
  let big: TestApp;
  beforeAll(async () => {
    big = await startSeededApp();
  });
  afterAll(async () => big?.close());

  it('counts all 520 and answers them a page at a time, failing first, until every test was seen once', async () => {
    const view = await panelCall(big, BIG_STORY.issueKey, 'getPanel', { limit: 20 });
    expect(view.kind).toBe('requirement');
    expect(view.coverage.total).toBe(BIG_STORY.tests);
    expect(view.coverage.byStatus.FAIL).toBe(BIG_STORY.failing);
    expect(view.page).toMatchObject({ total: BIG_STORY.tests, nextOffset: 20 });
    expect(view.tests).toHaveLength(20);
    expect(view.tests.slice(0, BIG_STORY.failing).every((t: any) => t.status === 'FAIL')).toBe(true);
    expect(JSON.stringify(view).length).toBeLessThan(20_000);

    const seen = view.tests.map((t: any) => t.issueKey);
    let next = view.page.nextOffset;
    while (next !== undefined) {
      const page = await panelCall(big, BIG_STORY.issueKey, 'getTests', { offset: next, limit: 100 });
      expect(page.total).toBe(BIG_STORY.tests);
      seen.push(...page.tests.map((t: any) => t.issueKey));
      next = page.nextOffset;
    }
    expect(seen).toHaveLength(BIG_STORY.tests);
    expect(new Set(seen).size).toBe(BIG_STORY.tests);
  });

  it('filters by status, tool, cycle and environment with the filtered totals', async () => {
    const failing = await panelCall(big, BIG_STORY.issueKey, 'getTests', { filter: { status: 'FAIL' } });
    expect(failing).toMatchObject({ total: BIG_STORY.failing, offset: 0 });
    expect(failing.tests.map((t: any) => t.status)).toEqual(Array(BIG_STORY.failing).fill('FAIL'));
    const inRelease = await panelCall(big, BIG_STORY.issueKey, 'getTests', { filter: { cycle: 'Release 3.1', environment: 'staging' } });
    expect(inRelease.total).toBe(BIG_STORY.tests);
    expect(inRelease.tests[0]).toMatchObject({ cycle: 'Release 3.1', environment: 'staging', status: 'FAIL' });
    expect((await panelCall(big, BIG_STORY.issueKey, 'getTests', { filter: { tool: 'xray' } })).total).toBe(0);
    expect((await panelCall(big, BIG_STORY.issueKey, 'getPanel')).tests).toHaveLength(50);
    const view = await panelCall(big, BIG_STORY.issueKey, 'getPanel');
    expect(view.facets.cycles).toContainEqual({ name: 'Release 3.1', count: BIG_STORY.tests });
    expect(view.facets.environments).toContainEqual({ name: 'staging', count: BIG_STORY.tests });
    // A filter the story does not have answers an empty page, not an error; a bad one is refused.
    expect(await panelCall(big, BIG_STORY.issueKey, 'getTests', { filter: { cycle: 'Sprint 1' } })).toMatchObject({ total: 0, tests: [] });
    expect((await panelCall(big, BIG_STORY.issueKey, 'getTests', { filter: { status: 'BROKEN' } })).error.code).toBe('INVALID_INPUT');
  });

  it('keeps the rows the viewer had loaded on a refresh, with the filter they had', async () => {
    const view = await panelCall(big, BIG_STORY.issueKey, 'refresh', { filter: { status: 'PASS' }, limit: 60 });
    expect(view.kind).toBe('requirement');
    expect(view.filter).toEqual({ status: 'PASS' });
    expect(view.tests).toHaveLength(60);
    expect(view.page).toMatchObject({ total: BIG_STORY.tests - BIG_STORY.failing, nextOffset: 60 });
    expect(view.coverage.total).toBe(BIG_STORY.tests);
  });
});
