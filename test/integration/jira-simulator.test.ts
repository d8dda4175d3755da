import { resolve } from 'node:path';
import { indexedPropertiesFromManifest } from '../../local/simulators/jira';
import { startJiraHarness as harness, testIssueBody, type JiraHarness as Harness } from '../../local/simulators/jira/testing';

const JIRA_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;


let h: Harness;
let expectNoViolations = true;

beforeEach(async () => {
  h = await harness();
  expectNoViolations = true;
});

afterEach(async () => {
  if (expectNoViolations) expect(h.sim.violations).toEqual([]);
  await h.app.close();
});

describe('identity, projects and permissions', () => {
  it('answers 401 in Jira shape without a principal', async () => {
    const res = await h.call('GET', '/rest/api/3/myself', { as: null });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errorMessages: [expect.any(String)], errors: {} });
  });

  it('returns the current user and the app identity', async () => {
    const me = await h.call('GET', '/rest/api/3/myself', { as: 'user:demo-tester' });
    expect(me.body).toMatchObject({ accountId: 'demo-tester', accountType: 'atlassian', active: true });
    const app = await h.call('GET', '/rest/api/3/myself');
    expect(app.body.accountType).toBe('app');
  });

  it('lists the demo projects with issue types', async () => {
    const res = await h.call('GET', '/rest/api/3/project/search', { query: { expand: 'issueTypes' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ startAt: 0, total: 2, isLast: true });
    const shop = res.body.values.find((p: any) => p.key === 'SHOP');
    expect(shop).toMatchObject({ id: '10000', name: 'Online Shop' });
    expect(shop.issueTypes.map((t: any) => t.name)).toEqual(['Story', 'Task', 'Bug', 'Epic', 'Test']);
    const ops = await h.call('GET', '/rest/api/3/project/OPS');
    expect(ops.body.issueTypes.map((t: any) => t.name)).toEqual(['Task', 'Bug']);
  });

  it('scopes browsing and permissions per user', async () => {
    const tester = await h.call('GET', '/rest/api/3/project/search', { as: 'user:demo-tester' });
    expect(tester.body.values.map((p: any) => p.key)).toEqual(['SHOP']);

    const hidden = await h.call('GET', '/rest/api/3/issue/SHOP-1', { as: 'user:demo-outsider' });
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({
      errorMessages: ['Issue does not exist or you do not have permission to see it.'],
      errors: {},
    });

    const perms = async (as: string, extra: Record<string, string> = {}) =>
      (await h.call('GET', '/rest/api/3/mypermissions', { as, query: { permissions: 'ADMINISTER,BROWSE_PROJECTS', ...extra } })).body.permissions;
    expect(await perms('user:demo-admin')).toMatchObject({ ADMINISTER: { havePermission: true, type: 'GLOBAL' }, BROWSE_PROJECTS: { havePermission: true } });
    expect(await perms('user:demo-tester', { projectKey: 'SHOP' })).toMatchObject({ ADMINISTER: { havePermission: false }, BROWSE_PROJECTS: { havePermission: true } });
    expect((await perms('user:demo-tester', { issueKey: 'SHOP-3' })).BROWSE_PROJECTS.havePermission).toBe(true);
    expect((await perms('user:demo-outsider')).BROWSE_PROJECTS).toMatchObject({ key: 'BROWSE_PROJECTS', havePermission: false });

    const jql = await h.call('POST', '/rest/api/3/search/jql', { as: 'user:demo-tester', body: { jql: 'project = OPS' } });
    expect(jql.status).toBe(400);
    expect(jql.body.errorMessages).toEqual(["The value 'OPS' does not exist for the field 'project'."]);
  });
});

