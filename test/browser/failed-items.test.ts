/**
 * What went wrong in a sync, on the admin page in a real browser: two items that failed to reach Jira listed
 * with their cause and fix, one skipped and one retried (which starts a sync), that sync cancelled from the
 * card, and a mapping's "when a synced test issue is deleted in Jira" choice saved and shown again.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/local-app';
import { recordFailure, type FailureInput } from '../../src/sync/failures';
import { closeChecked, launchBrowser, openPage, type WatchedPage } from './browser';
import { eventually, tableRecords, visible } from './ui';

jest.setTimeout(120000);

const CARD = 'qTest connection qTest (demo)';
const FAILED = 'Failed items of qTest (demo)';
/** Long enough that the sync a retry starts is still at its first qTest request while the page is checked. */
const QTEST_DELAY_MS = 4000;
const RUN_TIMEOUT_MS = 60000;

/** Failed items of cases no demo project has, so no sync resolves them on its own. */
const ITEMS: FailureInput[] = [
  {
    sourceKey: 'qtest:qtest-demo:101:9001',
    connectionId: 'qtest-demo',
    projectId: '101',
    externalId: '9001',
    displayId: 'TC-9001',
    name: 'Pay with a saved card',
    cause: 'Jira answered 400: Field "labels" cannot be set. It is not on the appropriate screen.',
    fix: 'Add the Labels field to the create screen of project SHOP.',
  },
  {
    sourceKey: 'qtest:qtest-demo:101:9002',
    connectionId: 'qtest-demo',
    projectId: '101',
    externalId: '9002',
    displayId: 'TC-9002',
    name: 'Apply a coupon',
    cause: 'The test case is longer than Jira allows even after shortening.',
    fix: 'Shorten its steps in qTest.',
  },
];

let app: TestApp;
let browser: Browser;
let watched: WatchedPage;
let page: Page;

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
  await app.server.runtime.runInInvocation(async () => {
    // Five failures park TC-9001; TC-9002 failed once and is retried by the next syncs.
    for (let i = 0; i < 5; i++) await recordFailure(ITEMS[0], new Date());
    await recordFailure(ITEMS[1], new Date());
  });
  watched = await openPage(browser);
  page = watched.page;
  await page.goto(`${app.server.url}/admin/?as=demo-admin`);
  await visible(page.getByRole('heading', { name: 'TestSync', level: 1 }));
});
afterAll(async () => {
  app?.qtest.faults.clear();
  await closeChecked(watched);
  await browser?.close();
  await app?.close();
});

const card = () => page.getByRole('region', { name: CARD });
const section = () => card().getByRole('region', { name: FAILED });
const historyTable = () => page.getByRole('table', { name: 'Sync history' });

/** The failed items table's rows keyed by the item's id (the Item cell starts with it). */
async function rowsById(): Promise<Record<string, Record<string, string>>> {
  const records = await tableRecords(section().getByRole('table', { name: FAILED }));
  return Object.fromEntries(records.map((r) => [/^TC-\d+/.exec(r.Item)?.[0] ?? r.Item, r]));
}

const focusedLabel = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');

/** Picks an option of an Atlaskit Select by typing part of its label. */
async function choose(scope: Locator, label: string, option: string): Promise<void> {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(option);
  await visible(page.getByRole('option', { name: option, exact: true }));
  await input.press('Enter');
}

