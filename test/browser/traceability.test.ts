/**
 * The traceability page in a real browser after a sync of the demo from qTest, Xray and QMetry: the totals of the
 * release, a failing requirement first, the environment filter turning SHOP-1 from failing (staging) to passing
 * (production), the CSV download saying exactly what the table says, the dark theme, accessibility, and the
 * licence message.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { axeViolations } from './axe';
import { useBrowserApp } from './browser';
import { parseCsv } from '../support/csv';
import { eventually, luminance, pageBackground, tableRecords, visible } from './ui';

jest.setTimeout(120000);

const env = useBrowserApp({ app: { tools: ['qtest', 'xray', 'qmetry'] } });

beforeAll(async () => {
  expect((await env.app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
});

async function openPage(query: Record<string, string> = {}, theme?: 'dark'): Promise<Page> {
  const { page, response } = await env.open('/traceability/', { query: { project: 'SHOP', ...query }, theme });
  expect(response?.status()).toBe(200);
  await visible(page.getByTestId('traceability--table'));
  return page;
}

const table = (page: Page) => page.getByTestId('traceability--table');

/** The table's rows as the user reads them, each cell's list items apart. */
async function rowsShown(page: Page): Promise<{ cells: Record<string, string>; readiness: string; tests: string[]; defects: string[] }[]> {
  const records = await tableRecords(table(page));
  const out = [];
  for (const [i, cells] of records.entries()) {
    const row = table(page).locator('tbody tr').nth(i);
    out.push({
      cells,
      readiness: (await row.locator('[data-readiness]').getAttribute('data-readiness')) ?? '',
      tests: (await row.getByTestId('trace-test').allTextContents()).map((t) => t.trim()),
      defects: (await row.getByTestId('trace-defect').allTextContents()).map((t) => t.trim()),
    });
  }
  return out;
}

async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function readinessOf(page: Page, key: string): Promise<string> {
  return (await table(page).getByTestId(`trace-row-${key}`).locator('[data-readiness]').getAttribute('data-readiness')) ?? '';
}


describe('traceability page', () => {
  it('opens on release 3.2 with its totals, failing requirements first', async () => {
    const page = await openPage();
    await visible(page.getByRole('heading', { name: 'Traceability of SHOP 3.2' }));
    const rows = await rowsShown(page);
    expect(rows.map((r) => r.cells.Requirement).sort()).toEqual(['SHOP-1', 'SHOP-2', 'SHOP-3', 'SHOP-4', 'SHOP-5', 'SHOP-6']);
    expect(rows[0].readiness).toBe('FAIL');
    expect(rows[0].cells.Readiness).toBe('Failing');
    const failing = rows.filter((r) => r.readiness === 'FAIL').length;
    const passing = rows.filter((r) => r.readiness === 'PASS').length;
    const uncovered = rows.filter((r) => r.readiness === 'UNCOVERED').length;
    const total = async (id: string) => (await page.getByTestId(`total-${id}-value`).textContent())?.trim();
    expect(await total('requirements')).toBe('6');
    expect(await total('failing')).toBe(String(failing));
    expect(await total('coverage')).toBe(`${Math.round(((6 - uncovered) / 6) * 1000) / 10} %`);
    expect(await total('pass')).toBe(`${Math.round((passing / 6) * 1000) / 10} %`);
    // SHOP-1 is covered from every tool.
    const shop1 = rows.find((r) => r.cells.Requirement === 'SHOP-1')!;
    for (const tool of ['qTest', 'Xray Cloud', 'QMetry']) expect(shop1.tests.some((t) => t.includes(` ${tool}`))).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('turns SHOP-1 from failing on staging to passing on production', async () => {
    const page = await openPage();
    await choose(page, 'Environment', 'staging');
    await eventually(() => readinessOf(page, 'SHOP-1'), (r) => r === 'FAIL', 'SHOP-1 failing on staging');
    await visible(page.getByRole('heading', { name: 'Traceability of SHOP 3.2 · staging' }));
    await choose(page, 'Environment', 'production');
    await eventually(() => readinessOf(page, 'SHOP-1'), (r) => r === 'PASS', 'SHOP-1 passing on production');
    const shop1 = (await rowsShown(page)).find((r) => r.cells.Requirement === 'SHOP-1')!;
    expect(shop1.cells.Readiness).toBe('Passing');
    expect(shop1.tests.every((t) => t.endsWith(': Pass'))).toBe(true);
  });

  it('downloads as CSV exactly what the table shows for the filters', async () => {
    const page = await openPage();
    await choose(page, 'Environment', 'staging');
    await eventually(() => readinessOf(page, 'SHOP-1'), (r) => r === 'FAIL', 'the staging results');
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('traceability-SHOP-3.2-staging.csv');
    const [header, ...records] = parseCsv(readFileSync((await download.path())!, 'utf8'));
    const rows = await rowsShown(page);
    expect(header).toEqual(Object.keys(rows[0].cells));
    expect(records).toHaveLength(rows.length);
    for (const [i, row] of rows.entries()) {
      const record = Object.fromEntries(header.map((h, j) => [h, records[i][j]]));
      expect([record.Requirement, record.Summary, record.Status, record.Readiness]).toEqual([row.cells.Requirement, row.cells.Summary, row.cells.Status, row.cells.Readiness]);
      expect(record.Tests ? record.Tests.split('\n') : []).toEqual(row.tests);
      expect(record.Defects ? record.Defects.split('\n') : []).toEqual(row.defects);
    }
    await visible(page.getByText('Downloaded traceability-SHOP-3.2-staging.csv: 6 requirements.', { exact: false }));
  });

  it('shows the dark theme when Jira is dark', async () => {
    const page = await openPage({}, 'dark');
    expect(luminance(await pageBackground(page))).toBeLessThan(0.1);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows the licence message instead of the report while the licence is not active', async () => {
    const { page } = await env.open('/traceability/', { query: { project: 'SHOP', license: 'inactive' } });
    await visible(page.getByTestId('licence-inactive'));
    expect(await page.getByTestId('traceability--table').count()).toBe(0);
  });
});