describe('issues, properties and JQL', () => {
  it('creates issues with properties and finds them by property and alias', async () => {
    const created = await h.call('POST', '/rest/api/3/issue', { body: testIssueBody('Pay with saved card', 'FAIL') });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), key: 'SHOP-13', self: expect.stringContaining('/rest/api/3/issue/') });

    const bulk = await h.call('POST', '/rest/api/3/issue/bulk', {
      body: {
        issueUpdates: [
          testIssueBody('Guest checkout', 'PASS'),
          { ...testIssueBody('Wrong project type', 'PASS'), fields: { ...testIssueBody('x', 'PASS').fields, project: { key: 'OPS' } } },
          testIssueBody('Apply coupon', 'FAIL'),
        ],
      },
    });
    expect(bulk.status).toBe(201);
    expect(bulk.body.issues.map((i: any) => i.key)).toEqual(['SHOP-14', 'SHOP-15']);
    expect(bulk.body.errors).toEqual([
      { status: 400, failedElementNumber: 1, elementErrors: { errorMessages: [], errors: { issuetype: 'The issue type selected is invalid.' }, status: 400 } },
    ]);

    const byAlias = await h.call('POST', '/rest/api/3/search/jql', {
      body: { jql: 'project = SHOP AND testsyncStatus = FAIL ORDER BY key ASC', fields: ['summary'], properties: ['testsync'] },
    });
    expect(byAlias.status).toBe(200);
    expect(byAlias.body.isLast).toBe(true);
    expect(byAlias.body.issues.map((i: any) => [i.key, i.fields.summary, i.properties.testsync.status])).toEqual([
      ['SHOP-13', 'Pay with saved card', 'FAIL'],
      ['SHOP-15', 'Apply coupon', 'FAIL'],
    ]);

    const byPath = await h.call('GET', '/rest/api/3/search/jql', {
      query: { jql: 'issue.property[testsync].status in (PASS, "FAIL") AND issuetype = "Test" ORDER BY key DESC', fields: 'key' },
    });
    expect(byPath.body.issues.map((i: any) => i.key)).toEqual(['SHOP-15', 'SHOP-14', 'SHOP-13']);

    const dates = await h.call('POST', '/rest/api/3/search/jql', {
      body: { jql: 'testsyncLastRun > "2026-11-18" AND NOT testsyncStatus = PASS AND summary ~ "coupon"', fields: ['key'] },
    });
    expect(dates.body.issues.map((i: any) => i.key)).toEqual(['SHOP-15']);

    const unindexed = await h.call('POST', '/rest/api/3/search/jql', { body: { jql: 'issue.property[testsync].notIndexed = x' } });
    expect(unindexed.body).toEqual({ issues: [], isLast: true });

    const issue = await h.call('GET', '/rest/api/3/issue/SHOP-13', { query: { properties: 'testsync' } });
    expect(issue.body.fields).toMatchObject({ summary: 'Pay with saved card', labels: ['testsync'], issuetype: { name: 'Test' }, project: { key: 'SHOP' } });
    expect(issue.body.fields.created).toMatch(JIRA_DATE);
    expect(issue.body.properties.testsync.tool).toBe('qtest');
  });

  it('reports JQL errors with Jira messages', async () => {
    const jql = async (q: string) => (await h.call('POST', '/rest/api/3/search/jql', { body: { jql: q } })).body;
    expect(await jql('nosuchAlias = FAIL')).toEqual({
      errorMessages: ["Field 'nosuchAlias' does not exist or you do not have permission to view it."],
      errors: {},
    });
    expect((await jql('project = SHOP foo')).errorMessages[0]).toBe(
      "Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'foo'. (line 1, character 16)",
    );
    expect((await jql('ORDER BY key')).errorMessages[0]).toMatch(/^Unbounded JQL queries are not allowed here/);
    expect((await jql('summary = x')).errorMessages[0]).toBe("The operator '=' is not supported by the 'summary' field.");
    expect((await jql('key = SHOP-999')).errorMessages[0]).toBe("An issue with key 'SHOP-999' does not exist for field 'key'.");
    expect((await jql('project = SHOP AND (issuetype = Story')).errorMessages[0]).toMatch(/^Error in the JQL Query: Expecting '\)'/);
  });

  it('pages with nextPageToken to the last page', async () => {
    const keys: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await h.call('POST', '/rest/api/3/search/jql', {
        body: { jql: 'project = SHOP ORDER BY key ASC', maxResults: 5, fields: ['summary'], ...(token ? { nextPageToken: token } : {}) },
      });
      expect(res.status).toBe(200);
      keys.push(...res.body.issues.map((i: any) => i.key));
      token = res.body.nextPageToken;
      expect(res.body.isLast).toBe(token === undefined);
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(keys).toEqual(Array.from({ length: 12 }, (_, i) => `SHOP-${i + 1}`));

    const idsOnly = await h.call('POST', '/rest/api/3/search/jql', { body: { jql: 'project = SHOP' } });
    expect(idsOnly.body.issues[0]).toEqual({ id: expect.any(String) });
    expect(idsOnly.body.issues).toHaveLength(12);
  });

  it('bumps updated on edit but not on property changes', async () => {
    const get = async () => (await h.call('GET', '/rest/api/3/issue/SHOP-2', { query: { fields: 'updated,summary,labels' } })).body.fields;
    const before = await get();
    expect(before.updated).toMatch(JIRA_DATE);

    const put = await h.call('PUT', '/rest/api/3/issue/SHOP-2/properties/testsync-coverage', { body: { total: 3, failing: 1, status: 'PARTIAL' } });
    expect(put.status).toBe(201);
    const again = await h.call('PUT', '/rest/api/3/issue/SHOP-2/properties/testsync-coverage', { body: { total: 3, failing: 0, status: 'COVERED' } });
    expect(again.status).toBe(200);
    expect((await get()).updated).toBe(before.updated);
    expect((await h.call('GET', '/rest/api/3/issue/SHOP-2/properties')).body.keys.map((k: any) => k.key)).toEqual(['testsync-coverage']);
    expect((await h.call('GET', '/rest/api/3/issue/SHOP-2/properties/testsync-coverage')).body).toEqual({ key: 'testsync-coverage', value: { total: 3, failing: 0, status: 'COVERED' } });
    const covered = await h.call('POST', '/rest/api/3/search/jql', { body: { jql: 'testsyncTests >= 3 AND testsyncFailingTests = 0', fields: ['key'] } });
    expect(covered.body.issues.map((i: any) => i.key)).toEqual(['SHOP-2']);

    const edit = await h.call('PUT', '/rest/api/3/issue/SHOP-2', {
      query: { notifyUsers: 'false' },
      body: { fields: { summary: 'Guest checkout (edited)' }, update: { labels: [{ add: 'tested' }] } },
    });
    expect(edit.status).toBe(204);
    const after = await get();
    expect(after.summary).toBe('Guest checkout (edited)');
    expect(after.labels).toEqual(['tested']);
    expect(after.updated > before.updated).toBe(true);

    const forbidden = await h.call('PUT', '/rest/api/3/issue/SHOP-2', { as: 'user:demo-tester', query: { notifyUsers: 'false' }, body: { fields: { summary: 'x' } } });
    expect(forbidden.status).toBe(403);

    const big = await h.call('PUT', '/rest/api/3/issue/SHOP-2/properties/huge', { body: { blob: 'x'.repeat(33000) } });
    expect(big.status).toBe(400);
    expect((await h.call('DELETE', '/rest/api/3/issue/SHOP-2/properties/testsync-coverage')).status).toBe(204);
    expect((await h.call('GET', '/rest/api/3/issue/SHOP-2/properties/testsync-coverage')).status).toBe(404);
  });

  it('rejects labels with spaces as Jira does', async () => {
    const res = await h.call('POST', '/rest/api/3/issue', { body: testIssueBody('Spaces', 'PASS', { labels: ['smoke test'] }) });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errorMessages: [], errors: { labels: "The label 'smoke test' contains spaces which is invalid." } });
  });
});

