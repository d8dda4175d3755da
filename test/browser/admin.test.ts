/**
 * The admin page in a real browser, against the whole app on the local Forge runtime: what a Jira admin
 * and a non-admin see, adding a connection with bad input, testing the demo connection, a dry run and a
 * sync, and that the stored API token never reaches the page.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestApp, DEMO_ACTIVE_CASES, type TestApp } from '../support/local-app';
import { closeChecked, launchBrowser, openPage, type WatchedPage } from './browser';
import { eventually, tableRecords, visible } from './ui';

const DEMO_TOKEN = 'qtest-demo-token';
const TESTS_JQL = 'project = SHOP AND issuetype = Test';
/** A run of the demo (200 cases, their runs and coverage) plus the page's 3 s polling. */
const RUN_TIMEOUT_MS = 45000;

jest.setTimeout(120000);

let app: TestApp;
let browser: Browser;
let watched: WatchedPage | undefined;

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
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

/** Every answer of `/__forge/invoke` the page received, as text, and the page's own HTML as served. */
interface Traffic {
  invokeAnswers: Promise<string>[];
  documents: string[];
}

async function openAdmin(accountId: string): Promise<{ page: Page; traffic: Traffic }> {
  watched = await openPage(browser);
  const { page } = watched;
  const traffic: Traffic = { invokeAnswers: [], documents: [] };
  page.on('response', (res) => {
    if (new URL(res.url()).pathname === '/__forge/invoke') traffic.invokeAnswers.push(res.text());
  });
  const doc = await page.goto(`${app.server.url}/admin/?as=${encodeURIComponent(accountId)}`);
  expect(doc?.status()).toBe(200);
  traffic.documents.push(await doc!.text());
  await visible(page.getByRole('heading', { name: 'TestSync', level: 1 }));
  return { page, traffic };
}

async function expectNoSecret(page: Page, traffic: Traffic): Promise<void> {
  const answers = await Promise.all(traffic.invokeAnswers);
  expect(answers.length).toBeGreaterThan(0);
  for (const answer of answers) expect(answer).not.toContain(DEMO_TOKEN);
  for (const doc of traffic.documents) expect(doc).not.toContain(DEMO_TOKEN);
  expect(await page.content()).not.toContain(DEMO_TOKEN);
  const fieldValues = await page.locator('input, textarea').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  expect(fieldValues.join('\n')).not.toContain(DEMO_TOKEN);
}

const connectionRegion = (page: Page) => page.getByRole('region', { name: 'qTest connection qTest (demo)' });
const connectionRegions = (page: Page) => page.getByRole('region', { name: /^qTest connection / });
const historyTable = (page: Page) => page.getByRole('table', { name: 'Sync history' });

/** What the dry run step showed, for the known-bug check below. */
const dryRunSeen: { wouldCreate?: string } = {};

