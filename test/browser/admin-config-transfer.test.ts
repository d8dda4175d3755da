/**
 * Export / import settings on the admin page in a real browser: the settings of one app downloaded as a file
 * (which holds none of its secrets, as the page says), a file that is not JSON refused with its problem and
 * nothing changed, then the downloaded file imported into a fresh app — previewed, confirmed, and its
 * connections shown waiting for their secrets; axe-core in light and dark.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/local-app';
import { axeViolations } from './axe';
import { useBrowserApp } from './browser';
import { connectionsTable, eventually, tableRecords, visible } from './ui';

jest.setTimeout(180000);

const SECRETS = ['qtest-demo-token', 'xray-demo-secret', 'qmetry-demo-key'];

/** The settings are exported from this app's demo… */
const env = useBrowserApp({ app: { tools: ['qtest', 'xray', 'qmetry'] } });
const source = () => env.app;
/** …and imported into this fresh one. */
let target: TestApp;
let exported: { name: string; text: string } | undefined;

beforeAll(async () => {
  target = await startTestApp({ tools: ['qtest', 'xray', 'qmetry'], seedDemo: false });
  expect((await source().admin('saveStatusMapping', { connectionId: 'qtest-demo', mapping: { Flaky: 'FAIL' } })).error).toBeUndefined();
});
afterAll(async () => {
  await target?.close();
});

async function openAdmin(app: TestApp, theme: 'light' | 'dark'): Promise<Page> {
  const { page } = await env.open('/admin/', { app, query: { as: 'demo-admin' }, theme, colorScheme: theme, height: 900 });
  await visible(page.getByRole('heading', { name: 'Export / import settings', level: 2 }));
  return page;
}

async function expectNoSeriousViolations(page: Page, state: string): Promise<void> {
  await page.waitForTimeout(800);
  expect({ state, violations: await axeViolations(page) }).toEqual({ state, violations: [] });
}

async function chooseFile(page: Page, name: string, text: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import settings…' }).click();
  await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

const section = (page: Page) => page.locator('section[aria-labelledby="config-transfer-heading"]');

describe('export / import settings', () => {
  it('downloads the settings as a file without secrets, and says so', async () => {
    const page = await openAdmin(source(), 'light');
    await visible(section(page).getByText('Secrets are not exported'));
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export settings' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^testsync-settings-.+-\d{4}-\d{2}-\d{2}\.json$/);
    const text = readFileSync((await download.path())!, 'utf8');
    exported = { name: download.suggestedFilename(), text };
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({ format: 'testsync-settings', formatVersion: 1, site: `${source().server.url}/jira`, secrets: expect.stringMatching(/^Secrets are not included/) });
    expect(doc.connections.map((c: { name: string }) => c.name)).toEqual(['QMetry (demo)', 'qTest (demo)', 'Xray (demo)']);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    await visible(page.getByText('Settings exported'));
    await visible(page.getByText(/3 connections, 4 project mappings and 1 status mapping in testsync-settings-.+\.json\. Secrets are not included\./));
    await expectNoSeriousViolations(page, 'exported (light)');
  });

  it('imports the file into a fresh site: a bad file is refused with nothing changed, then a preview, then confirm', async () => {
    expect(exported).toBeDefined();
    const page = await openAdmin(target, 'dark');
    await visible(page.getByText('No connections yet'));

    await chooseFile(page, 'notes.json', 'this is not JSON');
    await visible(page.getByText('notes.json cannot be imported: 1 problem'));
    await visible(page.getByText(/^Nothing was changed\./));
    const problems = await tableRecords(page.getByRole('table', { name: 'Problems in the settings file' }));
    expect(problems).toEqual([{ 'Where in the file': '$', Connection: '—', Problem: expect.stringMatching(/^The file is not JSON/) }]);
    await expectNoSeriousViolations(page, 'problems (dark)');

    await chooseFile(page, exported!.name, exported!.text);
    await visible(page.getByText('Ready to import 3 connections, 4 project mappings and 1 status mapping'));
    const preview = await eventually(() => tableRecords(page.getByRole('table', { name: 'Connections to import' })), (r) => r.length === 3, 'the preview');
    const qtest = preview.find((r) => r.Connection.startsWith('qTest (demo)'))!;
    expect(qtest).toMatchObject({ Settings: 'https://demo.qtestnet.com', 'Secret to enter': 'API token', 'Status mapping': 'Flaky → Fail' });
    expect(qtest['Project mappings']).toMatch(/Web Storefront → SHOP \(Test, every 5 minutes\).*Mobile App → SHOP/);
    expect(target.server.runtime.kvs.list('connection:', undefined, 100).items).toEqual([]);
    await expectNoSeriousViolations(page, 'preview (dark)');

    await page.getByRole('button', { name: 'Confirm import' }).click();
    await visible(page.getByText('Imported 3 connections, 4 project mappings and 1 status mapping'));
    await visible(section(page).getByText('qTest (demo) (qTest): enter its API token'));
    const rows = await eventually(() => tableRecords(connectionsTable(page)), (r) => r.length === 3, 'the imported connections in the table');
    const health = Object.fromEntries(rows.map((r) => [r.Name, r.Health]));
    expect(health['qTest (demo)']).toMatch(/^No API token/);
    expect(health['Xray (demo)']).toMatch(/^No Client secret/);
    expect(health['QMetry (demo)']).toMatch(/^No Open API key/);
    expect(rows.every((r) => r['Next sync'] === 'Disabled')).toBe(true);
    expect(target.server.runtime.kvs.list('connection:', undefined, 100).items.map((i) => i.key)).toEqual(['connection:qmetry-demo', 'connection:qtest-demo', 'connection:xray-demo']);
    await expectNoSeriousViolations(page, 'imported (dark)');
  });
});
