/**
 * The first slice end to end: the scheduled trigger brings the demo qTest test cases into Jira as issues,
 * exactly one per case, with their results, links and coverage; a second sync changes nothing.
 */
import { startTestApp, DEMO_ACTIVE_CASES, type TestApp } from '../support/local-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.close());

const TESTS_JQL = 'project = SHOP AND issuetype = Test';

describe('sync from qTest into Jira', () => {
  let firstUpdated: Map<string, string>;

  it('creates exactly one Jira issue per demo qTest test case on the first trigger', async () => {
    const summary = await app.server.fireTrigger('sync-scheduler');
    expect(summary.error).toBeUndefined();
    expect(summary.events.failed).toBe(0);

    const issues = await app.search(TESTS_JQL, ['summary', 'updated', 'labels'], ['testsync']);
    expect(issues).toHaveLength(DEMO_ACTIVE_CASES);
    const sourceKeys = issues.map((i) => i.properties.testsync.sourceKey);
    expect(new Set(sourceKeys).size).toBe(DEMO_ACTIVE_CASES);
    expect(issues[0].fields.labels).toEqual(expect.arrayContaining(['testsync', 'qtest']));
    firstUpdated = new Map(issues.map((i) => [i.key, i.fields.updated]));

    const history = await app.admin('getOverview');
    expect(history.history[0]).toMatchObject({ state: 'succeeded', trigger: 'schedule', counts: { created: DEMO_ACTIVE_CASES, failed: 0 } });
  });

  it('writes a description with the steps table and a remote link back to qTest', async () => {
    const [one] = await app.search(`${TESTS_JQL} ORDER BY key ASC`, ['summary', 'description'], ['testsync']);
    const adf = JSON.stringify(one.fields.description);
    expect(adf).toContain('"type":"table"');
    expect(adf).toContain('Expected result');
    const links = await app.jiraApi('GET', `/rest/api/3/issue/${one.key}/remotelink`);
    expect(links.body).toEqual([expect.objectContaining({ object: expect.objectContaining({ url: one.properties.testsync.url }) })]);
    expect(one.properties.testsync.url).toMatch(/^https:\/\/demo\.qtestnet\.com\//);
  });

  it('stores the latest canonical result so JQL finds failing tests by the indexed alias', async () => {
    const failing = await app.search(`testsyncStatus = FAIL AND ${TESTS_JQL}`, ['summary'], ['testsync']);
    expect(failing.length).toBeGreaterThan(0);
    for (const issue of failing) expect(issue.properties.testsync.status).toBe('FAIL');
    const all = await app.search(TESTS_JQL, ['summary'], ['testsync']);
    const withRuns = all.filter((i) => i.properties.testsync.history.length > 0);
    expect(withRuns.length).toBeGreaterThan(DEMO_ACTIVE_CASES * 0.9);
  });

  it('links tests to the stories they cover and computes coverage on each story', async () => {
    const story = await app.jiraApi('GET', '/rest/api/3/issue/SHOP-1?fields=issuelinks&properties=testsync-coverage');
    const links = story.body.fields.issuelinks;
    // SHOP-1 is covered by 9 cases of Web Storefront and 5 of Mobile App in the demo.
    expect(links).toHaveLength(14);
    expect(links.every((l: any) => l.type.name === 'Test' && l.inwardIssue)).toBe(true);
    const coverage = story.body.properties['testsync-coverage'];
    expect(coverage.total).toBe(14);
    const counted = Object.values(coverage.byStatus as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(counted).toBe(14);
    const storiesWithFailures = await app.search('project = SHOP AND testsyncFailingTests > 0', ['summary']);
    expect(storiesWithFailures.length).toBeGreaterThan(0);
  });

  it('sends Jira nothing its API would reject', async () => {
    const { body } = await app.jiraApi('GET', '/__sim/violations');
    expect(body).toEqual(expect.objectContaining({ violations: [] }));
  });

  it('creates and edits nothing when the trigger or Sync now runs again with nothing changed', async () => {
    const again = await app.server.fireTrigger('sync-scheduler');
    expect(again.events.failed).toBe(0);
    const scheduled = (await app.admin('getOverview')).history[0];
    expect(scheduled).toMatchObject({ trigger: 'schedule', state: 'succeeded', counts: { created: 0, updated: 0, linked: 0, failed: 0 } });
    // Incremental: only the cases at the checkpoint's boundary are read again, not all of them.
    expect(scheduled.counts.unchanged).toBeLessThan(10);
    const run = await app.admin('syncNow', { connectionId: 'qtest-demo' });
    expect(run.state).toBe('queued');
    await app.server.runtime.drain();
    const overview = await app.admin('getOverview');
    expect(overview.history[0]).toMatchObject({ runId: run.runId, state: 'succeeded', counts: { created: 0, updated: 0, linked: 0, failed: 0 } });

    const issues = await app.search(TESTS_JQL, ['updated']);
    expect(issues).toHaveLength(DEMO_ACTIVE_CASES);
    for (const issue of issues) expect(issue.fields.updated).toBe(firstUpdated.get(issue.key));
  });

  it('updates only the changed case when a test case changes in qTest', async () => {
    const first = app.qtest.state.site('demo')!.cases.find((c) => c.projectId === 101)!;
    const tc = app.qtest.state.modifyTestCase('demo', 101, first.id, { name: 'Renamed in qTest' });
    await app.admin('syncNow', { connectionId: 'qtest-demo' });
    await app.server.runtime.drain();
    const overview = await app.admin('getOverview');
    expect(overview.history[0].counts).toMatchObject({ created: 0, updated: 1, failed: 0 });
    const renamed = await app.search('project = SHOP AND summary ~ "Renamed"', ['summary']);
    expect(renamed).toHaveLength(1);
    expect(renamed[0].fields.summary).toBe(`${tc.pid}: Renamed in qTest`);
  });
});

