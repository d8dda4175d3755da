/**
 * A bug from a failed test, through the panel's resolvers as the viewing user: the draft Jira's create dialog opens
 * with (the test's project's Bug type and a description of the failed run), and once the bug exists, its links to
 * the test and the requirements the test covers and its record, listed on the test's and the story's panels.
 * Refused, each with its own code, to a user who may not create or link issues, or when the project has no Bug
 * type; recording the same bug twice changes nothing; a re-sync never removes a bug's links; the admin's link type.
 */
import { startTestApp, type TestApp } from '../support/local-app';

let app: TestApp;
/** A demo qTest test whose latest run failed, and a story it covers. */
let testKey: string;
let story: string;

/** Users the demo lacks: one who browses SHOP but may not create issues there, one who creates but may not link. */
const VIEWER = { accountId: 'demo-viewer', displayName: 'Vera Viewer', emailAddress: 'vera.viewer@example.com', admin: false, browse: ['SHOP'], edit: [] as string[] };
const NO_LINKS = { accountId: 'demo-nolinks', displayName: 'Nico Nolinks', emailAddress: 'nico.nolinks@example.com', admin: false, browse: ['SHOP'], edit: ['SHOP'], link: [] as string[] };

beforeAll(async () => {
  app = await startTestApp();
  app.jira.state.data.users.push(VIEWER, NO_LINKS);
  await app.server.fireTrigger('sync-scheduler');
  const failing = await app.search('project = SHOP AND testsyncStatus = FAIL ORDER BY key', ['summary'], ['testsync']);
  const test = failing.find((i) => i.properties.testsync.covers.length > 0);
  testKey = test.key;
  story = test.properties.testsync.covers[0];
});
afterAll(async () => app?.close());

