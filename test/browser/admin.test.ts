/**
 * The admin page in a real browser, against the whole app on the local Forge runtime: what a non-admin sees,
 * bad input in the connection form, testing the demo connection from its row, a dry run followed from queued
 * to its result with its whole plan paged and downloaded as CSV, a sync followed through its phases to its
 * result, axe-core on each state in light and dark, and that the stored API token never reaches the page.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DEMO_ACTIVE_CASES } from '../support/local-app';
import { axeViolations } from './axe';
import { useBrowserApp } from './browser';
import { eventually, tableRecords, visible } from './ui';

const DEMO_TOKEN = 'qtest-demo-token';
const TESTS_JQL = 'project = SHOP AND issuetype = Test';
/** Each qTest request of the demo answers this late, so a sync takes long enough to be watched. */
const QTEST_DELAY_MS = 600;
const RUN_TIMEOUT_MS = 90000;

jest.setTimeout(240000);

// Delays a failed test left set are cleared before the app closes.
const env = useBrowserApp({ beforeClose: (app) => app.qtest.faults.clear() });
const invokeAnswers: Promise<string>[] = [];

async function openAdmin(accountId = 'demo-admin', theme: 'light' | 'dark' = 'light'): Promise<Page> {
  const { page, response: doc } = await env.open('/admin/', {
    query: { as: accountId },
    theme,
    colorScheme: theme,
    beforeGoto: (p) => {
      p.on('response', (res) => {
        if (new URL(res.url()).pathname === '/__forge/invoke') invokeAnswers.push(res.text());
      });
    },
  });
  expect(doc?.status()).toBe(200);
  expect(await doc!.text()).not.toContain(DEMO_TOKEN);
  await visible(page.getByRole('heading', { name: 'TestSync', level: 1 }));
  return page;
}

async function expectNoSeriousViolations(page: Page, state: string): Promise<void> {
  await page.waitForTimeout(800);
  expect({ state, violations: await axeViolations(page) }).toEqual({ state, violations: [] });
}

const demoRow = (page: Page) => page.getByRole('table', { name: 'Connections' }).getByRole('row').filter({ has: page.getByRole('button', { name: 'qTest (demo)', exact: true }) });

