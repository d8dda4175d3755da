/**
 * The issue panel's backend: what a tester sees on a story and on a synced test, read from what the sync
 * stored, with Jira's permissions applied.
 */
import { startTestApp, type TestApp } from '../support/local-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.close());

describe('issue panel', () => {
  it('says the app is set up but nothing covers the issue before any sync', async () => {
    expect(await app.panel('SHOP-1')).toEqual({ kind: 'empty', issueKey: 'SHOP-1' });
  });

  it('lists the covering tests of a story with their latest status and a coverage summary', async () => {
    await app.server.fireTrigger('sync-scheduler');
    const view = await app.panel('SHOP-1');
    expect(view.kind).toBe('requirement');
    expect(view.tests).toHaveLength(14);
    expect(view.coverage.total).toBe(14);
    expect(view.coverage.how).toContain('latest result');
    for (const t of view.tests) {
      expect(t).toMatchObject({ tool: 'qtest', issueKey: expect.stringMatching(/^SHOP-\d+$/), url: expect.stringMatching(/^https:\/\/demo\.qtestnet\.com\//) });
      expect(['PASS', 'FAIL', 'BLOCKED', 'SKIP', 'NOT_RUN', 'IN_PROGRESS']).toContain(t.status);
    }
    const byStatus = view.tests.reduce((acc: Record<string, number>, t: any) => ({ ...acc, [t.status]: (acc[t.status] ?? 0) + 1 }), {});
    for (const [status, n] of Object.entries(byStatus)) expect(view.coverage.byStatus[status]).toBe(n);
  });

  it('shows a synced test with its steps, run history and the stories it covers', async () => {
    const story = await app.panel('SHOP-1');
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
});
