/** Jira's size limits, issue deletion, property-write permissions and issue creators in the simulator. */
import { APP_ACCOUNT_ID } from '../../local/simulators/jira';
import { testIssueBody } from '../../local/simulators/jira/testing';
import { useJiraHarness } from '../support/jira-harness';

const h = useJiraHarness();

const NOT_FOUND = { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} };
const adf = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

describe('size limits', () => {
  it('rejects a summary over 255 characters and a description over 32,767 with field errors', async () => {
    const longSummary = await h.call('POST', '/rest/api/3/issue', { body: testIssueBody('s'.repeat(256)) });
    expect(longSummary.status).toBe(400);
    expect(longSummary.body).toEqual({ errorMessages: [], errors: { summary: 'Summary must be less than 255 characters.' } });
    expect((await h.call('POST', '/rest/api/3/issue', { body: testIssueBody('s'.repeat(255)) })).status).toBe(201);

    const longDescription = await h.call('POST', '/rest/api/3/issue', { body: testIssueBody('Long', 'PASS', { description: adf('d'.repeat(32_767)) }) });
    expect(longDescription.status).toBe(400);
    expect(longDescription.body).toEqual({
      errorMessages: [],
      errors: { description: 'The entered text is too long. It exceeds the allowed limit of 32,767 characters.' },
    });
    const edit = await h.call('PUT', '/rest/api/3/issue/SHOP-1', { body: { fields: { description: adf('d'.repeat(40_000)) } } });
    expect(edit.status).toBe(400);
    expect(edit.body.errors.description).toMatch(/exceeds the allowed limit/);
  });

  it('reports oversized elements of a bulk create per element and still creates the others', async () => {
    const res = await h.call('POST', '/rest/api/3/issue/bulk', {
      body: {
        issueUpdates: [
          testIssueBody('Fine one'),
          testIssueBody('x'.repeat(300)),
          testIssueBody('Huge', 'PASS', { description: adf('d'.repeat(33_000)) }),
          testIssueBody('Fine two'),
        ],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.issues.map((i: { key: string }) => i.key)).toEqual(['SHOP-13', 'SHOP-14']);
    expect(res.body.errors).toEqual([
      { status: 400, failedElementNumber: 1, elementErrors: { errorMessages: [], errors: { summary: 'Summary must be less than 255 characters.' }, status: 400 } },
      {
        status: 400,
        failedElementNumber: 2,
        elementErrors: { errorMessages: [], errors: { description: 'The entered text is too long. It exceeds the allowed limit of 32,767 characters.' }, status: 400 },
      },
    ]);
  });

  it('rejects an issue property value over 32,768 characters', async () => {
    const value = { blob: 'x'.repeat(32_768 - 11) }; // its JSON is 32,768 characters
    expect(JSON.stringify(value).length).toBe(32_768);
    expect((await h.call('PUT', '/rest/api/3/issue/SHOP-1/properties/big', { body: value })).status).toBe(201);
    const over = await h.call('PUT', '/rest/api/3/issue/SHOP-1/properties/big', { body: { blob: `${value.blob}x` } });
    expect(over.status).toBe(400);
    expect(over.body.errorMessages[0]).toMatch(/exceeding 32768 characters/);
  });
});

describe('DELETE issue', () => {
  it('removes the issue with its properties, links and remote links; later calls answer 404', async () => {
    const test = (await h.call('POST', '/rest/api/3/issue', { body: testIssueBody('Doomed') })).body;
    await h.call('POST', '/rest/api/3/issueLink', { body: { type: { name: 'Test' }, inwardIssue: { key: test.key }, outwardIssue: { key: 'SHOP-1' } } });
    await h.call('POST', `/rest/api/3/issue/${test.key}/remotelink`, { body: { globalId: 'qtest:tc:1', object: { url: 'https://demo.qtestnet.com/tc/1', title: 'TC-1' } } });
    const linkId = (await h.call('GET', '/rest/api/3/issue/SHOP-1', { query: { fields: 'issuelinks' } })).body.fields.issuelinks[0].id;

    expect((await h.call('DELETE', `/rest/api/3/issue/${test.key}`, { as: 'user:demo-tester' })).status).toBe(403);
    expect((await h.call('DELETE', `/rest/api/3/issue/${test.key}`, { as: 'user:demo-outsider' })).status).toBe(404);
    const deleted = await h.call('DELETE', `/rest/api/3/issue/${test.key}`);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();

    for (const [method, path, body] of [
      ['GET', `/rest/api/3/issue/${test.key}`],
      ['GET', `/rest/api/3/issue/${test.id}`],
      ['PUT', `/rest/api/3/issue/${test.key}`, { fields: { summary: 'Back?' } }],
      ['DELETE', `/rest/api/3/issue/${test.key}`],
      ['GET', `/rest/api/3/issue/${test.key}/properties`],
      ['GET', `/rest/api/3/issue/${test.key}/properties/testsync`],
      ['PUT', `/rest/api/3/issue/${test.key}/properties/testsync`, { status: 'PASS' }],
      ['GET', `/rest/api/3/issue/${test.key}/remotelink`],
      ['POST', `/rest/api/3/issue/${test.key}/remotelink`, { object: { url: 'https://x.example/1', title: 'x' } }],
      ['POST', '/rest/api/3/issueLink', { type: { name: 'Test' }, inwardIssue: { key: test.key }, outwardIssue: { key: 'SHOP-2' } }],
    ] as Array<[string, string, unknown?]>) {
      const res = await h.call(method, path, body === undefined ? {} : { body });
      expect([method, path, res.status, res.body]).toEqual([method, path, 404, NOT_FOUND]);
    }
    expect((await h.call('GET', `/rest/api/3/issueLink/${linkId}`)).status).toBe(404);
    expect((await h.call('GET', '/rest/api/3/issue/SHOP-1', { query: { fields: 'issuelinks' } })).body.fields.issuelinks).toEqual([]);
    expect(h.sim.state.data.remoteLinks).toEqual([]);
    // Keys are not reused.
    expect((await h.call('POST', '/rest/api/3/issue', { body: testIssueBody('Next') })).body.key).toBe('SHOP-14');
  });

  it('lets an admin user delete', async () => {
    expect((await h.call('DELETE', '/rest/api/3/issue/SHOP-12', { as: 'user:demo-admin' })).status).toBe(204);
    const perms = await h.call('GET', '/rest/api/3/mypermissions', { as: 'user:demo-tester', query: { permissions: 'DELETE_ISSUES,EDIT_ISSUES', projectKey: 'SHOP' } });
    expect(perms.body.permissions).toMatchObject({ DELETE_ISSUES: { havePermission: false }, EDIT_ISSUES: { havePermission: true } });
  });
});

describe('permissions for property writes and searches', () => {
  beforeEach(() => {
    // Browses SHOP but may not edit its issues.
    h.sim.state.data.users.push({ accountId: 'demo-viewer', displayName: 'Vera Viewer', emailAddress: 'vera@example.com', admin: false, browse: ['SHOP'], edit: [] });
  });

  it('lets the app write anywhere, users only where they browse and edit', async () => {
    const put = (as: string, key: string) => h.call('PUT', `/rest/api/3/issue/${key}/properties/testsync-coverage`, { as, body: { total: 1 } });
    expect((await put('app', 'SHOP-1')).status).toBe(201);
    expect((await put('user:demo-admin', 'SHOP-1')).status).toBe(200);
    expect((await put('user:demo-tester', 'SHOP-1')).status).toBe(200);

    const outsider = await put('user:demo-outsider', 'SHOP-1');
    expect(outsider.status).toBe(404);
    expect(outsider.body).toEqual(NOT_FOUND);

    const viewer = await put('user:demo-viewer', 'SHOP-1');
    expect(viewer.status).toBe(403);
    expect(viewer.body).toEqual({ errorMessages: [expect.stringContaining('permission')], errors: {} });
    expect((await h.call('DELETE', '/rest/api/3/issue/SHOP-1/properties/testsync-coverage', { as: 'user:demo-viewer' })).status).toBe(403);
    expect((await h.call('GET', '/rest/api/3/issue/SHOP-1/properties/testsync-coverage', { as: 'user:demo-viewer' })).body.value).toEqual({ total: 1 });
    expect((await h.call('PUT', '/rest/api/3/issue/SHOP-1', { as: 'user:demo-viewer', body: { fields: { summary: 'x' } } })).status).toBe(403);
  });

  it('returns only issues the searching user can browse', async () => {
    const ops = (await h.call('POST', '/rest/api/3/issue', { body: { fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'Rotate keys' } } })).body;
    const jql = { jql: 'summary ~ "keys" OR summary ~ "checkout"', fields: ['key'], maxResults: 100 };
    const asKeys = async (as: string) =>
      (await h.call('POST', '/rest/api/3/search/jql', { as, body: jql })).body.issues.map((i: { key: string }) => i.key).sort();
    expect(await asKeys('app')).toContain(ops.key);
    expect(await asKeys('user:demo-admin')).toContain(ops.key);
    const tester = await asKeys('user:demo-tester');
    expect(tester.length).toBeGreaterThan(0);
    expect(tester.every((k: string) => k.startsWith('SHOP-'))).toBe(true);
    expect(await asKeys('user:demo-outsider')).toEqual([]);
  });
});

describe('creator and reporter', () => {
  it('are the app account for issues the app creates, and a user for seeded and user-created issues', async () => {
    const me = (await h.call('GET', '/rest/api/3/myself')).body;
    expect(me).toMatchObject({ accountId: APP_ACCOUNT_ID, accountType: 'app', displayName: 'TestSync for Jira', active: true });

    const byApp = (await h.call('POST', '/rest/api/3/issue', { body: testIssueBody('By the app') })).body;
    const byUser = (await h.call('POST', '/rest/api/3/issue', { as: 'user:demo-tester', body: testIssueBody('By Theo') })).body;
    const fieldsOf = async (key: string) => (await h.call('GET', `/rest/api/3/issue/${key}`, { query: { fields: 'creator,reporter' } })).body.fields;

    const app = await fieldsOf(byApp.key);
    expect(Object.keys(app).sort()).toEqual(['creator', 'reporter']);
    expect(app.creator).toMatchObject({ accountId: me.accountId, accountType: 'app', displayName: 'TestSync for Jira', active: true });
    expect(app.reporter).toEqual(app.creator);
    expect((await fieldsOf(byUser.key)).creator).toMatchObject({ accountId: 'demo-tester', accountType: 'atlassian', displayName: 'Theo Tester', active: true });
    expect((await fieldsOf('SHOP-1')).creator).toMatchObject({ accountId: 'demo-admin', accountType: 'atlassian' });
    // GET issue without `fields` returns them too.
    expect((await h.call('GET', `/rest/api/3/issue/${byApp.key}`)).body.fields.creator.accountId).toBe(me.accountId);

    const search = await h.call('POST', '/rest/api/3/search/jql', { body: { jql: 'labels = testsync ORDER BY key ASC', fields: ['creator'] } });
    expect(search.body.issues.map((i: { key: string; fields: { creator: { accountId: string } } }) => [i.key, i.fields.creator.accountId])).toEqual([
      [byApp.key, APP_ACCOUNT_ID],
      [byUser.key, 'demo-tester'],
    ]);
    const navigable = await h.call('POST', '/rest/api/3/search/jql', { body: { jql: `key = ${byApp.key}`, fields: ['*navigable'] } });
    expect(navigable.body.issues[0].fields.reporter.accountType).toBe('app');
  });
});
