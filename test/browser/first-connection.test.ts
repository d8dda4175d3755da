/**
 * An admin's first steps on a fresh install, in a real browser: add a qTest connection through the form, map a
 * qTest project to a Jira project, and sync it.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/local-app';
import { closeChecked, launchBrowser, openPage, type WatchedPage } from './browser';
import { eventually, tableRecords, visible } from './ui';

jest.setTimeout(120000);

let app: TestApp;
let browser: Browser;
let watched: WatchedPage;
let page: Page;

/** The demo's Web Storefront project holds 120 test cases. */
const WEB_STOREFRONT_CASES = 120;

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp({ seedDemo: false }), launchBrowser()]);
  watched = await openPage(browser);
  page = watched.page;
  await page.goto(`${app.server.url}/admin/?as=demo-admin`);
});
afterAll(async () => {
  await closeChecked(watched);
  await browser?.close();
  await app?.close();
});

/** Picks an option of an Atlaskit Select by typing part of its label. */
async function choose(scope: Locator, label: string, option: string): Promise<void> {
  const input = scope.getByLabel(new RegExp(`^${label}`));
  await input.click();
  await input.fill(option);
  await visible(page.getByRole('option', { name: new RegExp(option) }).first());
  await input.press('Enter');
}

describe('first connection', () => {
  it('starts with no connection', async () => {
    await visible(page.getByText('No connections yet'));
  });

  it('adds a qTest connection through the form, with the token stored and never shown', async () => {
    await page.getByRole('button', { name: 'Connect qTest' }).click();
    const form = await visible(page.getByRole('form', { name: 'Add qTest connection' }));
    await form.getByLabel('Name').fill('Team qTest');
    await form.getByLabel('Site URL').fill('https://demo.qtestnet.com');
    await form.getByLabel('API token').fill('qtest-demo-token');
    await form.getByRole('button', { name: 'Save connection' }).click();
    const card = await visible(page.getByRole('region', { name: 'qTest connection Team qTest' }));
    await visible(card.getByText('Credential stored'));
    expect(await page.content()).not.toContain('qtest-demo-token');
  });

  it('maps a qTest project to a Jira project and syncs it', async () => {
    const card = page.getByRole('region', { name: 'qTest connection Team qTest' });
    await card.getByRole('button', { name: 'Add mapping' }).click();
    const form = await visible(page.getByRole('form', { name: 'Add mapping' }));
    await choose(form, 'qTest project', 'Web Storefront');
    await choose(form, 'Jira project', 'SHOP');
    await form.getByRole('button', { name: 'Save mapping' }).click();
    const mappings = await eventually(
      () => tableRecords(card.getByRole('table').first()),
      (rows) => rows.length === 1,
      'the new mapping to be listed',
    );
    expect(mappings[0]).toMatchObject({ 'qTest project': 'Web Storefront', 'Jira project': expect.stringContaining('SHOP'), 'Issue type': 'Test' });

    await card.getByRole('button', { name: 'Sync now' }).click();
    await visible(card.getByRole('heading', { name: 'Sync finished' }), 60000);
    await visible(card.getByText(new RegExp(`^${WEB_STOREFRONT_CASES} created · `)));
    expect(await app.search('testsyncTool = qtest')).toHaveLength(WEB_STOREFRONT_CASES);
  });
});
