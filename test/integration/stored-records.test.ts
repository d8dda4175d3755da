/**
 * Stored records on the local runtime, as an upgrade finds them: one item record damaged, and a dirty marker of
 * an earlier release (one test a marker, version 1 of today's version-2 kind). The sync goes on, says which record
 * and which field, never creates a second issue for the damaged test, and the next sync converges.
 */
import { startTestApp, DEMO_ACTIVE_CASES, type TestApp } from '../support/local-app';

const TESTS_JQL = 'project = SHOP AND issuetype = Test';
const SITE = 'demo';

interface StoredItem {
  issueId: string;
  issueKey: string;
  propertyHash: string;
  property: { sourceKey: string; displayId: string; status: string; covers: string[] };
}

describe('a sync over storage holding a damaged record and a record of an earlier release', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    await app.server.fireTrigger('sync-scheduler');
  });
  afterAll(() => app.close());

  const stored = <T>(key: string) => app.server.runtime.kvs.get('values', key)?.value as T | undefined;
  const store = (key: string, value: unknown) => app.server.runtime.kvs.set('values', key, value);
  const latestRun = async () => (await app.admin('getOverview')).history.find((r: { connectionId: string }) => r.connectionId === 'qtest-demo');
  const issuesOf = async (sourceKey: string) =>
    (await app.search(TESTS_JQL, ['summary'], ['testsync'])).filter((i) => i.properties?.testsync?.sourceKey === sourceKey);

  it('completes, warns about the damaged record, creates no duplicate issue, and converges on the next sync', async () => {
    // A test covering SHOP-1 gets a new result in qTest; the app's record of it is damaged.
    const site = app.qtest.state.site(SITE)!;
    const itemOf = (caseId: number) => stored<StoredItem>(`item:qtest:qtest-demo:101:${caseId}`);
    const run = site.runs.find((r) => r.projectId === 101 && itemOf(r.testCaseId)?.property.covers.includes('SHOP-1'))!;
    const damagedKey = `item:qtest:qtest-demo:101:${run.testCaseId}`;
    const damaged = itemOf(run.testCaseId)!;
    store(damagedKey, { ...damaged, property: { ...damaged.property, status: 'GREEN' } });
    app.qtest.state.addLog(SITE, run.id, 'Failed');

    // Another test's latest result was stored by an earlier release, marked the way it marked tests, and not yet
    // written to Jira, which still shows an older one.
    const other = site.cases.map((c) => itemOf(c.id)).find((i) => i && i.issueId !== damaged.issueId && i.property.status !== 'BLOCKED')!;
    const written = (await app.jiraApi('GET', `/rest/api/3/issue/${other.issueId}/properties/testsync`)).body.value;
    expect((await app.jiraApi('PUT', `/rest/api/3/issue/${other.issueId}/properties/testsync`, { ...written, status: 'BLOCKED' })).status).toBeLessThan(300);
    store(`item:${other.property.sourceKey}`, { ...other, propertyHash: 'written-by-an-earlier-release' });
    store('dirty:qtest-demo:000000001-earlier-release', { sourceKey: other.property.sourceKey });

    await app.server.fireTrigger('sync-scheduler');
    const first = await latestRun();
    expect(first).toMatchObject({ state: 'succeeded', counts: { created: 0, failed: 0 } });
    const aside = first.warnings.filter((w: string) => w.startsWith('Stored record'));
    expect(aside).toEqual([
      expect.stringMatching(
        new RegExp(`^Stored record ${damagedKey} could not be read \\(property\\.status: Invalid option: .*\\); it was set aside as quarantine:${damagedKey}\\. Its test is read again from its tool by the next sync`),
      ),
    ]);
    // The earlier release's marker was read, and what it named written to Jira.
    expect((await app.jiraApi('GET', `/rest/api/3/issue/${other.issueId}/properties/testsync`)).body.value).toEqual(other.property);
    expect(app.server.runtime.kvs.list('dirty:', undefined, 10).items).toEqual([]);
    // The damaged record is kept aside for support, with what was wrong, and its test waits to be read again.
    expect(stored(`quarantine:${damagedKey}`)).toMatchObject({ key: damagedKey, kind: 'item', problem: expect.stringContaining('property.status') });
    const waiting = await app.admin('listFailedItems', { connectionId: 'qtest-demo' });
    expect(waiting.items).toEqual([expect.objectContaining({ displayId: damaged.property.displayId, issueKey: damaged.issueKey, state: 'retrying', cause: expect.stringContaining('could not be read and was set aside') })]);
    expect(await issuesOf(damaged.property.sourceKey)).toHaveLength(1);

    await app.server.fireTrigger('sync-scheduler');
    const next = await latestRun();
    expect(next).toMatchObject({ state: 'succeeded', counts: { created: 0, failed: 0 } });
    expect(next.warnings).toContain(`Recovered ${damaged.issueKey} for ${damaged.property.displayId} from Jira; the sync's own record of it was missing.`);
    expect(next.warnings.filter((w: string) => w.startsWith('Stored record'))).toEqual([]);
    expect((await app.admin('listFailedItems', { connectionId: 'qtest-demo' })).items).toEqual([]);
    // One issue per test still, the recovered one with its new result, and the app's record of it back.
    const issues = await issuesOf(damaged.property.sourceKey);
    expect(issues.map((i) => [i.key, i.properties.testsync.status])).toEqual([[damaged.issueKey, 'FAIL']]);
    expect(await app.search(TESTS_JQL)).toHaveLength(DEMO_ACTIVE_CASES);
    expect(itemOf(run.testCaseId)).toMatchObject({ issueId: damaged.issueId, property: { status: 'FAIL' } });

    // And a sync after that has nothing left to say about it.
    await app.server.fireTrigger('sync-scheduler');
    expect(await latestRun()).toMatchObject({ state: 'succeeded', counts: { created: 0, updated: 0, failed: 0 }, warnings: [] });
  });
});