describe('links and remote links', () => {
  it('links issues with the Test type and bumps both issues', async () => {
    const types = await h.call('GET', '/rest/api/3/issueLinkType');
    expect(types.body.issueLinkTypes.map((t: any) => t.name)).toEqual(['Blocks', 'Cloners', 'Duplicate', 'Relates', 'Test']);
    expect(types.body.issueLinkTypes[4]).toMatchObject({ inward: 'is tested by', outward: 'tests' });

    const test = (await h.call('POST', '/rest/api/3/issue', { body: testIssueBody('Saved card test', 'PASS') })).body;
    const updatedOf = async (key: string) => (await h.call('GET', `/rest/api/3/issue/${key}`)).body.fields.updated;
    const storyBefore = await updatedOf('SHOP-1');
    const testBefore = await updatedOf(test.key);

    const link = await h.call('POST', '/rest/api/3/issueLink', { body: { type: { name: 'Test' }, inwardIssue: { key: test.key }, outwardIssue: { key: 'SHOP-1' } } });
    expect(link.status).toBe(201);
    expect(await updatedOf('SHOP-1')).not.toBe(storyBefore);
    expect(await updatedOf(test.key)).not.toBe(testBefore);

    const story = (await h.call('GET', '/rest/api/3/issue/SHOP-1', { query: { fields: 'issuelinks' } })).body;
    expect(story.fields.issuelinks).toHaveLength(1);
    expect(story.fields.issuelinks[0]).toMatchObject({ type: { name: 'Test' }, inwardIssue: { key: test.key } });
    const testSide = (await h.call('GET', `/rest/api/3/issue/${test.key}`, { query: { fields: 'issuelinks' } })).body;
    expect(testSide.fields.issuelinks[0]).toMatchObject({ outwardIssue: { key: 'SHOP-1', fields: { summary: 'Checkout with saved card' } } });

    const linkId = story.fields.issuelinks[0].id;
    expect((await h.call('GET', `/rest/api/3/issueLink/${linkId}`)).body).toMatchObject({ inwardIssue: { key: test.key }, outwardIssue: { key: 'SHOP-1' } });
    expect((await h.call('DELETE', `/rest/api/3/issueLink/${linkId}`)).status).toBe(204);
    expect((await h.call('GET', '/rest/api/3/issue/SHOP-1', { query: { fields: 'issuelinks' } })).body.fields.issuelinks).toEqual([]);

    const unknownType = await h.call('POST', '/rest/api/3/issueLink', { body: { type: { name: 'Nope' }, inwardIssue: { key: 'SHOP-1' }, outwardIssue: { key: 'SHOP-2' } } });
    expect(unknownType.status).toBe(404);
  });

  it('creates and updates remote links by globalId without touching updated', async () => {
    const before = (await h.call('GET', '/rest/api/3/issue/SHOP-3')).body.fields.updated;
    const link = (title: string) => ({ globalId: 'qtest:tc:42', relationship: 'tested by', object: { url: 'https://acme.qtestnet.com/p/1/tc/42', title } });
    const first = await h.call('POST', '/rest/api/3/issue/SHOP-3/remotelink', { body: link('TC-42') });
    expect(first.status).toBe(201);
    const second = await h.call('POST', '/rest/api/3/issue/SHOP-3/remotelink', { body: link('TC-42 renamed') });
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    const list = await h.call('GET', '/rest/api/3/issue/SHOP-3/remotelink');
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ globalId: 'qtest:tc:42', object: { title: 'TC-42 renamed' } });
    const one = await h.call('GET', '/rest/api/3/issue/SHOP-3/remotelink', { query: { globalId: 'qtest:tc:42' } });
    expect(one.body.id).toBe(first.body.id);
    expect((await h.call('GET', '/rest/api/3/issue/SHOP-3')).body.fields.updated).toBe(before);
  });
});

