/**
 * "Create bug" in a real browser, after a sync of the demo: on a test whose latest run failed, Jira's create dialog
 * (the local runtime's, created through the simulated Jira as the user) opens with the draft, the tester edits the
 * summary and creates; the bug exists in Jira, linked to the test and its requirement, and shows on the test's
 * panel and the story's. Cancel creates nothing; a story's failing row offers it too; a user who may not create
 * issues sees no button. With "Write defects to qTest" on, each bug of the test's panel says whether qTest holds it;
 * one qTest refused shows why, with Retry, which writes it.
 */
import type { Page } from 'playwright-core';
import { axeViolations } from './axe';
import { useBrowserApp } from './browser';
import { eventually, tableRecords, visible } from './ui';
import { latestResult } from '../../src/domain/results';
import { orderedSteps, stepOutcomes } from '../../local/simulators/qtest/step-results';

jest.setTimeout(120000);

const env = useBrowserApp();
/** A demo test whose latest run failed, and the story it covers. */
let testKey: string;
let story: string;
/** The run of the test's latest result (it failed). */
let latestRunId: string;

/** Browses SHOP but may not create issues there. */
const VIEWER = { accountId: 'demo-viewer', displayName: 'Vera Viewer', emailAddress: 'vera.viewer@example.com', admin: false, browse: ['SHOP'], edit: [] as string[] };

beforeAll(async () => {
  env.app.jira.state.data.users.push(VIEWER);
  await env.app.server.fireTrigger('sync-scheduler');
  const failing = await env.app.search('project = SHOP AND testsyncStatus = FAIL ORDER BY key', ['summary'], ['testsync']);
  const test = failing.find((i) => i.properties.testsync.covers.length > 0);
  testKey = test.key;
  story = test.properties.testsync.covers[0];
  latestRunId = latestResult(test.properties.testsync.history)!.runId;
});

async function openPanel(issueKey: string, as = 'demo-tester', width?: number): Promise<Page> {
  const { page, response } = await env.open('/issue-panel/', { query: { issueKey, as }, ...(width ? { width } : {}) });
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

/** The step qTest reports failed in the test's latest failed run, and what it did instead. */
function failedStepInQtest(): { index: number; actual: string } {
  const [runId, logId] = latestRunId.split(':').map(Number);
  const site = env.app.qtest.state.site('demo')!;
  const run = site.runs.find((r) => r.id === runId)!;
  const outcomes = stepOutcomes(run.logs.find((l) => l.id === logId)!, orderedSteps(site.cases.find((c) => c.id === run.testCaseId)!.steps));
  const at = outcomes.findIndex((o) => o.status === 'Failed');
  return { index: at + 1, actual: outcomes[at].actual! };
}

/** A bug created on the test's panel (400 px wide) while qTest refuses to write it: its API user may not edit test logs executed by others. */
async function createRefusedBug(summary: string): Promise<{ page: Page; key: string }> {
  const qtestUser = env.app.qtest.state.site('demo')!.users.find((u) => u.id === 1)!;
  qtestUser.readOnlyLogs = true;
  try {
    const before = (await bugsInJira()).length;
    const page = await openPanel(testKey, 'demo-tester', 400);
    await (await visible(page.getByRole('button', { name: 'Create bug' }))).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'Create Bug' }));
    await dialog.getByLabel('Summary (required)').fill(summary);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const key = (await eventually(bugsInJira, (bugs) => bugs.length === before + 1, 'the new bug in Jira')).find((b) => b.summary === summary)!.key;
    await visible(page.getByRole('status').filter({ hasText: `${key} created and linked to ${testKey}` }));
    return { page, key };
  } finally {
    qtestUser.readOnlyLogs = false;
  }
}

/** The qTest test logs that carry this bug. */
const qtestLogsWith = (key: string) => env.app.qtest.state.site('demo')!.runs.flatMap((r) => r.logs).filter((l) => (l.defects ?? []).includes(key));

describe('create a bug from a failed test', () => {
  it('opens Jira’s create dialog with the draft; Cancel creates nothing', async () => {
    const page = await openPanel(testKey);
    await (await visible(page.getByRole('button', { name: 'Create bug' }))).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'Create Bug' }));
    // qTest reported which step of the failed run failed, read when the dialog was asked for: the draft names it.
    const failed = failedStepInQtest();
    expect(await dialog.getByLabel('Summary (required)').inputValue()).toMatch(new RegExp(`^Test fails at step ${failed.index} \\(.+\\): `));
    expect(await dialog.getByLabel('Priority (required)').inputValue()).toBe('3');
    const description = await dialog.getByRole('region', { name: 'Description' }).innerText();
    expect(description).toContain('Steps to reproduce');
    expect(description).toContain(`Found by test ${testKey}`);
    expect(description).toContain(`Expected (step ${failed.index}):`);
    expect(description).toContain(failed.actual);
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
    expect(await bugs.getByRole('listitem').allInnerTexts()).toEqual([expect.stringMatching(new RegExp(`^${bug.key}\\s+${edited.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+To Do\\s+In qTest$`))]);
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

  it('shows a bug qTest refused with the cause and Retry, at 400 px; Retry writes it and the panel says "In qTest"', async () => {
    const { page, key } = await createRefusedBug('Refund totals are wrong');
    const row = page.getByRole('region', { name: 'Bugs' }).locator(`li[data-bug="${key}"]`);
    await visible(row.getByText(/^Not written to qTest: .*may not edit test logs executed by others/));
    expect(qtestLogsWith(key)).toHaveLength(0);
    const retry = await visible(row.getByRole('button', { name: `Retry writing ${key} to qTest` }));
    expect(await retry.innerText()).toBe('Retry');
    // Compact: the row fits the panel's 400 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    expect(await axeViolations(page)).toEqual([]);

    await retry.click();
    await visible(row.getByRole('status').filter({ hasText: /^In qTest$/ }));
    expect(await row.getByText(/Not written to qTest/).count()).toBe(0);
    expect(await row.getByRole('button', { name: /Retry/ }).count()).toBe(0);
    // The failed run's test log in qTest now carries the bug.
    expect(qtestLogsWith(key)).toHaveLength(1);
    expect(await axeViolations(page)).toEqual([]);
    // Opened again, the panel says so too.
    const again = await openPanel(testKey);
    await visible(again.locator(`li[data-bug="${key}"]`).getByText('In qTest', { exact: true }));
  });

  it('shows a refused bug the same way on the story’s list, where Retry writes it too', async () => {
    const { key } = await createRefusedBug('Coupon applied twice');
    const page = await openPanel(story, 'demo-tester', 400);
    const row = (await visible(page.getByRole('region', { name: 'Bugs of these tests' }))).locator(`li[data-bug="${key}"]`);
    await visible(row.getByText(/^Not written to qTest: .*may not edit test logs executed by others/));
    expect(await row.getByRole('link', { name: testKey, exact: true }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    expect(await axeViolations(page)).toEqual([]);
    await (await visible(row.getByRole('button', { name: `Retry writing ${key} to qTest` }))).click();
    await visible(row.getByRole('status').filter({ hasText: /^In qTest$/ }));
    expect(await row.getByRole('button', { name: /Retry/ }).count()).toBe(0);
    expect(qtestLogsWith(key)).toHaveLength(1);
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
