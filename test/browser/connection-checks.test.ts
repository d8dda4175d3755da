/**
 * "Test connection" on the admin page, for every tool: a wrong secret, a wrong Xray region and an expired token
 * each show their own cause, with the fix on the connection's row; no secret reaches the page. (An unknown
 * project entered in the form is shown before the form closes: admin-connections.test.ts.)
 */
import type { Page } from 'playwright-core';
import { openPage, useBrowserApp, type WatchedPage } from './browser';
import { connectionRow, eventually, rowMenu, visible } from './ui';

jest.setTimeout(120000);

const env = useBrowserApp({ app: { tools: ['qtest', 'xray', 'qmetry'] } });
/** One admin page for the checks, open from the first to the last (closed with the browser). */
let watched: WatchedPage;
let page: Page;
const invokeAnswers: Promise<string>[] = [];
const SECRETS = ['wrong-xray-secret', 'xray-demo-secret', 'qtest-expired-token', 'qmetry-demo-key', 'qtest-demo-token'];

beforeAll(async () => {
  for (const input of [
    { tool: 'xray', name: 'Xray wrong secret', region: 'global', clientId: 'xray-demo-client', clientSecret: 'wrong-xray-secret' },
    { tool: 'xray', name: 'Xray in EU', region: 'eu', clientId: 'xray-demo-client', clientSecret: 'xray-demo-secret' },
    { tool: 'qtest', name: 'qTest expired', baseUrl: 'https://demo.qtestnet.com', apiToken: 'qtest-expired-token' },
  ]) {
    expect((await env.app.admin('saveConnection', input)).error).toBeUndefined();
  }
  watched = await openPage(env.browser);
  page = watched.page;
  page.on('response', (res) => {
    if (new URL(res.url()).pathname === '/__forge/invoke') invokeAnswers.push(res.text());
  });
  await page.goto(`${env.app.server.url}/admin/?as=demo-admin`);
  await visible(page.getByRole('table', { name: 'Connections' }));
});

/** Test connection from the connection's row menu: the outcome's flag, and the row's health once reloaded. */
async function testConnection(name: string): Promise<{ flag: string; row: string }> {
  await rowMenu(page, name, 'Test connection');
  const flag = await visible(page.getByRole('region', { name: 'Notifications' }).getByText(`${name}: `, { exact: false }).first());
  const flagText = (await flag.locator('xpath=ancestor::*[@role="alert" or @role="status"][1]').innerText().catch(() => flag.innerText())) ?? '';
  const rowText = await eventually(() => connectionRow(page, name).innerText(), (t) => t.length > 0, `the row of ${name}`);
  // Dismiss the flag so the next one is read alone.
  await page.keyboard.press('Escape');
  return { flag: flagText, row: rowText };
}

describe('test connection on the admin page', () => {
  it('says the demo Xray and QMetry connections work', async () => {
    expect((await testConnection('Xray (demo)')).flag).toMatch(/Xray \(demo\): connection works/i);
    expect((await testConnection('QMetry (demo)')).flag).toMatch(/QMetry \(demo\): connection works/i);
  });

  it('shows a rejected Xray client secret, with its fix on the row', async () => {
    const { flag } = await testConnection('Xray wrong secret');
    expect(flag).toMatch(/Xray wrong secret: The credentials were rejected/);
    const row = await eventually(() => connectionRow(page, 'Xray wrong secret').innerText(), (t) => /Fix:/.test(t), 'the fix on the row');
    expect(row).toMatch(/Check failed/);
  });

  it('shows credentials that belong to another Xray region, and says to check the region', async () => {
    const { flag } = await testConnection('Xray in EU');
    expect(flag).toMatch(/Wrong site URL or region/);
    await eventually(() => connectionRow(page, 'Xray in EU').innerText(), (t) => /Fix:.*region/i.test(t), 'the region fix on the row');
  });

  it('shows an expired qTest token', async () => {
    const { flag } = await testConnection('qTest expired');
    expect(flag).toMatch(/The token has expired/);
    await eventually(() => connectionRow(page, 'qTest expired').innerText(), (t) => /expired/i.test(t) && /Fix:/.test(t), 'the expiry and its fix on the row');
  });

  it('never sent a secret to the page, and the page had no errors', async () => {
    const answers = (await Promise.all(invokeAnswers)).join('\n') + (await page.content());
    for (const secret of SECRETS) expect(answers).not.toContain(secret);
    expect(watched.pageErrors.map(String)).toEqual([]);
    expect(watched.consoleProblems).toEqual([]);
  });
});

describe("a story's panel after syncing all three tools", () => {
  beforeAll(async () => {
    const summary = await env.app.server.fireTrigger('sync-scheduler');
    expect(summary.events.failed).toBe(0);
  });

  async function openPanel(accountId: string, check: (p: Page) => Promise<void>): Promise<void> {
    const panel = await openPage(env.browser);
    try {
      await panel.page.goto(`${env.app.server.url}/issue-panel/?issueKey=SHOP-1&as=${accountId}`);
      await check(panel.page);
      expect(panel.pageErrors.map(String)).toEqual([]);
    } finally {
      await panel.close();
    }
  }

  it('lists tests from qTest, Xray and QMetry with links to open each in its tool', async () => {
    await openPanel('demo-admin', async (p) => {
      const table = await visible(p.getByRole('table', { name: 'Tests covering SHOP-1' }));
      for (const tool of ['qTest', 'Xray', 'QMetry']) {
        expect(await table.getByRole('link', { name: new RegExp(`Open in ${tool}`) }).count()).toBeGreaterThan(0);
      }
      expect(await p.getByText(/cannot browse/).count()).toBe(0);
    });
  });

  it("tells a user who cannot browse Xray's project how many covering tests it leaves out", async () => {
    const { hidden } = await env.app.panel('SHOP-1', 'getPanel', 'demo-tester');
    expect(hidden).toBeGreaterThan(1);
    await openPanel('demo-tester', async (p) => {
      const table = await visible(p.getByRole('table', { name: 'Tests covering SHOP-1' }));
      for (const tool of ['qTest', 'QMetry']) {
        expect(await table.getByRole('link', { name: new RegExp(`Open in ${tool}`) }).count()).toBeGreaterThan(0);
      }
      expect(await table.getByRole('link', { name: /Open in Xray/ }).count()).toBe(0);
      await visible(p.getByText(`${hidden} more tests cover this issue in projects you cannot browse.`, { exact: true }));
    });
  });
});