describe('failed items on the admin page', () => {
  it('lists both failed items with cause, fix, attempts and state, and the counts', async () => {
    await visible(section().getByRole('heading', { name: 'Failed items' }));
    await visible(section().getByText('1 retrying · 1 parked · 0 skipped'));
    const rows = await rowsById();
    expect(Object.keys(rows)).toEqual(['TC-9001', 'TC-9002']);
    expect(rows['TC-9001']).toMatchObject({ Cause: ITEMS[0].cause, Fix: ITEMS[0].fix, Attempts: '5', 'Jira issue': 'None yet' });
    expect(rows['TC-9001'].Item).toContain('Pay with a saved card');
    expect(rows['TC-9001']['Next attempt']).toContain('Parked');
    expect(rows['TC-9002']).toMatchObject({ Cause: ITEMS[1].cause, Fix: ITEMS[1].fix, Attempts: '1' });
    expect(rows['TC-9002']['Next attempt']).toMatch(/^Retrying\s*in /);
    for (const name of ['Retry TC-9001', 'Skip TC-9001', 'Retry TC-9002', 'Skip TC-9002', 'Retry all']) {
      await visible(section().getByRole('button', { name, exact: true }));
    }
  });

  it('skips TC-9002: it reads Skipped, the counts follow, and focus stays on its row', async () => {
    await section().getByRole('button', { name: 'Skip TC-9002' }).click();
    await visible(section().getByText('TC-9002 is skipped: syncs leave it alone until it changes in qTest.'));
    const rows = await eventually(rowsById, (r) => r['TC-9002']?.['Next attempt'].startsWith('Skipped'), 'TC-9002 to read Skipped');
    expect(rows['TC-9002']['Next attempt']).toContain('until it changes in qTest');
    expect(rows['TC-9001']['Next attempt']).toContain('Parked');
    await visible(section().getByText('0 retrying · 1 parked · 1 skipped'));
    expect(await section().getByRole('button', { name: 'Skip TC-9002' }).count()).toBe(0);
    await eventually(focusedLabel, (label) => label === 'Retry TC-9002', 'focus on Retry TC-9002');
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('retries the parked TC-9001: it is due now with a fresh budget, and a sync starts', async () => {
    app.qtest.faults.set({ delayMs: QTEST_DELAY_MS });
    await section().getByRole('button', { name: 'Retry TC-9001' }).click();
    await visible(section().getByText('TC-9001 is back in the queue: a sync has started to retry it now.'));
    const rows = await eventually(rowsById, (r) => r['TC-9001']?.['Next attempt'].startsWith('Retrying'), 'TC-9001 to read Retrying');
    expect(rows['TC-9001']).toMatchObject({ Attempts: '0' });
    expect(rows['TC-9001']['Next attempt']).toContain('due now');
    expect(rows['TC-9002']['Next attempt']).toContain('Skipped');
    await eventually(focusedLabel, (label) => label === 'Retry TC-9001', 'focus on Retry TC-9001');
    const history = await eventually(() => tableRecords(historyTable()), (r) => r.length === 1, 'the sync to show in the history');
    expect(history[0].State).toMatch(/^(Queued|Running)/);
  });

  it('cancels that sync from the card: it ends as Cancelled', async () => {
    await card().getByRole('button', { name: 'Cancel sync of qTest (demo)' }).click();
    await visible(card().getByRole('heading', { name: /^(Sync cancelled|Cancelling: the sync stops after the page it is working on)$/ }));
    app.qtest.faults.clear();
    const history = await eventually(
      () => tableRecords(historyTable()),
      (r) => r.length === 1 && r[0].State === 'Cancelled',
      'the sync to read Cancelled in the history',
      RUN_TIMEOUT_MS,
    );
    expect(history[0]).toMatchObject({ Connection: 'qTest (demo)', Trigger: 'Manual' });
    await visible(card().getByRole('heading', { name: 'Sync cancelled' }));
    expect(await page.getByRole('button', { name: /^Cancel sync/ }).count()).toBe(0);
    const run = (await app.admin('getOverview')).history[0];
    expect(run).toMatchObject({ state: 'cancelled' });
    // The cancelled step ends once its delayed qTest request is answered; closing the server before that would
    // leave the request's keep-alive connection open for the server's keep-alive timeout.
    await app.server.runtime.drain();
  });
});

describe('a mapping keeps what to do with a test issue deleted in Jira', () => {
  it('saves "Create it again", shows it in the table and in the form again', async () => {
    const label = 'When a synced test issue is deleted in Jira';
    await card().getByRole('button', { name: 'Edit mapping of Web Storefront' }).click();
    let form = await visible(card().getByRole('form', { name: 'Edit mapping of Web Storefront' }));
    await visible(form.getByText('Leave it deleted (default)'));
    await choose(form, label, 'Create it again');
    await form.getByRole('button', { name: 'Save mapping' }).click();
    const rows = await eventually(
      () => tableRecords(card().getByRole('table', { name: 'Project mappings of qTest (demo)' })),
      (r) => r.find((m) => m['qTest project'] === 'Web Storefront')?.['If deleted in Jira'] === 'Create again',
      'the mapping to read Create again',
    );
    expect(rows.find((m) => m['qTest project'] === 'Mobile App')?.['If deleted in Jira']).toBe('Leave deleted');
    const overview = await app.admin('getOverview');
    expect(overview.connections[0].mappings.find((m: { externalProjectId: string }) => m.externalProjectId === '101').onDeletedInJira).toBe('recreate');

    await card().getByRole('button', { name: 'Edit mapping of Web Storefront' }).click();
    form = await visible(card().getByRole('form', { name: 'Edit mapping of Web Storefront' }));
    await visible(form.getByText('Create it again', { exact: true }));
    await form.getByRole('button', { name: 'Cancel' }).click();
  });
});
