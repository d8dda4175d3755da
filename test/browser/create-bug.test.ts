/**
 * "Create bug" in a real browser, after a sync of the demo: on a test whose latest run failed, Jira's create dialog
 * (the local runtime's, created through the simulated Jira as the user) opens with the draft, the tester edits the
 * summary and creates; the bug exists in Jira, linked to the test and its requirement, and shows on the test's
 * panel and the story's. Cancel creates nothing; a story's failing row offers it too; a user who may not create
 * issues sees no button.
 */
import type { Page } from 'playwright-core';
import { axeViolations } from './axe';
import { useBrowserApp } from './browser';
import { eventually, tableRecords, visible } from './ui';

jest.setTimeout(120000);

const env = useBrowserApp();
/** A demo test whose latest run failed, and the story it covers. */
let testKey: string;
let story: string;

/** Browses SHOP but may not create issues there. */
const VIEWER = { accountId: 'demo-viewer', displayName: 'Vera Viewer', emailAddress: 'vera.viewer@example.com', admin: false, browse: ['SHOP'], edit: [] as string[] };

beforeAll(async () => {
  env.app.jira.state.data.users.push(VIEWER);
  await env.app.server.fireTrigger('sync-scheduler');
  const failing = await env.app.search('project = SHOP AND testsyncStatus = FAIL ORDER BY key', ['summary'], ['testsync']);
  const test = failing.find((i) => i.properties.testsync.covers.length > 0);
  testKey = test.key;
  story = test.properties.testsync.covers[0];
});

async function openPanel(issueKey: string, as = 'demo-tester'): Promise<Page> {
  const { page, response } = await env.open('/issue-panel/', { query: { issueKey, as } });
  expect(response?.status()).toBe(200);
  return page;
}

async function bugsInJira(): Promise<{ key: string; summary: string }[]> {
  return (await env.app.search('project = SHOP AND issuetype = Bug ORDER BY key', ['summary'])).map((i) => ({ key: i.key, summary: i.fields.summary }));
}

async function linksOf(issueKey: string): Promise<string[]> {
  const { body } = await env.app.jiraApi('GET', `/rest/api/3/issue/${issueKey}?fields=issuelinks`);
  return body.fields.issuelinks.map((l: any) => (l.outwardIssue ? `${l.type.outward} ${l.outwardIssue.key}` : `${l.type.inward} ${l.inwardIssue.key}`)).sort();
}

