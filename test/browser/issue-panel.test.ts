/**
 * The issue panel in a real browser after a sync of the demo: coverage on a story, steps and runs on a
 * synced test, the permission error for a user who cannot browse the project, the empty state, and the
 * light and dark themes.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/local-app';
import { closeChecked, launchBrowser, openPage, type WatchedPage } from './browser';
import { luminance, pageBackground, tableRecords, visible } from './ui';

jest.setTimeout(90000);

const TESTS_JQL = 'project = SHOP AND issuetype = Test';
const STATUS_LABELS = ['Pass', 'Fail', 'Blocked', 'Skipped', 'Not run', 'In progress'];

let app: TestApp;
let browser: Browser;
let watched: WatchedPage | undefined;
/** A synced test with runs and steps, found through Jira's search. */
let testIssue: { key: string; displayId: string; runs: number };

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
  const summary = await app.server.fireTrigger('sync-scheduler');
  expect(summary.events.failed).toBe(0);
  const tests = await app.search(`${TESTS_JQL} ORDER BY key ASC`, ['summary'], ['testsync']);
  const withRuns = tests.filter((i) => (i.properties.testsync?.history?.length ?? 0) > 1);
  expect(withRuns.length).toBeGreaterThan(0);
  const chosen = withRuns[0];
  testIssue = { key: chosen.key, displayId: String(chosen.fields.summary).split(':')[0], runs: chosen.properties.testsync.history.length };
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});
afterEach(async () => {
  const w = watched;
  watched = undefined;
  await closeChecked(w);
});

async function openPanel(issueKey: string, options: { as?: string; theme?: 'dark'; osColorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
  watched = await openPage(browser, { colorScheme: options.osColorScheme });
  const { page } = watched;
  const query = new URLSearchParams({ issueKey, as: options.as ?? 'demo-tester' });
  if (options.theme) query.set('theme', options.theme);
  const res = await page.goto(`${app.server.url}/issue-panel/?${query}`);
  expect(res?.status()).toBe(200);
  await visible(page.getByRole('button', { name: 'Refresh' }));
  return page;
}

describe('issue panel', () => {
  it('shows on a story its coverage summary and every covering test with its latest status and a link to qTest', async () => {
    const page = await openPanel('SHOP-1');
    await visible(page.getByRole('heading', { name: 'Coverage' }));
    await visible(page.getByText('14 tests', { exact: true }));

    // The summary's lozenges read "<status> <count>" ("Pass 13"); the table's read the status alone.
    const summary = page.getByText(new RegExp(`^(${STATUS_LABELS.join('|')}) \\d+$`));
    await visible(summary);
    const counts = (await summary.allInnerTexts()).map((s) => s.trim());
    expect(counts.length).toBeGreaterThan(0);
    let sum = 0;
    for (const entry of counts) {
      const m = /^(.+?) (\d+)$/i.exec(entry);
      expect(m).not.toBeNull();
      expect(STATUS_LABELS.map((l) => l.toLowerCase())).toContain(m![1].toLowerCase());
      sum += Number(m![2]);
    }
    expect(sum).toBe(14);

    const table = await visible(page.getByRole('table', { name: 'Tests covering SHOP-1' }));
    const rows = await tableRecords(table);
    expect(rows).toHaveLength(14);
    for (const row of rows) {
      expect(row.Tool).toBe('qTest');
      expect(row.Test).toMatch(/^SHOP-\d+\s*TC-\d+/);
      expect(STATUS_LABELS).toContain(row.Latest);
    }
    const links = table.getByRole('link', { name: 'Open in qTest' });
    expect(await links.count()).toBe(14);
    for (const href of await links.evaluateAll((els) => els.map((a) => (a as HTMLAnchorElement).href))) {
      expect(href).toMatch(/^https:\/\/demo\.qtestnet\.com\//);
    }
    expect(await links.first().getAttribute('target')).toBe('_blank');
    await visible(table.getByRole('link', { name: /^SHOP-\d+$/ }));
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
    const steps = await tableRecords(await visible(page.getByRole('table', { name: `Steps of ${testIssue.displayId}` })));
    expect(steps.length).toBeGreaterThan(0);
    steps.forEach((step, i) => {
      expect(step['#']).toBe(String(i + 1));
      expect(step.Action).not.toBe('');
      expect(step['Expected result']).not.toBe('');
    });
    await visible(page.getByRole('heading', { name: 'Covers' }));
  });

  it('tells a user who cannot browse the project that they do not have permission, and shows no test data', async () => {
    const page = await openPanel('SHOP-1', { as: 'demo-outsider' });
    await visible(page.getByRole('heading', { name: 'Tests could not be loaded' }));
    const alert = await visible(page.getByRole('alert'));
    expect(await alert.innerText()).toMatch(/do not have permission/);
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Coverage' }).count()).toBe(0);
    expect(await page.getByRole('link').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toMatch(/TC-\d+/);
  });

  it('shows the empty state on a story no test covers', async () => {
    const page = await openPanel('SHOP-12');
    await visible(page.getByRole('heading', { name: 'No tests yet' }));
    await visible(page.getByText('No tests from qTest, Xray or QMetry cover this issue yet.'));
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('renders dark with theme=dark, with light text on the dark background', async () => {
    const page = await openPanel('SHOP-1', { theme: 'dark' });
    await visible(page.getByRole('table', { name: 'Tests covering SHOP-1' }));
    const background = await pageBackground(page);
    expect(luminance(background)).toBeLessThan(0.1);
    const text = await page.locator('body').evaluate((el) => getComputedStyle(el).color);
    expect(luminance(text)).toBeGreaterThan(0.5);
  });

  it('renders light without theme=dark, even when the system prefers dark', async () => {
    const page = await openPanel('SHOP-1', { osColorScheme: 'dark' });
    await visible(page.getByRole('table', { name: 'Tests covering SHOP-1' }));
    const background = await pageBackground(page);
    expect(luminance(background)).toBeGreaterThan(0.8);
    const text = await page.locator('body').evaluate((el) => getComputedStyle(el).color);
    expect(luminance(text)).toBeLessThan(0.2);
  });
});
