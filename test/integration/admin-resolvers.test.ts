/**
 * The admin page's backend as an admin and as other users would meet it: permissions, connections,
 * secrets, connection checks, mappings, dry runs, disconnect and reconnect.
 */
import { startTestApp, DEMO_ACTIVE_CASES, type TestApp } from '../support/local-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.close());

const TOKEN = 'qtest-demo-token';
const testIssues = () => app.search('project = SHOP AND issuetype = Test');

describe('admin resolvers', () => {
  it('refuses every admin function to a user who is not a Jira admin, and stores nothing', async () => {
    for (const [fn, payload] of [
      ['getOverview', {}],
      ['saveConnection', { tool: 'qtest', name: 'Sneaky', baseUrl: 'https://demo.qtestnet.com', apiToken: 'x' }],
      ['syncNow', { connectionId: 'qtest-demo' }],
    ] as const) {
      const answer = await app.admin(fn, payload, 'demo-tester');
      expect(answer).toEqual({ error: { code: 'FORBIDDEN', message: 'Only Jira administrators can view or change TestSync settings.' } });
    }
    const overview = await app.admin('getOverview');
    expect(overview.connections.map((c: any) => c.name)).toEqual(['qTest (demo)']);
  });

  it('shows the demo connection with its mappings and never sends the stored token', async () => {
    const overview = await app.admin('getOverview');
    expect(overview.connections[0]).toMatchObject({ id: 'qtest-demo', baseUrl: 'https://demo.qtestnet.com', hasSecret: true, enabled: true });
    expect(overview.connections[0].mappings.map((m: any) => m.externalProjectName)).toEqual(['Web Storefront', 'Mobile App']);
    expect(overview.jiraProjects).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'SHOP', issueTypes: expect.arrayContaining(['Test', 'Story']) })]));
    expect(JSON.stringify(overview)).not.toContain(TOKEN);
  });

  it('answers a specific error for each bad connection input and stores nothing', async () => {
    const badUrl = await app.admin('saveConnection', { tool: 'qtest', name: 'Bad', baseUrl: 'http://example.com', apiToken: 'x' });
    expect(badUrl.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('Site URL must look like https://<site>.qtestnet.com') });
    const noToken = await app.admin('saveConnection', { tool: 'qtest', name: 'No token', baseUrl: 'https://other.qtestnet.com' });
    expect(noToken.error).toEqual({ code: 'INVALID_INPUT', message: 'API token is required.' });
    const noName = await app.admin('saveConnection', { tool: 'qtest', name: ' ', baseUrl: 'https://other.qtestnet.com', apiToken: 'x' });
    expect(noName.error.message).toContain('Name is required');
    expect((await app.admin('getOverview')).connections).toHaveLength(1);
  });

  it('names the cause and the fix when a connection check fails, without echoing the token', async () => {
    const wrong = await app.admin('saveConnection', { tool: 'qtest', name: 'Wrong token', baseUrl: 'https://demo.qtestnet.com', apiToken: 'not-the-right-token' });
    expect(wrong).toMatchObject({ hasSecret: true });
    expect(JSON.stringify(wrong)).not.toContain('not-the-right-token');
    const check = await app.admin('testConnection', { connectionId: wrong.id });
    expect(check).toMatchObject({ ok: false, cause: 'INVALID_CREDENTIALS' });
    expect(check.fix).toBeTruthy();
    expect(JSON.stringify(check)).not.toContain('not-the-right-token');

    const expired = await app.admin('saveConnection', { id: wrong.id, tool: 'qtest', name: 'Wrong token', baseUrl: 'https://demo.qtestnet.com', apiToken: 'qtest-expired-token' });
    expect((await app.admin('testConnection', { connectionId: expired.id })).cause).toBe('TOKEN_EXPIRED');

    const site = await app.admin('saveConnection', { id: wrong.id, tool: 'qtest', name: 'Wrong token', baseUrl: 'https://nosuchsite.qtestnet.com', apiToken: TOKEN });
    expect((await app.admin('testConnection', { connectionId: site.id })).cause).toBe('WRONG_REGION_OR_URL');

    // Back to the first site: the token stored for the other site is not sent there; it must be entered again.
    const back = { id: wrong.id, tool: 'qtest', name: 'Second', baseUrl: 'https://demo.qtestnet.com' };
    expect((await app.admin('saveConnection', { ...back, apiToken: '' })).error.message).toMatch(/^Enter the API token again/);
    await app.admin('saveConnection', { ...back, apiToken: TOKEN });
    // Editing with an empty token keeps the stored one.
    await app.admin('saveConnection', { ...back, apiToken: '' });
    expect(await app.admin('testConnection', { connectionId: wrong.id })).toMatchObject({ ok: true, cause: 'OK' });
  });

  it('lists only active qTest projects and validates a mapping against Jira', async () => {
    const { projects } = await app.admin('listExternalProjects', { connectionId: 'qtest-demo' });
    expect(projects.map((p: any) => p.name).sort()).toEqual(['Mobile App', 'Web Storefront']);
    const noType = await app.admin('saveMapping', { connectionId: 'qtest-demo', externalProjectId: '101', jiraProjectKey: 'OPS', issueType: 'Test' });
    expect(noType.error).toEqual({ code: 'INVALID_INPUT', message: 'Jira project OPS has no issue type "Test"; choose one of Task, Bug.' });
    const noProject = await app.admin('saveMapping', { connectionId: 'qtest-demo', externalProjectId: '101', jiraProjectKey: 'NOPE', issueType: 'Test' });
    expect(noProject.error.message).toBe('Jira project NOPE does not exist or the app cannot see it.');
    const badKey = await app.admin('saveMapping', { connectionId: 'qtest-demo', externalProjectId: '101', jiraProjectKey: 'shop', issueType: 'Test' });
    expect(badKey.error.message).toContain('Jira project key must look like ABC');
  });

  it('refuses to sync a disabled connection until it is enabled again', async () => {
    const base = { id: 'qtest-demo', tool: 'qtest', name: 'qTest (demo)', baseUrl: 'https://demo.qtestnet.com' };
    expect(await app.admin('saveConnection', { ...base, enabled: false })).toMatchObject({ enabled: false, hasSecret: true });
    expect((await app.admin('syncNow', { connectionId: 'qtest-demo' })).error).toEqual({ code: 'CONFLICT', message: 'qTest (demo) is disabled: enable it to sync.' });
    expect(await app.admin('saveConnection', { ...base, enabled: true })).toMatchObject({ enabled: true, hasSecret: true });
  });

  it('plans a dry run without writing anything to Jira', async () => {
    const run = await app.admin('syncNow', { connectionId: 'qtest-demo', dryRun: true });
    expect(run).toMatchObject({ dryRun: true, state: 'queued' });
    await app.server.runtime.drain();
    const done = (await app.admin('getOverview')).history.find((r: any) => r.runId === run.runId);
    // A dry run's counts say what a sync would do; the lists hold the first 100 of each kind.
    expect(done).toMatchObject({ state: 'succeeded', counts: { created: DEMO_ACTIVE_CASES, updated: 0, failed: 0 } });
    expect(done.counts.linked).toBeGreaterThan(100);
    expect(done.planned.create).toHaveLength(100);
    expect(done.planned.create[0]).toMatch(/^TC-\d+: /);
    expect(await testIssues()).toHaveLength(0);
  });

  it('keeps mappings and Jira issues on disconnect, refuses to sync until reconnected, then resumes without duplicates', async () => {
    await app.admin('syncNow', { connectionId: 'qtest-demo' });
    await app.server.runtime.drain();
    expect(await testIssues()).toHaveLength(DEMO_ACTIVE_CASES);

    const disconnected = await app.admin('disconnect', { connectionId: 'qtest-demo' });
    expect(disconnected).toMatchObject({ hasSecret: false, enabled: false, baseUrl: '' });
    expect(disconnected.mappings).toHaveLength(2);
    expect(await testIssues()).toHaveLength(DEMO_ACTIVE_CASES);
    const refused = await app.admin('syncNow', { connectionId: 'qtest-demo' });
    expect(refused.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('disconnected') });
    expect((await app.admin('saveConnection', { id: 'qtest-demo', tool: 'qtest', name: 'qTest (demo)', baseUrl: 'https://demo.qtestnet.com' })).error.message).toBe('API token is required.');

    await app.admin('saveConnection', { id: 'qtest-demo', tool: 'qtest', name: 'qTest (demo)', baseUrl: 'https://demo.qtestnet.com', apiToken: TOKEN });
    const run = await app.admin('syncNow', { connectionId: 'qtest-demo' });
    await app.server.runtime.drain();
    const done = (await app.admin('getOverview')).history.find((r: any) => r.runId === run.runId);
    expect(done).toMatchObject({ state: 'succeeded', counts: { created: 0, failed: 0 } });
    expect(await testIssues()).toHaveLength(DEMO_ACTIVE_CASES);
  });
});
