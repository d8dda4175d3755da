/** The simulator's bulk permission check: which of many issues the calling user may browse, in one request. */
import { useJiraHarness } from '../support/jira-harness';

const h = useJiraHarness({ seed: 'demo-xray' });

const idOf = async (key: string) => Number((await h.call('GET', `/rest/api/3/issue/${key}`, { query: { fields: 'summary' } })).body.id);

describe('POST /rest/api/3/permissions/check', () => {
  it('answers the issues the calling user may browse, ignoring unknown ids', async () => {
    const ids = [await idOf('SHOP-1'), await idOf('SHOP-2'), await idOf('QA-1'), 999999];
    const body = { projectPermissions: [{ permissions: ['BROWSE_PROJECTS'], issues: ids }] };
    const tester = await h.call('POST', '/rest/api/3/permissions/check', { as: 'user:demo-tester', body });
    expect(tester.status).toBe(200);
    expect(tester.body).toEqual({ globalPermissions: [], projectPermissions: [{ permission: 'BROWSE_PROJECTS', issues: ids.slice(0, 2), projects: [] }] });
    const admin = await h.call('POST', '/rest/api/3/permissions/check', { as: 'user:demo-admin', body });
    expect(admin.body.projectPermissions[0].issues).toEqual(ids.slice(0, 3));
    const outsider = await h.call('POST', '/rest/api/3/permissions/check', { as: 'user:demo-outsider', body });
    expect(outsider.body.projectPermissions[0].issues).toEqual([]);
  });

  it("refuses to check another user's permissions for a user who is not a Jira admin", async () => {
    const res = await h.call('POST', '/rest/api/3/permissions/check', { as: 'user:demo-tester', body: { accountId: 'demo-admin', projectPermissions: [{ permissions: ['BROWSE_PROJECTS'], issues: [1] }] } });
    expect(res.status).toBe(403);
  });
});
