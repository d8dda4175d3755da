/**
 * The issue panel in a real browser after a sync of the demo (plus a story with 520 tests and one grown to 40):
 * a story's coverage summary and its tests grouped by status with failing first, details on expand, filters,
 * "Show more" with true counts, a synced test's steps and runs, refresh (and a throttled refresh that keeps what
 * is shown), the permission error, and the light and dark themes.
 */
import type { Locator, Page } from 'playwright-core';
import { useBrowserApp } from './browser';
import { BIG_STORY, startSeededApp } from './panel-fixtures';
import { eventually, luminance, pageBackground, tableRecords, visible } from './ui';

jest.setTimeout(120000);

const TESTS_JQL = 'project = SHOP AND issuetype = Test';
const STATUS_LABELS = ['Pass', 'Fail', 'Blocked', 'Skipped', 'Not run', 'In progress'];
const GROUPS = ['Failing', 'Blocked', 'In progress', 'Not run', 'Skipped', 'Passing'];
/** What no message may show a tester. */
const RAW_CODES = /\b(INTERNAL|CONFLICT|NOT_RUN|NOT_FOUND|RECONNECT|JIRA_ERROR|INVOKE_FAILED|IN_PROGRESS)\b|[Cc]anonical status|[Ee]rror code/;

const env = useBrowserApp({ app: startSeededApp });
/** A synced test with runs and steps, found through Jira's search. */
let testIssue: { key: string; displayId: string; runs: number };

beforeAll(async () => {
  const tests = await env.app.search(`${TESTS_JQL} ORDER BY key ASC`, ['summary'], ['testsync']);
  const chosen = tests.find((i) => (i.properties.testsync?.history?.length ?? 0) > 1 && (i.properties.testsync?.steps?.length ?? 0) > 1)!;
  testIssue = { key: chosen.key, displayId: chosen.properties.testsync.displayId, runs: chosen.properties.testsync.history.length };
});