describe('admin page', () => {
  it('tells a user who is not a Jira admin that only admins can view the settings, and shows no connection data', async () => {
    const { page, traffic } = await openAdmin('demo-tester');
    const alert = await visible(page.getByRole('alert').filter({ hasText: 'Only Jira administrators' }));
    expect(await alert.textContent()).toMatch(/Only Jira administrators can view/);
    await visible(page.getByRole('heading', { name: 'TestSync settings could not be loaded' }));

    expect(await connectionRegions(page).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Connections' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Sync now' }).count()).toBe(0);
    const text = (await page.locator('body').innerText()).toLowerCase();
    expect(text).not.toContain('qtest (demo)');
    expect(text).not.toContain('demo.qtestnet.com');
    await expectNoSecret(page, traffic);
  });

  it('rejects a connection whose site URL is not a qTest site, with an error on that field, and adds nothing', async () => {
    const { page, traffic } = await openAdmin('demo-admin');
    await visible(connectionRegion(page));
    await page.getByRole('button', { name: 'Connect qTest' }).click();
    const form = await visible(page.getByRole('form', { name: 'Add qTest connection' }));
    await form.getByLabel('Name').fill('Bad');
    await form.getByLabel('Site URL').fill('http://example.com');
    await form.getByLabel('API token').fill('x');
    await form.getByRole('button', { name: 'Save connection' }).click();

    await visible(form.getByRole('alert').first());
    const siteUrl = form.getByLabel('Site URL');
    await eventually(() => siteUrl.getAttribute('aria-invalid'), (v) => v === 'true', 'the Site URL field to be marked invalid');
    const description = await siteUrl.evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    expect(description).toMatch(/Site URL must look like https:\/\/<site>\.qtestnet\.com/);
    await visible(form.getByRole('heading', { name: 'The connection was not saved' }));
    expect(await form.getByRole('alert').first().textContent()).toMatch(/Site URL must look like/);
    // The other fields carry no error of their own.
    expect(await form.getByLabel('Name').getAttribute('aria-invalid')).toBeNull();

    await form.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await visible(connectionRegion(page));
    expect(await connectionRegions(page).count()).toBe(1);
    expect(await page.getByText('Bad', { exact: true }).count()).toBe(0);
    const overview = await app.admin('getOverview');
    expect(overview.connections.map((c: { name: string }) => c.name)).toEqual(['qTest (demo)']);
    await expectNoSecret(page, traffic);
  });

  it('lists the demo connection, tests it, runs a dry run that writes nothing, then syncs all demo tests', async () => {
    const { page, traffic } = await openAdmin('demo-admin');
    const card = await visible(connectionRegion(page));
    await visible(card.getByRole('heading', { name: 'qTest (demo)' }));
    await visible(card.getByRole('link', { name: 'https://demo.qtestnet.com' }));
    await visible(card.getByText('Credential stored', { exact: true }));
    expect(await card.getByText('No credential').count()).toBe(0);

    // Test connection
    await card.getByRole('button', { name: 'Test connection' }).click();
    const works = await visible(card.getByRole('heading', { name: 'Connection works' }));
    // The section message around the title (Atlaskit renders it as a <section>).
    const message = await works.locator('xpath=ancestor::section[1]').innerText();
    expect(message).toMatch(/Connected to qTest/);
    expect(message).not.toMatch(/How to fix/);

    // Dry run: the run finishes in the background and the page polls until the history shows it.
    await card.getByRole('button', { name: 'Dry run' }).click();
    const dry = await eventually(
      () => tableRecords(historyTable(page)),
      (rows) => rows.length === 1 && rows[0].State === 'Succeeded',
      'the dry run to show as succeeded in the history',
      RUN_TIMEOUT_MS,
    );
    expect(dry[0]).toMatchObject({ Connection: 'qTest (demo)', Trigger: expect.stringContaining('Dry run'), Failed: '0' });
    await visible(card.getByText(/nothing was written/));
    const wouldCreate = await visible(card.getByText(/^Would create \(\d+\)$/));
    dryRunSeen.wouldCreate = (await wouldCreate.textContent()) ?? '';
    expect(Number(/\((\d+)\)/.exec(dryRunSeen.wouldCreate)![1])).toBeGreaterThanOrEqual(100);
    const planned = card.getByRole('list', { name: 'Would create' });
    await visible(planned.getByText('TC-1: ', { exact: false }));
    await visible(planned.getByText(/^and \d+ more$/));
    expect(await app.search(TESTS_JQL)).toHaveLength(0);

    // Sync now
    await card.getByRole('button', { name: 'Sync now' }).click();
    const runs = await eventually(
      () => tableRecords(historyTable(page)),
      (rows) => rows.length === 2 && rows[0].State === 'Succeeded',
      'the sync to show as succeeded at the top of the history',
      RUN_TIMEOUT_MS,
    );
    expect(runs[0]).toMatchObject({ Connection: 'qTest (demo)', Trigger: 'Manual', Created: String(DEMO_ACTIVE_CASES), Failed: '0' });
    expect(runs[1].Trigger).toContain('Dry run');
    await visible(card.getByRole('heading', { name: 'Sync finished' }));
    await visible(card.getByText(new RegExp(`^${DEMO_ACTIVE_CASES} created · `)));
    expect(await app.search(TESTS_JQL)).toHaveLength(DEMO_ACTIVE_CASES);

    await expectNoSecret(page, traffic);
  });

  it('a dry run tells how many test cases it would create (all 200 of the demo)', () => {
    expect(dryRunSeen.wouldCreate).toBe(`Would create (${DEMO_ACTIVE_CASES})`);
  });
});
