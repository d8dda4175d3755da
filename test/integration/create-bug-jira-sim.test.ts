/**
 * What the simulated Jira answers a bug's creation with: Create Issues and Link Issues per user (mypermissions and
 * permissions/check), the create meta of a project's issue types and of one type's fields for those who may create
 * there, and a create or a link refused without the permission — every request checked against Jira's contract.
 */
import { useJiraHarness } from '../support/jira-harness';

const h = useJiraHarness({ seed: 'demo' }, async (harness) => {
  // Browses SHOP but may not create there; creates in SHOP but may not link there.
  harness.sim.state.data.users.push(
    { accountId: 'demo-viewer', displayName: 'Vera Viewer', emailAddress: 'vera.viewer@example.com', admin: false, browse: ['SHOP'], edit: [] },
    { accountId: 'demo-nolinks', displayName: 'Nico Nolinks', emailAddress: 'nico.nolinks@example.com', admin: false, browse: ['SHOP'], edit: ['SHOP'], link: [] },
  );
});

const rights = async (as: string) => {
  const res = await h.call('GET', '/rest/api/3/mypermissions', { as, query: { projectKey: 'SHOP', permissions: 'CREATE_ISSUES,LINK_ISSUES' } });
  expect(res.status).toBe(200);
  return [res.body.permissions.CREATE_ISSUES.havePermission, res.body.permissions.LINK_ISSUES.havePermission];
};

describe('Create Issues and Link Issues', () => {
  it('are answered per user by mypermissions and permissions/check', async () => {
    expect(await rights('user:demo-tester')).toEqual([true, true]);
    expect(await rights('user:demo-viewer')).toEqual([false, false]);
    expect(await rights('user:demo-nolinks')).toEqual([true, false]);
    const shop = Number((await h.call('GET', '/rest/api/3/project/SHOP')).body.id);
    const check = await h.call('POST', '/rest/api/3/permissions/check', {
      as: 'user:demo-nolinks',
      body: { projectPermissions: [{ permissions: ['CREATE_ISSUES', 'LINK_ISSUES'], projects: [shop] }] },
    });
    expect(check.body.projectPermissions).toEqual([
      { permission: 'CREATE_ISSUES', issues: [], projects: [shop] },
      { permission: 'LINK_ISSUES', issues: [], projects: [] },
    ]);
  });

  it('refuse a create and a link to a user without them', async () => {
    const fields = { project: { key: 'SHOP' }, issuetype: { name: 'Bug' }, summary: 'Checkout fails' };
    const refused = await h.call('POST', '/rest/api/3/issue', { as: 'user:demo-viewer', body: { fields } });
    expect(refused).toMatchObject({ status: 400, body: { errors: { project: 'You do not have permission to create issues in this project.' } } });
    const created = await h.call('POST', '/rest/api/3/issue', { as: 'user:demo-nolinks', body: { fields } });
    expect(created.status).toBe(201);
    const link = { type: { name: 'Blocks' }, inwardIssue: { key: created.body.key }, outwardIssue: { key: 'SHOP-1' } };
    expect((await h.call('POST', '/rest/api/3/issueLink', { as: 'user:demo-nolinks', body: link })).status).toBe(403);
    expect((await h.call('POST', '/rest/api/3/issueLink', { as: 'user:demo-tester', body: link })).status).toBe(201);
  });
});

describe('create meta', () => {
  it('lists the issue types a user may create in a project, and none to one who may not', async () => {
    const types = await h.call('GET', '/rest/api/3/issue/createmeta/SHOP/issuetypes', { as: 'user:demo-tester' });
    expect(types.status).toBe(200);
    expect(types.body).toMatchObject({ startAt: 0, total: 5 });
    expect(types.body.issueTypes.map((t: { name: string }) => t.name)).toEqual(['Story', 'Task', 'Bug', 'Epic', 'Test']);
    const none = await h.call('GET', '/rest/api/3/issue/createmeta/SHOP/issuetypes', { as: 'user:demo-viewer' });
    expect(none.body).toMatchObject({ total: 0, issueTypes: [] });
    expect((await h.call('GET', '/rest/api/3/issue/createmeta/SHOP/issuetypes', { as: 'user:demo-outsider' })).status).toBe(404);
  });

  it('answers the fields of an issue type: summary and priority (with its default) required, versions and components of the project', async () => {
    const bug = await h.call('GET', '/rest/api/3/issue/createmeta/10000/issuetypes/10003', { as: 'user:demo-tester' });
    expect(bug.status).toBe(200);
    const byId = Object.fromEntries(bug.body.fields.map((f: { fieldId: string }) => [f.fieldId, f]));
    expect(bug.body.fields.filter((f: { required: boolean }) => f.required).map((f: { fieldId: string }) => f.fieldId)).toEqual(['project', 'issuetype', 'summary', 'priority']);
    expect(byId.priority).toMatchObject({ hasDefaultValue: true, defaultValue: { name: 'Medium' } });
    expect(byId.fixVersions.allowedValues.map((v: { name: string }) => v.name)).toEqual(['3.1', '3.2']);
    expect(byId.components.allowedValues.map((c: { name: string }) => c.name)).toEqual(['Catalog', 'Checkout']);
    expect((await h.call('GET', '/rest/api/3/issue/createmeta/10000/issuetypes/10003', { as: 'user:demo-viewer' })).status).toBe(404);
    expect((await h.call('GET', '/rest/api/3/issue/createmeta/OPS/issuetypes/10001', { as: 'user:demo-admin' })).status).toBe(404);
  });
});
