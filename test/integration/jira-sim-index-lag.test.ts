/** Search-index lag: JQL sees issues and indexed properties as they were `indexLagMs` ago; direct reads are current. */
import { testIssueBody } from '../../local/simulators/jira/testing';
import { useJiraHarness } from '../support/jira-harness';

// The lag is wall-clock: long enough that the requests a test makes before its wait fit inside it on a loaded
// machine (at 300 ms a full `npm test` on two cores once saw a new issue before the test's first search).
const LAG = 2000;
const h = useJiraHarness({}, async (started) => {
  const ctl = await started.control('POST', '/__sim/faults', { indexLagMs: LAG });
  expect(ctl.body.faults).toEqual({ indexLagMs: LAG });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const keys = async (jql: string, extra: Record<string, unknown> = {}): Promise<string[]> => {
  const res = await h.call('POST', '/rest/api/3/search/jql', { body: { jql, fields: ['key'], ...extra } });
  expect(res.status).toBe(200);
  return res.body.issues.map((i: { key: string }) => i.key);
};

describe('search-index lag', () => {
  it('does not find a new issue until the lag has passed, while GET reads it at once', async () => {
    const created = (await h.call('POST', '/rest/api/3/issue', { body: testIssueBody('Fresh test', 'FAIL') })).body;
    expect((await h.call('GET', `/rest/api/3/issue/${created.key}`)).status).toBe(200);
    expect(await keys('testsyncStatus = FAIL')).toEqual([]);
    expect(await keys('project = SHOP AND summary ~ "Fresh"')).toEqual([]);
    // The GET form of the search sees the same index.
    const viaGet = await h.call('GET', '/rest/api/3/search/jql', { query: { jql: 'testsyncStatus = FAIL' } });
    expect(viaGet.body.issues).toEqual([]);

    await sleep(LAG + 50);
    expect(await keys('testsyncStatus = FAIL')).toEqual([created.key]);
  });

  it('matches a property written within the lag by its previous indexed value, or not at all', async () => {
    const created = (await h.call('POST', '/rest/api/3/issue', { body: testIssueBody('Flip', 'PASS') })).body;
    await sleep(LAG + 50);
    expect(await keys('testsyncStatus = PASS')).toEqual([created.key]);

    const put = await h.call('PUT', `/rest/api/3/issue/${created.key}/properties/testsync`, { body: { status: 'FAIL', tool: 'qtest' } });
    expect(put.status).toBe(200);
    await h.call('PUT', '/rest/api/3/issue/SHOP-2/properties/testsync-coverage', { body: { total: 4, failing: 1 } });
    // Direct reads are current ...
    const prop = await h.call('GET', `/rest/api/3/issue/${created.key}/properties/testsync`);
    expect(prop.body.value.status).toBe('FAIL');
    // ... the index still has the old value, and SHOP-2 had none.
    expect(await keys('testsyncStatus = PASS')).toEqual([created.key]);
    expect(await keys('testsyncStatus = FAIL')).toEqual([]);
    expect(await keys('testsyncTests = 4')).toEqual([]);
    // Results show the live issue (what Jira's hydration from the database returns).
    const hit = await h.call('POST', '/rest/api/3/search/jql', { body: { jql: 'testsyncStatus = PASS', properties: ['testsync'] } });
    expect(hit.body.issues[0].properties.testsync.status).toBe('FAIL');

    await sleep(LAG + 50);
    expect(await keys('testsyncStatus = PASS')).toEqual([]);
    expect(await keys('testsyncStatus = FAIL')).toEqual([created.key]);
    expect(await keys('testsyncTests = 4')).toEqual(['SHOP-2']);
  });

  it('may still return an issue deleted within the lag, whose GET answers 404', async () => {
    expect((await h.call('DELETE', '/rest/api/3/issue/SHOP-3')).status).toBe(204);
    expect((await h.call('GET', '/rest/api/3/issue/SHOP-3')).status).toBe(404);
    const stale = await h.call('POST', '/rest/api/3/search/jql', { body: { jql: 'key in (SHOP-2, SHOP-4) OR summary ~ "discount"', fields: ['summary'] } });
    expect(stale.body.issues.map((i: { key: string; fields: { summary: string } }) => [i.key, i.fields.summary])).toEqual([
      ['SHOP-4', 'Product search with filters'],
      ['SHOP-3', 'Apply discount code at checkout'],
      ['SHOP-2', 'Guest checkout without an account'],
    ]);
    await sleep(LAG + 50);
    expect(await keys('project = SHOP AND summary ~ "discount"')).toEqual([]);
  });

  it('reads the issues named in reconcileIssues current, as Jira does', async () => {
    const created = (await h.call('POST', '/rest/api/3/issue', { body: testIssueBody('Reconciled', 'FAIL') })).body;
    expect(await keys('testsyncStatus = FAIL')).toEqual([]);
    expect(await keys('testsyncStatus = FAIL', { reconcileIssues: [Number(created.id)] })).toEqual([created.key]);
  });

  it('sees everything at once again when the lag is removed', async () => {
    const created = (await h.call('POST', '/rest/api/3/issue', { body: testIssueBody('No lag', 'FAIL') })).body;
    expect((await h.control('GET', '/__sim/state')).body.searchIndexPendingChanges).toBe(1);
    await h.control('POST', '/__sim/faults', { indexLagMs: null });
    expect(await keys('testsyncStatus = FAIL')).toEqual([created.key]);
    expect((await h.control('GET', '/__sim/state')).body.searchIndexPendingChanges).toBe(0);
  });
});