/** Creates an issue as a user through the simulated Jira, as Jira's create dialog does. */
async function createAsUser(accountId: string, fields: Record<string, unknown>): Promise<{ status: number; body: any }> {
  const res = await fetch(`${app.server.url}/jira/rest/api/3/issue`, {
    method: 'POST',
    headers: { 'x-sim-principal': `user:${accountId}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ fields }),
  });
  return { status: res.status, body: await res.json() };
}

/** The links of an issue as Jira lists them: `<type> <outward|inward> <other issue>` from this issue's side. */
async function linksOf(issueKey: string): Promise<string[]> {
  const { body } = await app.jiraApi('GET', `/rest/api/3/issue/${issueKey}?fields=issuelinks`);
  return body.fields.issuelinks
    .map((l: any) => (l.outwardIssue ? `${l.type.outward} ${l.outwardIssue.key}` : `${l.type.inward} ${l.inwardIssue.key}`))
    .sort();
}

async function violations(): Promise<unknown[]> {
  const res = await fetch(`${app.server.url}/jira/__sim/violations`);
  return ((await res.json()) as { violations: unknown[] }).violations;
}

describe('create a bug from a failed test', () => {
  let draft: any;
  let bug: { id: string; key: string };

  it('offers "Create bug" to a user who may create and link issues in the test’s project, and to no one else', async () => {
    const view = await app.panel(testKey);
    expect(view).toMatchObject({ kind: 'test', test: { status: 'FAIL' }, bugs: { items: [], createIn: ['SHOP'] } });
    expect((await app.panel(testKey, 'getPanel', 'demo-viewer')).bugs).toEqual({ items: [], createIn: [] });
    expect((await app.panel(testKey, 'getPanel', 'demo-nolinks')).bugs).toEqual({ items: [], createIn: [] });
    expect((await app.panel(story)).bugs).toEqual({ items: [], createIn: ['SHOP'] });
    expect((await app.panel(story, 'getPanel', 'demo-viewer')).bugs).toEqual({ items: [], createIn: [] });
  });

  it('drafts the bug in the test’s project’s Bug type, from its latest failed run', async () => {
    const view = await app.panel(testKey);
    const failed = view.runs.filter((r: any) => r.status === 'FAIL').sort((a: any, b: any) => (a.executedAt ?? '').localeCompare(b.executedAt ?? ''));
    draft = await app.panel(testKey, 'bugDraft');
    expect(draft).toMatchObject({ projectKey: 'SHOP', issueTypeName: 'Bug', runId: failed[failed.length - 1].runId });
    // qTest reports which step failed in that run: the summary names it (test/integration/bug-step-results.test.ts).
    expect(draft.context).toMatchObject({ projectId: '10000', issueTypeId: '10003', summary: expect.stringMatching(/^Test fails at step \d+ \(.+\): /) });
    expect(draft.context.summary.endsWith(`: ${view.test.name}`)).toBe(true);
    expect(draft.stepNote).toBeUndefined();
    const text = JSON.stringify(draft.context.description);
    expect(text).toContain('Steps to reproduce');
    expect(text).toContain(view.steps[0].action);
    expect(text).toContain(`Found by test ${testKey} (`);
    // A story's row names its test.
    expect(await app.panel(story, 'bugDraft', 'demo-tester', { testIssueKey: testKey })).toEqual(draft);
  });

  it('refuses a user without Create Issues in the project, and one without Link Issues, each saying which permission', async () => {
    expect(await app.panel(testKey, 'bugDraft', 'demo-viewer')).toEqual({
      error: { code: 'CANNOT_CREATE_ISSUES', message: expect.stringContaining('permission to create issues in project SHOP') },
    });
    expect(await app.panel(testKey, 'recordBug', 'demo-viewer', { bugIssueId: '10001' })).toEqual({
      error: { code: 'CANNOT_CREATE_ISSUES', message: expect.stringContaining('Create Issues permission') },
    });
    expect(await app.panel(testKey, 'recordBug', 'demo-nolinks', { bugIssueId: '10001' })).toEqual({
      error: { code: 'CANNOT_LINK_ISSUES', message: expect.stringContaining('permission to link issues in project SHOP') },
    });
    // Jira itself refuses the viewer's create.
    const refused = await createAsUser('demo-viewer', { project: { id: '10000' }, issuetype: { id: '10003' }, summary: 'Not allowed' });
    expect(refused.status).toBe(400);
  });

  it('links the created bug to the test and the requirements it covers, as the user, and lists it on both panels', async () => {
    const created = await createAsUser('demo-tester', { project: { id: draft.context.projectId }, issuetype: { id: draft.context.issueTypeId }, summary: draft.context.summary, description: draft.context.description, priority: { id: '3' } });
    expect(created.status).toBe(201);
    bug = created.body;
    const answer = await app.panel(testKey, 'recordBug', 'demo-tester', { bugIssueId: bug.id, runId: draft.runId });
    const covers = (await app.panel(testKey)).covers;
    expect(covers).toContain(story);
    expect(answer).toMatchObject({ alreadyRecorded: false, linkedTo: [testKey, ...covers], bug: { key: bug.key, summary: draft.context.summary, status: 'To Do', testIssueKey: testKey } });
    expect(await linksOf(bug.key)).toEqual([testKey, ...covers].map((k) => `blocks ${k}`).sort());
    expect(await linksOf(story)).toContain(`is blocked by ${bug.key}`);
    const testPanel = await app.panel(testKey);
    expect(testPanel.bugs.items).toEqual([expect.objectContaining({ key: bug.key, summary: draft.context.summary, status: 'To Do', statusCategory: 'new', testIssueKey: testKey })]);
    const storyPanel = await app.panel(story);
    expect(storyPanel.bugs.items.map((b: any) => [b.key, b.testIssueKey])).toEqual([[bug.key, testKey]]);
    // A user who may browse but not create sees the bug, without "Create bug".
    expect((await app.panel(story, 'getPanel', 'demo-viewer')).bugs).toEqual({ items: [expect.objectContaining({ key: bug.key })], createIn: [] });
    expect(await violations()).toEqual([]);
  });

  it('records the same bug a second time without a second link or record', async () => {
    const before = await linksOf(bug.key);
    const again = await app.panel(story, 'recordBug', 'demo-tester', { bugIssueId: bug.id, testIssueKey: testKey });
    expect(again).toMatchObject({ alreadyRecorded: true, bug: { key: bug.key }, bugs: [expect.objectContaining({ key: bug.key })] });
    expect(again.bugs).toHaveLength(1);
    expect(await linksOf(bug.key)).toEqual(before);
    expect((await app.panel(testKey)).bugs.items).toHaveLength(1);
  });

  it('refuses an issue the user cannot see, and the test itself', async () => {
    expect(await app.panel(testKey, 'recordBug', 'demo-tester', { bugIssueId: '999999' })).toEqual({ error: { code: 'BUG_NOT_FOUND', message: expect.stringContaining('does not exist or you do not have permission') } });
    const { body: test } = await app.jiraApi('GET', `/rest/api/3/issue/${testKey}?fields=summary`);
    expect(await app.panel(testKey, 'recordBug', 'demo-tester', { bugIssueId: test.id })).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it('keeps the bug’s links through a full re-sync, and when the sync removes the test’s own link to a story', async () => {
    const { connections } = await app.admin('getOverview');
    const mapping = connections[0].mappings[0];
    // Deleting and adding the mapping again drops its checkpoint: the next sync reads every case again.
    await app.admin('deleteMapping', { connectionId: mapping.connectionId, externalProjectId: mapping.externalProjectId });
    await app.admin('saveMapping', mapping);
    expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
    const links = await linksOf(bug.key);
    expect(links).toContain(`blocks ${testKey}`);
    expect(links).toContain(`blocks ${story}`);

    const [issue] = await app.search(`key = ${testKey}`, ['summary'], ['testsync']);
    const { projectId, externalId } = issue.properties.testsync;
    expect(await linksOf(testKey)).toContain(`tests ${story}`);
    const site = app.qtest.state.site('demo')!;
    const requirement = site.requirements.find((r) => r.projectId === Number(projectId) && r.jiraKey === story)!;
    app.qtest.state.linkRequirement('demo', Number(projectId), requirement.id, [Number(externalId)], false);
    app.qtest.state.modifyTestCase('demo', Number(projectId), Number(externalId), { name: 'Checkout fails, edited in qTest' });
    expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
    expect(await linksOf(testKey)).not.toContain(`tests ${story}`);
    expect(await linksOf(bug.key)).toEqual(links);
    expect(await violations()).toEqual([]);
  });

  it('says so instead of drafting when the test’s project has no Bug type', async () => {
    const shop = app.jira.state.data.projects.find((p) => p.key === 'SHOP')!;
    const types = shop.issueTypes;
    shop.issueTypes = types.filter((t) => t.name !== 'Bug');
    try {
      expect(await app.panel(testKey, 'bugDraft')).toEqual({ error: { code: 'NO_BUG_TYPE', message: expect.stringContaining('Project SHOP has no Bug issue type') } });
    } finally {
      shop.issueTypes = types;
    }
  });
});

describe('the link type of bugs, on the admin page', () => {
  it('defaults to Blocks, takes an admin’s choice among the site’s link types, and records it in the audit log', async () => {
    const view = await app.admin('getBugLinkSetting');
    expect(view).toMatchObject({ isDefault: true, current: { linkType: 'Blocks', bugSide: 'outward', label: 'Bug blocks the test and its requirements (Blocks)' } });
    expect(view.options.map((o: any) => o.linkType)).not.toContain('Test');
    expect(await app.admin('saveBugLinkSetting', { linkType: 'Relates', bugSide: 'outward' }, 'demo-tester')).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(await app.admin('saveBugLinkSetting', { linkType: 'Causes', bugSide: 'outward' })).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(await app.admin('saveBugLinkSetting', { linkType: 'Relates', bugSide: 'outward' })).toMatchObject({ isDefault: false, current: { linkType: 'Relates' } });
    const audit = await app.admin('listAudit', {});
    expect(audit.rows[0]).toMatchObject({
      action: 'bugLinkType.changed',
      what: 'Bug link type changed',
      connectionName: 'Site settings',
      accountId: 'demo-admin',
      changes: [{ field: 'Bug link', from: 'Bug blocks the test and its requirements (Blocks)', to: 'Bug relates to the test and its requirements (Relates)' }],
    });

    const created = await createAsUser('demo-tester', { project: { key: 'SHOP' }, issuetype: { name: 'Bug' }, summary: 'Second bug of the failing test', priority: { id: '3' } });
    const answer = await app.panel(testKey, 'recordBug', 'demo-tester', { bugIssueId: created.body.id });
    expect(answer.bugs.map((b: any) => b.key)).toEqual([created.body.key, expect.any(String)]);
    expect(await linksOf(created.body.key)).toContain(`relates to ${testKey}`);
    expect(await violations()).toEqual([]);
  });
});
