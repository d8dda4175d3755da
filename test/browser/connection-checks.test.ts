/**
 * "Test connection" on the admin page, for every tool: a wrong secret, a wrong Xray region, an unknown
 * project and an expired token each show their own cause and fix; no secret reaches the page.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/local-app';
import { launchBrowser, openPage, type WatchedPage } from './browser';
import { visible } from './ui';

jest.setTimeout(120000);

let app: TestApp;
let browser: Browser;
let watched: WatchedPage;
let page: Page;
const invokeAnswers: Promise<string>[] = [];
const SECRETS = ['wrong-xray-secret', 'xray-demo-secret', 'qtest-expired-token', 'qmetry-demo-key', 'qtest-demo-token'];

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp({ tools: ['qtest', 'xray', 'qmetry'] }), launchBrowser()]);
  for (const input of [
    { tool: 'xray', name: 'Xray wrong secret', region: 'global', clientId: 'xray-demo-client', clientSecret: 'wrong-xray-secret' },
    { tool: 'xray', name: 'Xray in EU', region: 'eu', clientId: 'xray-demo-client', clientSecret: 'xray-demo-secret' },
    { tool: 'qtest', name: 'qTest expired', baseUrl: 'https://demo.qtestnet.com', apiToken: 'qtest-expired-token' },
  ]) {
    expect((await app.admin('saveConnection', input)).error).toBeUndefined();
  }
  watched = await openPage(browser);
  page = watched.page;
  page.on('response', (res) => {
    if (new URL(res.url()).pathname === '/__forge/invoke') invokeAnswers.push(res.text());
  });
  await page.goto(`${app.server.url}/admin/?as=demo-admin`);
  await visible(page.getByRole('heading', { name: 'TestSync', level: 1 }));
});
afterAll(async () => {
  await watched?.close();
  await browser?.close();
  await app?.close();
});

async function testConnection(region: string): Promise<{ title: string; text: string }> {
  const card = await visible(page.getByRole('region', { name: region }));
  await card.getByRole('button', { name: 'Test connection' }).click();
  const heading = await visible(card.getByRole('heading', { name: /^(Connection works|The credentials were rejected|The token has expired|Wrong site URL or region|Project not found)$/ }));
  const message = heading.locator('xpath=ancestor::section[1]');
  return { title: (await heading.textContent()) ?? '', text: (await message.textContent()) ?? '' };
}

describe('test connection on the admin page', () => {
  it('says the demo Xray and QMetry connections work', async () => {
    expect((await testConnection('Xray connection Xray (demo)')).title).toBe('Connection works');
    expect((await testConnection('QMetry connection QMetry (demo)')).title).toBe('Connection works');
  });

  it('shows a rejected Xray client secret with its fix', async () => {
    const { title, text } = await testConnection('Xray connection Xray wrong secret');
    expect(title).toBe('The credentials were rejected');
    expect(text).toMatch(/How to fix:/);
    expect(text).toContain('INVALID_CREDENTIALS');
  });

  it('shows credentials that belong to another Xray region, and says to check the region', async () => {
    const { title, text } = await testConnection('Xray connection Xray in EU');
    expect(title).toBe('Wrong site URL or region');
    expect(text).toMatch(/How to fix:.*region/i);
  });

  it('shows an expired qTest token', async () => {
    const { title, text } = await testConnection('qTest connection qTest expired');
    expect(title).toBe('The token has expired');
    expect(text).toMatch(/How to fix:/);
  });

  it('shows an unknown QMetry project entered in the form', async () => {
    await page.getByRole('button', { name: 'Connect QMetry' }).click();
    const form = await visible(page.getByRole('form', { name: 'Add QMetry connection' }));
    await form.getByLabel('Name').fill('QMetry wrong project');
    await form.getByLabel('QMetry URL').fill('https://demo.qmetry.com');
    await form.getByLabel('Open API key').fill('qmetry-demo-key');
    await form.getByLabel('Project key').fill('NOPE');
    await form.getByRole('button', { name: 'Save connection' }).click();
    const { title, text } = await testConnection('QMetry connection QMetry wrong project');
    expect(title).toBe('Project not found');
    expect(text).toContain('NOPE');
    expect(text).toMatch(/How to fix:/);
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
    const summary = await app.server.fireTrigger('sync-scheduler');
    expect(summary.events.failed).toBe(0);
  });

  async function openPanel(accountId: string, check: (p: Page) => Promise<void>): Promise<void> {
    const panel = await openPage(browser);
    try {
      await panel.page.goto(`${app.server.url}/issue-panel/?issueKey=SHOP-1&as=${accountId}`);
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
    const { hidden } = await app.panel('SHOP-1', 'getPanel', 'demo-tester');
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