async function menu(page: Page, item: string): Promise<void> {
  await page.getByRole('button', { name: 'Actions for qTest (demo)' }).click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

describe('admin page', () => {
  it('tells a user who is not a Jira admin that only admins can view the settings, and shows no connection data', async () => {
    const page = await openAdmin('demo-tester');
    await visible(page.getByRole('alert').filter({ hasText: 'Only Jira administrators can view' }));
    await visible(page.getByRole('heading', { name: 'TestSync settings could not be loaded' }));
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Connections' }).count()).toBe(0);
    const text = (await page.locator('body').innerText()).toLowerCase();
    expect(text).not.toContain('qtest (demo)');
    expect(text).not.toContain('demo.qtestnet.com');
    await expectNoSeriousViolations(page, 'not an admin');
  });

  it('rejects a site URL that is not a qTest site with an error on that field, checks nothing and adds nothing', async () => {
    const page = await openAdmin();
    await page.getByRole('button', { name: 'Add connection' }).click();
    await page.getByRole('menuitem', { name: 'qTest' }).click();
    const form = await visible(page.getByRole('form', { name: 'Add qTest connection' }));
    await form.getByLabel('Name').fill('Bad');
    await form.getByLabel('Site URL').fill('http://example.com');
    await form.getByLabel('API token').fill('x');
    await form.getByRole('button', { name: 'Save connection' }).click();
    await visible(form.getByRole('heading', { name: 'The connection was not saved' }));
    const siteUrl = form.getByLabel('Site URL');
    await eventually(() => siteUrl.getAttribute('aria-invalid'), (v) => v === 'true', 'the Site URL field to be marked invalid');
    expect(await form.getByRole('alert').first().textContent()).toMatch(/Site URL must look like https:\/\/<site>\.qtestnet\.com/);
    expect(await form.getByLabel('Name').getAttribute('aria-invalid')).toBeNull();
    await expectNoSeriousViolations(page, 'connection form with a field error (light)');
    await form.getByRole('button', { name: 'Cancel' }).click();
    expect((await env.app.admin('getOverview')).connections.map((c: { name: string }) => c.name)).toEqual(['qTest (demo)']);
  });

  it('tests the demo connection from its row and says it works in a flag', async () => {
    const page = await openAdmin();
    await menu(page, 'Test connection');
    await visible(page.getByRole('region', { name: 'Notifications' }).getByText('qTest (demo): connection works'));
    await expectNoSeriousViolations(page, 'test connection flag (light)');
  });

  it('follows a dry run from queued to its result, then pages through its whole plan and downloads it as CSV; nothing is written to Jira', async () => {
    env.app.qtest.faults.set({ delayMs: QTEST_DELAY_MS });
    const page = await openAdmin();
    await menu(page, 'Dry run');
    await visible(page.getByText('Dry run of qTest (demo) started'));
    // The row shows the run as it goes: its state, phase and what it would do so far.
    const progress = await eventually(() => demoRow(page).innerText(), (t) => /(Queued|Running)/.test(t) && /so far would create \d+/.test(t), 'the row to show the dry run in progress', RUN_TIMEOUT_MS);
    expect(progress).toMatch(/Reading test cases|Reading test runs|Retrying failed items|Queued: starts in a moment/);
    await expectNoSeriousViolations(page, 'dry run in progress (light)');
    env.app.qtest.faults.clear();
    const finished = page.getByRole('region', { name: 'Notifications' }).getByText('Dry run of qTest (demo) finished');
    await visible(finished, RUN_TIMEOUT_MS);
    await page.getByRole('button', { name: 'View the plan' }).click();

    const dialog = await visible(page.getByRole('dialog', { name: 'Dry run of qTest (demo)' }));
    await visible(dialog.getByRole('tab', { name: `Would create (${DEMO_ACTIVE_CASES})` }));
    const plan = dialog.getByRole('table', { name: 'Would create' });
    const first = await eventually(() => tableRecords(plan), (rows) => rows.length === 25, 'the first page of the plan');
    expect(first[0]).toMatchObject({ '#': '1', Item: expect.stringMatching(/^TC-\d+: /) });
    await expectNoSeriousViolations(page, 'dry-run plan (light)');
    // The last page holds items 176 to 200: the plan is whole, beyond the 100 the run record keeps.
    await dialog.getByRole('button', { name: 'page 8' }).click();
    const last = await eventually(() => tableRecords(plan), (rows) => rows[0]?.['#'] === '176', 'the last page of the plan');
    expect(last.map((r) => r['#'])).toEqual(Array.from({ length: 25 }, (_, i) => String(176 + i)));
    expect(last.every((r) => /^TC-\d+: /.test(r.Item))).toBe(true);
    await dialog.getByRole('tab', { name: /^Would link \(\d+\)$/ }).click();
    const links = await eventually(() => tableRecords(dialog.getByRole('table', { name: 'Would link' })), (rows) => rows.length === 25, 'the links of the plan');
    expect(links[0].Item).toMatch(/ tests SHOP-\d+$/);
    await visible(dialog.getByRole('table', { name: 'Would link' }).getByRole('link', { name: /^SHOP-\d+$/ }));

    const downloading = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Download CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^testsync-dry-run-.+\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    const linked = Number(/\((\d+)\)/.exec((await dialog.getByRole('tab', { name: /^Would link/ }).innerText()))![1]);
    expect(csv[0]).toBe('kind,position,item');
    expect(csv).toHaveLength(1 + DEMO_ACTIVE_CASES + linked);
    expect(csv.filter((l) => l.startsWith('create,'))).toHaveLength(DEMO_ACTIVE_CASES);
    expect(csv[DEMO_ACTIVE_CASES]).toMatch(/^create,200,/);
    await visible(page.getByText('The plan is downloaded'));
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    expect(await env.app.search(TESTS_JQL)).toHaveLength(0);
  });

  it('follows a sync through its phases to its result in the row, the run details and a flag', async () => {
    env.app.qtest.faults.set({ delayMs: QTEST_DELAY_MS });
    const page = await openAdmin();
    await menu(page, 'Sync now');
    await page.getByRole('button', { name: 'View progress' }).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'Sync of qTest (demo)' }));
    const phases = new Set<string>();
    await eventually(
      async () => {
        const text = await dialog.getByTestId('run-progress').innerText().catch(() => '');
        const phase = /^(Queued|Retrying failed items|Reading test cases|Reading test runs|Looking for deleted test cases|Writing results|Updating coverage)/m.exec(text)?.[1];
        if (phase) phases.add(phase);
        return text;
      },
      (t) => /Reading test runs/.test(t) && /\d+ created/.test(t),
      'the run details to show the sync reading test runs with its counts so far',
      RUN_TIMEOUT_MS,
    );
    expect(phases.size).toBeGreaterThanOrEqual(2);
    await expectNoSeriousViolations(page, 'sync in progress, run details (light)');
    env.app.qtest.faults.clear();
    await eventually(() => dialog.innerText(), (t) => new RegExp(`^${DEMO_ACTIVE_CASES} created · `, 'm').test(t), 'the run details to show the result', RUN_TIMEOUT_MS);
    await visible(page.getByRole('region', { name: 'Notifications' }).getByText('Sync of qTest (demo) finished'));
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await eventually(() => demoRow(page).innerText(), (t) => /Succeeded/.test(t) && /Healthy/.test(t), 'the row to show the finished sync');
    expect(await env.app.search(TESTS_JQL)).toHaveLength(DEMO_ACTIVE_CASES);
  });

  it('has no serious or critical accessibility violations in the dark theme', async () => {
    const page = await openAdmin('demo-admin', 'dark');
    await visible(page.getByRole('table', { name: 'Sync history' }));
    await expectNoSeriousViolations(page, 'admin page (dark)');
    await page.getByRole('button', { name: /^Details of the dry run of qTest \(demo\)/ }).click();
    await visible(page.getByRole('dialog', { name: 'Dry run of qTest (demo)' }).getByRole('table', { name: 'Would create' }));
    await expectNoSeriousViolations(page, 'dry-run plan (dark)');
  });

  it('never sent the stored API token to the page', async () => {
    const answers = await Promise.all(invokeAnswers);
    expect(answers.length).toBeGreaterThan(10);
    for (const answer of answers) expect(answer).not.toContain(DEMO_TOKEN);
  });
});