describe('faults', () => {
  it('injects 429 with Retry-After, then recovers', async () => {
    h.sim.faults.rateLimit({ requests: 2, retryAfterSeconds: 7 });
    for (let i = 0; i < 2; i++) {
      const res = await h.call('GET', '/rest/api/3/myself');
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBe('7');
      expect(res.body.errorMessages).toHaveLength(1);
    }
    expect((await h.call('GET', '/rest/api/3/myself')).status).toBe(200);
  });

  it('injects 5xx through the control endpoint', async () => {
    const ctl = await fetch(`${h.base}/jira/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ failNext: { status: 503, requests: 1 } }),
    });
    expect(await ctl.json()).toEqual({ faults: { paths: [{ path: '', status: 503, count: 1 }] }, pending: 1, quota: null });
    expect((await h.call('GET', '/rest/api/3/issue/SHOP-1')).status).toBe(503);
    expect((await h.call('GET', '/rest/api/3/issue/SHOP-1')).status).toBe(200);
    const state = await (await fetch(`${h.base}/jira/__sim/state`)).json();
    expect(state.projects.SHOP).toEqual({ name: 'Online Shop', total: 12, byType: { Story: 12 } });
  });
});

describe('contract validation', () => {
  beforeEach(() => {
    expectNoViolations = false;
  });

  it('rejects a create with a numeric summary and records it', async () => {
    const res = await h.call('POST', '/rest/api/3/issue', { body: testIssueBody('x', 'PASS', { summary: 42 }) });
    expect(res.status).toBe(400);
    expect(res.body.errors.summary).toBeDefined();
    expect(h.sim.violations).toEqual([expect.objectContaining({ kind: 'request-fields', operationId: 'createIssue' })]);
  });

  it('rejects a bulk create whose issueUpdates is not an array', async () => {
    const res = await h.call('POST', '/rest/api/3/issue/bulk', { body: { issueUpdates: { fields: {} } } });
    expect(res.status).toBe(400);
    expect(res.body.errorMessages[0]).toContain('issueUpdates');
    expect(h.sim.violations).toEqual([expect.objectContaining({ kind: 'request-body', operationId: 'createIssues' })]);
  });

  it('records unknown body fields, bad query types, missing params, non-ADF descriptions and unknown paths', async () => {
    expect((await h.call('POST', '/rest/api/3/search/jql', { body: { jql: 'project = SHOP', startAt: 10 } })).status).toBe(400);
    expect((await h.call('GET', '/rest/api/3/project/search', { query: { maxResults: 'many' } })).status).toBe(400);
    expect((await h.call('GET', '/rest/api/3/mypermissions')).status).toBe(400);
    expect((await h.call('POST', '/rest/api/3/issue', { body: testIssueBody('x', 'PASS', { description: 'plain text' }) })).status).toBe(400);
    expect((await h.call('GET', '/rest/api/3/no/such/thing')).status).toBe(404);
    expect(h.sim.violations.map((v) => v.kind)).toEqual([
      'request-body', 'request-query', 'request-query', 'request-fields', 'unknown-operation',
    ]);
  });

  it('answers the removed /search endpoint with 410 and no violation', async () => {
    const res = await h.call('POST', '/rest/api/3/search', { body: { jql: 'project = SHOP' } });
    expect(res.status).toBe(410);
    expect(res.body.errorMessages[0]).toMatch(/^The requested API has been removed/);
    expect(h.sim.violations).toEqual([]);
  });
});

describe('state', () => {
  it('round-trips snapshot and restore, clock included', async () => {
    const snap = h.sim.snapshot();
    await h.call('POST', '/rest/api/3/issue', { body: testIssueBody('Transient', 'PASS') });
    await h.call('POST', '/rest/api/3/issue/SHOP-1/remotelink', { body: { object: { url: 'https://x.example/1', title: 'x' } } });
    const changed = h.sim.snapshot();
    expect(changed.issues).toHaveLength(snap.issues.length + 1);
    h.sim.restore(snap);
    expect(h.sim.snapshot()).toEqual(snap);
    expect((await h.call('GET', '/rest/api/3/issue/SHOP-13')).status).toBe(404);
    const recreated = await h.call('POST', '/rest/api/3/issue', { body: testIssueBody('Again', 'PASS') });
    expect(recreated.body.key).toBe('SHOP-13');
    h.sim.restore(changed);
    expect(h.sim.snapshot()).toEqual(changed);
  });

  it('starts empty with seed "empty" and reads indexed properties from the manifest', async () => {
    const empty = await harness({ seed: 'empty' });
    const res = await empty.call('POST', '/rest/api/3/search/jql', { body: { jql: 'project in (SHOP, OPS)' } });
    expect(res.body).toEqual({ issues: [], isLast: true });
    await empty.app.close();
    const indexed = indexedPropertiesFromManifest(resolve(__dirname, '../../manifest.yml'));
    expect(indexed).toContainEqual({ propertyKey: 'testsync', path: 'status', type: 'string', searchAlias: 'testsyncStatus' });
    expect(indexed).toContainEqual({ propertyKey: 'testsync-coverage', path: 'total', type: 'number', searchAlias: 'testsyncTests' });
  });

  it('keeps the clock monotonic and controllable', async () => {
    const clock = h.sim.state.clock;
    const a = clock.tick();
    expect(clock.tick()).toBeGreaterThan(a);
    clock.advance(3_600_000);
    expect(clock.now()).toBeGreaterThanOrEqual(a + 3_600_000);
    expect(() => clock.set(a - 1)).toThrow();
  });
});
