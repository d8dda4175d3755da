/**
 * The release readiness gadget in a real browser, on the local runtime's dashboard: before a sync it says the trend
 * starts after the next one; configured in edit mode for SHOP / 3.2 it lists SHOP-1 failing first with the
 * traceability page's coverage and pass rate; with production chosen SHOP-1 no longer fails; the trend is a
 * sparkline with its table; the dark theme; accessibility; and the licence message.
 */
import type { Locator, Page, Route } from 'playwright-core';
import { axeViolations } from './axe';
import { useBrowserApp, type OpenOptions } from './browser';
import { eventually, luminance, pageBackground, visible } from './ui';

jest.setTimeout(120000);

const env = useBrowserApp({ app: { tools: ['qtest', 'xray', 'qmetry'] } });

async function openGadget(query: Record<string, string>, theme?: 'dark', beforeGoto?: OpenOptions['beforeGoto']): Promise<Page> {
  const { page, response } = await env.open('/gadget/', { query, theme, beforeGoto });
  expect(response?.status()).toBe(200);
  return page;
}

async function choose(page: Page, label: string, option: string | RegExp): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  await (await visible(page.getByRole('option', { name: option }))).click();
}

/** The requirements listed as failing or blocked, in order, with their readiness. */
async function attention(page: Page): Promise<{ key: string; readiness: string }[]> {
  const items = page.getByTestId('gadget-attention-item');
  const out = [];
  for (let i = 0; i < (await items.count()); i++) {
    out.push({ key: (await items.nth(i).getAttribute('data-key')) ?? '', readiness: (await items.nth(i).getAttribute('data-readiness')) ?? '' });
  }
  return out;
}

/** The trend table's rows as records by column header (each row's first cell is its header cell). */
async function trendRows(table: Locator): Promise<Record<string, string>[]> {
  return table.evaluate((el) => {
    const headers = Array.from(el.querySelectorAll('thead th')).map((th) => (th.textContent ?? '').trim());
    return Array.from(el.querySelectorAll('tbody tr')).map((tr) =>
      Object.fromEntries(Array.from(tr.querySelectorAll('th, td')).map((cell, i) => [headers[i], (cell.textContent ?? '').trim()])),
    );
  });
}

/** Real time for a request the page may have sent to reach the test's route. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.trim();

/** Saves the edit mode and waits for the gadget's view. */
async function save(page: Page, heading: string): Promise<void> {
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL((url) => !url.searchParams.has('edit'));
  await visible(page.getByRole('heading', { name: heading }));
}

