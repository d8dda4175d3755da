/**
 * An admin's everyday work on the new admin page, in a real browser: the first connection on a fresh install
 * (added with its check, a project mapped, synced), and on the demo: the status mapping, a mapping's choice for
 * test issues deleted in Jira, failed items skipped and retried (which starts a sync), and that sync cancelled
 * from the row menu.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/local-app';
import { recordFailure, type FailureInput } from '../../src/sync/failures';
import { closeChecked, launchBrowser, openPage, type WatchedPage } from './browser';
import { chooseOption, eventually, tableRecords, visible } from './ui';

jest.setTimeout(180000);

const RUN_TIMEOUT_MS = 60000;
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

async function open(app: TestApp): Promise<{ watched: WatchedPage; page: Page }> {
  const watched = await openPage(browser);
  await watched.page.goto(`${app.server.url}/admin/?as=demo-admin`);
  await visible(watched.page.getByRole('heading', { name: 'TestSync', level: 1 }));
  return { watched, page: watched.page };
}

const focusedLabel = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');

describe('the first connection on a fresh install', () => {
  let app: TestApp;
  let watched: WatchedPage;
  beforeAll(async () => {
    app = await startTestApp({ seedDemo: false });
  });
  afterAll(async () => {
    await closeChecked(watched);
    await app?.close();
  });

  it('adds a qTest connection (checked on save), maps a project and syncs it', async () => {
    let page: Page;
    ({ watched, page } = await open(app));
    await visible(page.getByText('No connections yet'));
    await page.getByRole('button', { name: 'Add connection' }).click();
    await page.getByRole('menuitem', { name: 'qTest' }).click();
    const form = await visible(page.getByRole('form', { name: 'Add qTest connection' }));
    await form.getByLabel('Name').fill('Team qTest');
    await form.getByLabel('Site URL').fill('https://demo.qtestnet.com');
    await form.getByLabel('API token').fill('qtest-demo-token');
    await form.getByRole('button', { name: 'Save connection' }).click();
    await visible(page.getByText('Team qTest is saved'));
    expect(await page.content()).not.toContain('qtest-demo-token');

    await page.getByRole('button', { name: 'Team qTest', exact: true }).click();
    const panel = await visible(page.getByRole('region', { name: 'Details of Team qTest' }));
    await panel.getByRole('button', { name: 'Add mapping' }).click();
    const mapping = await visible(panel.getByRole('form', { name: 'Add mapping' }));
    await chooseOption(page, mapping, /^qTest project/, 'Web Storefront');
    await chooseOption(page, mapping, /^Jira project/, 'SHOP');
    await mapping.getByRole('button', { name: 'Save mapping' }).click();
    const rows = await eventually(() => tableRecords(panel.getByRole('table', { name: 'Project mappings of Team qTest' })), (r) => r.length === 1, 'the new mapping');
    expect(rows[0]).toMatchObject({ 'qTest project': 'Web Storefront', 'Jira project': expect.stringContaining('SHOP'), 'Issue type': 'Test' });

    await page.getByRole('button', { name: 'Actions for Team qTest' }).click();
    await page.getByRole('menuitem', { name: 'Sync now', exact: true }).click();
    await visible(page.getByText('Sync of Team qTest finished'), RUN_TIMEOUT_MS);
    expect(await app.search('testsyncTool = qtest')).toHaveLength(120);
  });
});

describe('on the demo', () => {
  let app: TestApp;
  let watched: WatchedPage;
  let page: Page;
  const items: FailureInput[] = [9001, 9002].map((n) => ({
    sourceKey: `qtest:qtest-demo:101:${n}`, connectionId: 'qtest-demo', projectId: '101', externalId: String(n), displayId: `TC-${n}`,
    cause: `Jira answered 400 for TC-${n}.`, fix: 'Add the Labels field to the create screen of project SHOP.',
  }));
  beforeAll(async () => {
    app = await startTestApp();
    await app.server.runtime.runInInvocation(async () => {
      for (let i = 0; i < 5; i++) await recordFailure(items[0], new Date());
      await recordFailure(items[1], new Date());
    });
    ({ watched, page } = await open(app));
    await page.getByRole('button', { name: 'qTest (demo)', exact: true }).click();
  });
  afterAll(async () => {
    app?.qtest.faults.clear();
    await closeChecked(watched);
    await app?.close();
  });
  const panel = () => page.getByRole('region', { name: 'Details of qTest (demo)' });

  it('maps the custom status Retest to Fail and saves it', async () => {
    await panel().getByRole('tab', { name: 'Status mapping' }).click();
    const form = await visible(panel().getByRole('form', { name: 'Status mapping of qTest (demo)' }), 30000);
    const byName = async () => Object.fromEntries((await tableRecords(form.getByRole('table', { name: 'Status mapping of qTest (demo)' }))).map((r) => [r['Tool status'], r]));
    expect((await eventually(byName, (r) => !!r.Retest, 'the Retest row')).Retest.Mapping).toBe('not mapped — its runs count as Not run');
    await chooseOption(page, form, 'Map Retest to', 'Fail');
    await form.getByRole('button', { name: 'Save status mapping' }).click();
    const rows = await eventually(byName, (r) => r.Retest?.Mapping === 'set by an admin', 'Retest set by an admin');
    expect(rows.Retest['Counts as']).toContain('Fail');
  });

  it("keeps a mapping's choice for test issues deleted in Jira", async () => {
    await panel().getByRole('tab', { name: 'Project mappings (2)' }).click();
    await panel().getByRole('button', { name: 'Edit mapping of Web Storefront' }).click();
    const form = await visible(panel().getByRole('form', { name: 'Edit mapping of Web Storefront' }));
    await chooseOption(page, form, 'When a synced test issue is deleted in Jira', 'Create it again');
    await form.getByRole('button', { name: 'Save mapping' }).click();
    await eventually(
      () => tableRecords(panel().getByRole('table', { name: 'Project mappings of qTest (demo)' })),
      (r) => r.find((m) => m['qTest project'] === 'Web Storefront')?.['If deleted in Jira'] === 'Create again',
      'the mapping to read Create again',
    );
  });

  it('skips one failed item and retries the parked one, which starts a sync', async () => {
    await panel().getByRole('tab', { name: 'Failed items (2)' }).click();
    const section = await visible(panel().getByRole('region', { name: 'Failed items of qTest (demo)' }));
    await visible(section.getByText('1 retrying · 1 parked · 0 skipped'));
    await section.getByRole('button', { name: 'Skip TC-9002' }).click();
    await visible(section.getByText('TC-9002 is skipped: syncs leave it alone until it changes in qTest.'));
    await eventually(() => focusedLabel(page), (l) => l === 'Retry TC-9002', 'focus on Retry TC-9002');
    app.qtest.faults.set({ delayMs: 4000 });
    await section.getByRole('button', { name: 'Retry TC-9001' }).click();
    await visible(section.getByText('TC-9001 is back in the queue: a sync has started to retry it now.'));
    await eventually(() => page.getByRole('table', { name: 'Connections' }).innerText(), (t) => /Queued|Running/.test(t), 'the row to show the sync');
  });

  it('cancels that sync from the row menu: it ends as Cancelled', async () => {
    await page.getByRole('button', { name: 'Actions for qTest (demo)' }).click();
    await page.getByRole('menuitem', { name: 'Cancel sync' }).click();
    await visible(page.getByText(/^The sync of qTest \(demo\) (is cancelled|stops after the page it is working on)\.$/));
    app.qtest.faults.clear();
    await eventually(
      () => tableRecords(page.getByRole('table', { name: 'Sync history' })),
      (r) => r[0]?.State === 'Cancelled',
      'the sync to read Cancelled in the history',
      RUN_TIMEOUT_MS,
    );
    await app.server.runtime.drain();
  });
});