describe('create a bug from a failed test', () => {
  it('opens Jira’s create dialog with the draft; Cancel creates nothing', async () => {
    const page = await openPanel(testKey);
    await (await visible(page.getByRole('button', { name: 'Create bug' }))).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'Create Bug' }));
    expect(await dialog.getByLabel('Summary (required)').inputValue()).toMatch(/^Test fails: /);
    expect(await dialog.getByLabel('Priority (required)').inputValue()).toBe('3');
    const description = await dialog.getByRole('region', { name: 'Description' }).innerText();
    expect(description).toContain('Steps to reproduce');
    expect(description).toContain(`Found by test ${testKey}`);
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await bugsInJira()).toEqual([]);
    expect(await page.getByRole('region', { name: 'Bugs' }).count()).toBe(0);
  });

  it('creates the bug as the tester edited it, linked to the test and its story and to the run in qTest, and lists it on both panels', async () => {
    // An admin lets the qTest connection write defects to qTest (off until turned on).
    const { connections } = await env.app.admin('getOverview');
    const qtest = connections.find((c: { tool: string }) => c.tool === 'qtest');
    const saved = await env.app.admin('saveConnectionChecked', { connection: { id: qtest.id, tool: 'qtest', name: qtest.name, baseUrl: qtest.baseUrl, enabled: true, writeDefects: true } });
    expect(saved).toMatchObject({ saved: true, connection: { settings: { writeDefects: true } } });
    const page = await openPanel(testKey);
    await (await visible(page.getByRole('button', { name: 'Create bug' }))).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'Create Bug' }));
    const summary = dialog.getByLabel('Summary (required)');
    const edited = `${await summary.inputValue()} on Chrome`;
    await summary.fill(edited);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    const [bug] = await eventually(bugsInJira, (bugs) => bugs.length === 1, 'the bug in Jira');
    expect(bug.summary).toBe(edited);
    await visible(page.getByRole('status').filter({ hasText: `${bug.key} created and linked to ${testKey}` }));
    await visible(page.getByText(/Also linked to its run in qTest/));
    // The failed run's test log in qTest now carries the bug.
    const logs = env.app.qtest.state.site('demo')!.runs.flatMap((r) => r.logs);
    expect(logs.filter((l) => (l.defects ?? []).includes(bug.key))).toHaveLength(1);
    const bugs = await visible(page.getByRole('region', { name: 'Bugs' }));
    expect(await bugs.getByRole('listitem').allInnerTexts()).toEqual([expect.stringMatching(new RegExp(`^${bug.key}\\s+${edited.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+To Do$`))]);
    const links = await linksOf(bug.key);
    expect(links).toContain(`blocks ${testKey}`);
    expect(links).toContain(`blocks ${story}`);

    const storyPage = await openPanel(story);
    const storyBugs = await visible(storyPage.getByRole('region', { name: 'Bugs of these tests' }));
    const [row] = await storyBugs.getByRole('listitem').allInnerTexts();
    expect(row).toContain(bug.key);
    expect(row).toContain(edited);
    expect(row).toContain(`from ${testKey}`);
  });

  it('offers it on a story’s failing row, where the new bug joins the story’s list', async () => {
    const page = await openPanel(story);
    await visible(page.getByRole('table', { name: `Tests covering ${story}` }));
    // The story opens in its fix version; the test failed last, so it is among the failing rows of the latest results.
    await page.getByLabel('Version').selectOption('');
    const row = page.locator('tr.tsp-row', { has: page.getByRole('link', { name: testKey, exact: true }) });
    await (await visible(row.locator('button.tsp-name'))).click();
    await (await visible(page.getByRole('button', { name: `Create bug from ${testKey}` }))).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'Create Bug' }));
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const all = await eventually(bugsInJira, (bugs) => bugs.length === 2, 'a second bug in Jira');
    const list = page.getByRole('region', { name: 'Bugs of these tests' });
    await visible(list.getByRole('link', { name: all[1].key, exact: true }));
    expect(await list.getByRole('listitem').count()).toBe(2);
  });

  it('shows no "Create bug" to a user who may not create issues in the project, only the bugs', async () => {
    const page = await openPanel(testKey, 'demo-viewer');
    await visible(page.getByRole('region', { name: 'Bugs' }));
    await visible(page.getByRole('region', { name: /^Run history/ }));
    expect(await page.getByRole('button', { name: /Create bug/ }).count()).toBe(0);
  });
});

describe('the link type of bugs, on the admin page', () => {
  it('is Blocks until an admin chooses another link type, and the choice shows in the audit log', async () => {
    const { page } = await env.open('/admin/', { query: { as: 'demo-admin' }, height: 900 });
    const section = await visible(page.getByRole('region', { name: 'Bugs from failed tests' }));
    await visible(section.getByText('Bug blocks the test and its requirements (Blocks)'));
    await visible(section.getByText('TestSync’s default is in use until you save a choice.'));
    await section.getByLabel('Link a bug with').click();
    await page.getByRole('option', { name: 'Bug relates to the test and its requirements (Relates)', exact: true }).click();
    await section.getByRole('button', { name: 'Save' }).click();
    await visible(page.getByText('Bug link saved'));
    const rows = await eventually(
      () => tableRecords(page.getByRole('table', { name: 'Audit log' })),
      (r) => r.length > 0 && r[0].What.startsWith('Bug link type changed'),
      'the change in the audit log',
    );
    expect(rows[0]).toMatchObject({
      Who: 'Dana Admin',
      What: 'Bug link type changedSite settings',
      Details: 'Bug link: Bug blocks the test and its requirements (Blocks) → Bug relates to the test and its requirements (Relates)',
    });
    expect(await section.getByText('TestSync’s default is in use until you save a choice.').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });
});