describe('release readiness gadget', () => {
  it('says, before the first sync, that the trend starts after the next one', async () => {
    const page = await openGadget({ project: 'SHOP', version: '3.2' });
    await visible(page.getByRole('heading', { name: 'Release readiness of SHOP 3.2' }));
    await visible(page.getByText('The trend starts after the next sync.', { exact: true }));
    expect((await env.app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
  });

  it('is configured in edit mode for SHOP / 3.2 and lists SHOP-1 failing first, with the traceability page’s coverage and pass rate', async () => {
    const page = await openGadget({ gadget: 'release', edit: '1' });
    await visible(page.getByRole('heading', { name: 'Release readiness: what to show' }));
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await choose(page, 'Project', 'Online Shop (SHOP)');
    await choose(page, 'Version', /^3\.2 \(unreleased/);
    expect(await axeViolations(page)).toEqual([]);
    await save(page, 'Release readiness of SHOP 3.2');

    await eventually(() => attention(page), (a) => a.length > 0, 'the failing requirements');
    expect((await attention(page))[0]).toEqual({ key: 'SHOP-1', readiness: 'FAIL' });
    await visible(page.getByText('Unreleased · results over every environment', { exact: true }));
    const gadget = { coverage: await text(page, 'gadget-coverage-value'), pass: await text(page, 'gadget-pass-value') };
    expect(await page.getByTestId('gadget-count-FAIL').getAttribute('data-count')).not.toBe('0');
    expect(await text(page, 'gadget-computed')).toMatch(/^Computed at \d{1,2}:\d{2}\s?(AM|PM); refreshed every 5 minutes while shown\.$/);

    const trace = (await env.open('/traceability/', { query: { project: 'SHOP' } })).page;
    await visible(trace.getByRole('heading', { name: 'Traceability of SHOP 3.2' }));
    expect({ coverage: await text(trace, 'total-coverage-value'), pass: await text(trace, 'total-pass-value') }).toEqual(gadget);

    // The saved configuration is the gadget's from now on: opened again, it shows the same.
    const again = await openGadget({ gadget: 'release' });
    await visible(again.getByRole('heading', { name: 'Release readiness of SHOP 3.2' }));
  });

  it('shows SHOP-1 not failing once production is chosen in edit mode', async () => {
    const page = await openGadget({ gadget: 'release', edit: '1' });
    // The edit mode opens on what was saved.
    await visible(page.getByText('Online Shop (SHOP)', { exact: true }));
    await choose(page, 'Environment', 'production');
    await save(page, 'Release readiness of SHOP 3.2 · production');
    await visible(page.getByText('Unreleased · results on production', { exact: true }));
    await eventually(() => page.getByTestId('gadget-coverage-value').count(), (n) => n === 1, 'the figures');
    expect((await attention(page)).map((a) => a.key)).not.toContain('SHOP-1');

    const trace = (await env.open('/traceability/', { query: { project: 'SHOP' } })).page;
    await trace.getByLabel('Environment', { exact: true }).click();
    await trace.getByRole('option', { name: 'production', exact: true }).click();
    await visible(trace.getByRole('heading', { name: 'Traceability of SHOP 3.2 · production' }));
    // The page's heading follows its answer: the totals now are production's.
    expect({ coverage: await text(trace, 'total-coverage-value'), pass: await text(trace, 'total-pass-value') }).toEqual({
      coverage: await text(page, 'gadget-coverage-value'),
      pass: await text(page, 'gadget-pass-value'),
    });
  });

  it('shows the trend over the last syncs as a sparkline, and as a table', async () => {
    const page = await openGadget({ gadget: 'release' });
    const trend = await visible(page.getByTestId('gadget-trend'));
    expect(await trend.getAttribute('data-state')).toBe('shown');
    const chart = page.getByRole('img', { name: /^Pass rate .* over the last 1 sync\.$/ });
    await visible(chart);
    await page.getByText('The trend as a table', { exact: true }).click();
    const rows = await trendRows(await visible(page.getByTestId('gadget-trend-table')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ Requirements: '6', 'Pass rate': await text(page, 'gadget-pass-value') });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('asks again every 5 minutes while shown, one request at a time, and not while hidden', async () => {
    // The page's clock is Playwright's; the gadget's calls to its resolver are held until the test lets them through.
    const held: (() => void)[] = [];
    let asked = 0;
    let hold = false;
    const page = await openGadget({ project: 'SHOP', version: '3.2' }, undefined, async (p) => {
      await p.clock.install();
      await p.route('**/__forge/invoke', async (route: Route) => {
        asked++;
        const response = await route.fetch();
        if (hold) await new Promise<void>((resolve) => held.push(resolve));
        await route.fulfill({ response });
      });
    });
    await visible(page.getByTestId('gadget-pass-value'));
    // When it was computed (to the millisecond: the server's clock is not the page's).
    const computedAt = () => page.getByTestId('gadget-computed').locator('time').getAttribute('datetime');
    const computed = await computedAt();
    expect(asked).toBe(1);

    await page.clock.fastForward('05:00');
    await eventually(async () => asked, (n) => n === 2, 'the refresh after 5 minutes');
    await eventually(computedAt, (t) => t !== computed, 'the new computation time');

    // A slow answer is not joined by another: 10 more minutes pass while it is out.
    hold = true;
    await page.clock.fastForward('05:00');
    await eventually(async () => asked, (n) => n === 3, 'the next refresh');
    await page.clock.fastForward('05:00');
    await page.clock.fastForward('05:00');
    await settle();
    expect(asked).toBe(3);
    await visible(page.getByTestId('gadget-pass-value'));
    hold = false;
    held.splice(0).forEach((release) => release());

    // A hidden dashboard is not asked; shown again after longer than 5 minutes, it asks at once.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.clock.fastForward('15:00');
    await settle();
    expect(asked).toBe(3);
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await eventually(async () => asked, (n) => n === 4, 'the refresh when shown again');
    // A refresh may still be in flight through the route: let it go before the page closes.
    await page.unrouteAll({ behavior: 'ignoreErrors' });
  });

  it('asks a gadget not configured yet to be configured', async () => {
    const page = await openGadget({ gadget: 'new' });
    await visible(page.getByRole('heading', { name: 'Choose a project and version' }));
  });

  it('shows the dark theme when Jira is dark', async () => {
    const page = await openGadget({ gadget: 'release' }, 'dark');
    await visible(page.getByTestId('gadget-pass-value'));
    expect(luminance(await pageBackground(page))).toBeLessThan(0.1);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows the licence message instead of the figures while the licence is not active', async () => {
    const page = await openGadget({ gadget: 'release', license: 'inactive' });
    await visible(page.getByTestId('licence-inactive'));
    expect(await page.getByTestId('gadget-pass-value').count()).toBe(0);
  });
});