async function openPanel(issueKey: string, options: { as?: string; theme?: 'dark'; osColorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
  const { page, response: res } = await env.open('/issue-panel/', {
    query: { issueKey, as: options.as ?? 'demo-tester' },
    theme: options.theme,
    colorScheme: options.osColorScheme,
  });
  expect(res?.status()).toBe(200);
  return page;
}

/** The group headings of the list, in order, with their counts ("Failing 3"). */
async function groups(table: Locator): Promise<{ name: string; count: number }[]> {
  const texts = await table.locator('.tsp-group h3').allInnerTexts();
  return texts.map((t) => {
    const m = /^(.+?)\s+(\d+)$/.exec(t.trim())!;
    return { name: m[1], count: Number(m[2]) };
  });
}

describe('issue panel', () => {
  it("opens a story in its fix version and says its readiness there, per environment", async () => {
    const page = await openPanel('SHOP-1');
    const readiness = page.getByTestId('readiness');
    await visible(readiness);
    expect(await page.getByLabel('Version').inputValue()).toBe('3.2');
    expect(await readiness.innerText()).toMatch(/^Failing\s+in 3\.2$/);
    // One test failed on staging and passed on production: the release is ready on production only.
    await page.getByLabel('Environment').selectOption('production');
    await eventually(() => readiness.innerText(), (t) => /^Passing\s+in 3\.2 · production$/.test(t), 'passing on production');
    await page.getByLabel('Environment').selectOption('staging');
    await eventually(() => readiness.innerText(), (t) => /^Failing\s+in 3\.2 · staging$/.test(t), 'failing on staging');
    // The latest results, whatever the version: no readiness line.
    await page.getByLabel('Environment').selectOption('');
    await page.getByLabel('Version').selectOption('');
    await eventually(() => page.getByTestId('readiness').count(), (n) => n === 0, 'no readiness line');
  });

  it('shows on a story a coverage summary and its tests grouped by status, failing first, each linking to qTest', async () => {
    const page = await openPanel('SHOP-1');
    await visible(page.getByRole('heading', { name: 'Coverage' }));
    await visible(page.getByText('14 tests', { exact: true }));

    // One status button per status present, "<status> <count>", adding up to the total.
    const chips = page.getByRole('group', { name: 'Show tests by latest status' }).getByRole('button');
    let sum = 0;
    for (const text of await chips.allInnerTexts()) {
      const m = /^(.+?) (\d+)$/.exec(text.trim())!;
      expect(STATUS_LABELS).toContain(m[1]);
      sum += Number(m[2]);
    }
    expect(sum).toBe(14);

    const table = await visible(page.getByRole('table', { name: 'Tests covering SHOP-1' }));
    const rows = await tableRecords(table);
    expect(rows).toHaveLength(14);
    const order = (await groups(table)).map((g) => GROUPS.indexOf(g.name));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const row of rows) {
      expect(row.Tool).toBe('qTest ↗');
      expect(row.Test).toMatch(/SHOP-\d+\s*TC-\d+/);
      expect(STATUS_LABELS).toContain(row.Status);
    }
    const links = table.getByRole('link', { name: 'Open in qTest' });
    expect(await links.count()).toBe(14);
    for (const href of await links.evaluateAll((els) => els.map((a) => (a as HTMLAnchorElement).href))) expect(href).toMatch(/^https:\/\/demo\.qtestnet\.com\//);
    expect(await links.first().getAttribute('target')).toBe('_blank');
    await visible(table.getByRole('link', { name: /^SHOP-\d+$/ }));
    expect(await page.locator('body').innerText()).not.toMatch(RAW_CODES);
  });

  it("opens a test's details from its name, and filters the list by status from the summary", async () => {
    const page = await openPanel('SHOP-1');
    const table = await visible(page.getByRole('table', { name: 'Tests covering SHOP-1' }));
    const first = table.locator('.tsp-name').first();
    expect(await first.getAttribute('aria-expanded')).toBe('false');
    await first.click();
    expect(await first.getAttribute('aria-expanded')).toBe('true');
    const details = await visible(page.locator(`#${await first.getAttribute('aria-controls')}`));
    await visible(details.getByText('Last run'));
    await visible(details.getByRole('link', { name: /^Open TC-\d+ in qTest$/ }));
    await first.click();
    expect(await details.count()).toBe(0);

    const chip = page.getByRole('group', { name: 'Show tests by latest status' }).getByRole('button', { name: /^Pass \d+$/ });
    const passing = Number(/(\d+)/.exec(await chip.innerText())![1]);
    await chip.click();
    await eventually(() => chip.getAttribute('aria-pressed'), (v) => v === 'true', 'the chip pressed');
    // The story opened in its fix version: the list is its tests' results there, narrowed to those that passed.
    await visible(page.getByText(`${passing} tests match: in version 3.2 · passing.`));
    await eventually(() => tableRecords(table), (r) => r.length === passing && r.every((x) => x.Status === 'Pass'), 'only passing tests');
    await page.getByRole('button', { name: 'Show all tests' }).click();
    await eventually(() => tableRecords(table), (r) => r.length === 14, 'every test again');
  });

  it('counts all 520 tests of a story, shows a screenful, and reaches every one with Show more and Show all', async () => {
    const page = await openPanel(BIG_STORY.issueKey);
    await visible(page.getByText(`${BIG_STORY.tests} tests`, { exact: true }));
    await visible(page.getByText(`${BIG_STORY.failing} of ${BIG_STORY.tests} tests fail`));
    const table = await visible(page.getByRole('table', { name: `Tests covering ${BIG_STORY.issueKey}` }));
    expect(await groups(table)).toEqual([
      { name: 'Failing', count: BIG_STORY.failing },
      { name: 'Passing', count: BIG_STORY.tests - BIG_STORY.failing },
    ]);
    expect(await tableRecords(table)).toHaveLength(20);
    await visible(page.getByText(`Showing 20 of ${BIG_STORY.tests} tests`));

    await page.getByRole('button', { name: 'Show 20 more' }).click();
    await visible(page.getByText(`Showing 40 of ${BIG_STORY.tests} tests`));
    expect(await tableRecords(table)).toHaveLength(40);
    // Focus moved to the first new row, so keyboard users continue where the list grew.
    expect(await page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-row'))).toBe('20');

    await page.getByRole('button', { name: `Show all ${BIG_STORY.tests}` }).click();
    await visible(page.getByText(`Showing ${BIG_STORY.tests} of ${BIG_STORY.tests} tests`), 30000);
    const all = await tableRecords(table);
    expect(all).toHaveLength(BIG_STORY.tests);
    expect(new Set(all.map((r) => r.Test)).size).toBe(BIG_STORY.tests);
    expect(await page.getByRole('button', { name: /^Show \d+ more$/ }).count()).toBe(0);
  });

  it('shows on a synced test its steps and the strip of its last runs', async () => {
    const page = await openPanel(testIssue.key);
    await visible(page.getByRole('link', { name: 'Open in qTest' }));
    await visible(page.getByText(new RegExp(`^qTest · ${testIssue.displayId}$`)));

    const runsHeading = await visible(page.getByRole('heading', { name: /^Run history \(\d+ runs?\)$/ }));
    const shownRuns = Number(/\((\d+)/.exec((await runsHeading.textContent()) ?? '')![1]);
    expect(shownRuns).toBe(testIssue.runs);
    const strip = await visible(page.getByRole('list', { name: `Last ${shownRuns} runs, oldest first` }));
    const marks = await strip.getByRole('listitem').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(marks).toHaveLength(shownRuns);
    for (const mark of marks) expect(STATUS_LABELS.some((l) => mark.startsWith(l))).toBe(true);

    await visible(page.getByRole('heading', { name: 'Steps' }));
    const steps = page.getByRole('list', { name: `Steps of ${testIssue.displayId}` }).getByRole('listitem');
    expect(await steps.count()).toBeGreaterThan(1);
    for (const text of await steps.allInnerTexts()) expect(text).toMatch(/\S[\s\S]*Expected\s+\S/);
    await visible(page.getByRole('heading', { name: 'Covers' }));
  });

  it('refreshes a test with progress shown, and keeps the test shown with the reason when a second refresh is refused', async () => {
    const page = await openPanel(testIssue.key);
    const refresh = await visible(page.getByRole('button', { name: 'Refresh' }));
    await refresh.click();
    await eventually(() => refresh.getAttribute('aria-busy'), (v) => v === null, 'the refresh to finish');
    expect(await page.getByRole('alert').count()).toBe(0);

    await refresh.click();
    const alert = await visible(page.getByRole('alert'));
    await visible(page.getByRole('heading', { name: 'Refresh did not complete' }));
    expect(await alert.innerText()).toMatch(/refreshed less than 30 seconds ago/);
    expect(await alert.innerText()).not.toMatch(RAW_CODES);
    // Waiting is the answer, not retrying at once.
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await visible(page.getByRole('heading', { name: 'Steps' }));
    await page.getByRole('button', { name: 'Dismiss' }).click();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('tells a user who cannot browse the project that they do not have permission, shows no test data and offers no retry', async () => {
    const page = await openPanel('SHOP-1', { as: 'demo-outsider' });
    await visible(page.getByRole('heading', { name: 'Tests could not be loaded' }));
    const alert = await visible(page.getByRole('alert'));
    expect(await alert.innerText()).toMatch(/do not have permission/);
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.getByRole('link').count()).toBe(0);
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/TC-\d+/);
    expect(text).not.toMatch(RAW_CODES);
  });

  it('renders dark with theme=dark, with light text on the dark background', async () => {
    const page = await openPanel('SHOP-1', { theme: 'dark' });
    await visible(page.getByRole('table', { name: 'Tests covering SHOP-1' }));
    expect(luminance(await pageBackground(page))).toBeLessThan(0.1);
    const text = await page.locator('body').evaluate((el) => getComputedStyle(el).color);
    expect(luminance(text)).toBeGreaterThan(0.5);
  });

  it('renders light without theme=dark, even when the system prefers dark', async () => {
    const page = await openPanel('SHOP-1', { osColorScheme: 'dark' });
    await visible(page.getByRole('table', { name: 'Tests covering SHOP-1' }));
    expect(luminance(await pageBackground(page))).toBeGreaterThan(0.8);
    const text = await page.locator('body').evaluate((el) => getComputedStyle(el).color);
    expect(luminance(text)).toBeLessThan(0.2);
  });
});
