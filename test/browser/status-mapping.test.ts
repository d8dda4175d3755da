/**
 * The status mapping of a connection on the admin page: qTest's statuses with their canonical meaning,
 * the custom "Retest" unmapped until an admin maps it to Fail and saves; readable in the dark theme too.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/local-app';
import { closeChecked, launchBrowser, openPage, type WatchedPage } from './browser';
import { eventually, luminance, tableRecords, visible } from './ui';

jest.setTimeout(120000);

const CARD = 'qTest connection qTest (demo)';
const FORM = 'Status mapping of qTest (demo)';
const SAVED = 'Status mapping saved. Synced results are re-counted with it at the next sync.';

let app: TestApp;
let browser: Browser;
let watched: WatchedPage;
let page: Page;

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
  watched = await openPage(browser);
  page = watched.page;
  await page.goto(`${app.server.url}/admin/?as=demo-admin`);
  await visible(page.getByRole('heading', { name: 'TestSync', level: 1 }));
});
afterAll(async () => {
  await closeChecked(watched);
  await browser?.close();
  await app?.close();
});

/** Opens the status mapping of the demo qTest connection and answers its form once the rows are shown. */
async function openStatusMapping(on: Page): Promise<Locator> {
  const card = await visible(on.getByRole('region', { name: CARD }));
  await card.getByRole('button', { name: 'Status mapping', exact: true }).click();
  const form = await visible(card.getByRole('form', { name: FORM }));
  await visible(form.getByRole('table', { name: FORM }));
  return form;
}

/** The mapping table's rows keyed by tool status name. */
async function rowsByName(form: Locator): Promise<Record<string, Record<string, string>>> {
  const records = await tableRecords(form.getByRole('table', { name: FORM }));
  return Object.fromEntries(records.map((r) => [r['Tool status'], r]));
}

describe('status mapping on the admin page', () => {
  let form: Locator;

  it("lists qTest's statuses: Passed and Failed mapped by default, the custom Retest not mapped", async () => {
    form = await openStatusMapping(page);
    const rows = await rowsByName(form);
    expect(rows.Passed).toMatchObject({ Mapping: 'default' });
    expect(rows.Passed['Counts as']).toContain('Pass');
    expect(rows.Failed).toMatchObject({ Mapping: 'default' });
    expect(rows.Failed['Counts as']).toContain('Fail');
    expect(rows.Retest).toMatchObject({ Mapping: 'not mapped — its runs count as Not run', Catalogue: 'in the catalogue' });
    expect(rows.Retest['Counts as']).toContain('Not mapped');
  });

  it('maps Retest to Fail, saves, and shows it as set by an admin', async () => {
    const input = form.getByLabel('Map Retest to');
    await input.click();
    await input.fill('Fail');
    await visible(page.getByRole('option', { name: 'Fail', exact: true }));
    await input.press('Enter');
    expect((await rowsByName(form)).Retest.Mapping).toBe('changed, not saved yet');

    await form.getByRole('button', { name: 'Save status mapping' }).click();
    await visible(form.getByText(SAVED));
    const rows = await eventually(() => rowsByName(form), (r) => r.Retest?.Mapping === 'set by an admin', 'Retest set by an admin');
    expect(rows.Retest['Counts as']).toContain('Fail');
    expect(rows.Passed.Mapping).toBe('default');
    expect(await form.getByRole('alert').count()).toBe(0);
  });

  it('closes with Cancel', async () => {
    await form.getByRole('button', { name: 'Cancel' }).click();
    const card = page.getByRole('region', { name: CARD });
    await eventually(() => card.getByRole('form', { name: FORM }).count(), (n) => n === 0, 'the status mapping form to close');
  });

  it('reads light on dark in the dark theme', async () => {
    const dark = await openPage(browser);
    try {
      await dark.page.goto(`${app.server.url}/admin/?as=demo-admin&theme=dark`);
      const darkForm = await openStatusMapping(dark.page);
      const name = await visible(darkForm.getByText('Retest', { exact: true }));
      const [text, background] = await name.evaluate((el) => {
        let surface: Element | null = el;
        while (surface && ['transparent', 'rgba(0, 0, 0, 0)'].includes(getComputedStyle(surface).backgroundColor)) {
          surface = surface.parentElement;
        }
        return [getComputedStyle(el).color, surface ? getComputedStyle(surface).backgroundColor : 'rgb(0, 0, 0)'];
      });
      expect(luminance(background)).toBeLessThan(0.1);
      expect(luminance(text)).toBeGreaterThan(0.5);
    } finally {
      await closeChecked(dark);
    }
  });
});
