/**
 * The audit log on the admin page in a real browser: a replaced secret shown as "secret replaced" and never
 * the secret itself (on the page or in any answer it received), who and what of each change, pages of twenty
 * newest first, filtered by connection; axe-core light and dark.
 */
import type { Page } from 'playwright-core';
// The local runtime is loaded before anything that loads @forge/api.
import '../support/local-app';
import { appendAudit } from '../../src/audit/store';
import { axeViolations } from './axe';
import { useBrowserApp } from './browser';
import { eventually, tableRecords, visible } from './ui';

jest.setTimeout(180000);

const DEMO_TOKEN = 'qtest-demo-token';

const env = useBrowserApp();
const answers: Promise<string>[] = [];

beforeAll(async () => {
  const { app } = env;
  // 30 older changes by someone Jira does not know, on a connection since deleted…
  await app.server.runtime.runInInvocation(async () => {
    for (let i = 0; i < 30; i++) {
      await appendAudit({ accountId: 'former-admin', action: 'sync.started', connectionId: 'qtest-gone', connectionName: 'Old qTest', detail: `Sync run-${i}` }, new Date(Date.now() - (40 - i) * 3_600_000));
    }
  });
  // …then the demo connection renamed, and its API token entered again.
  const base = { id: 'qtest-demo', tool: 'qtest', baseUrl: 'https://demo.qtestnet.com' };
  await app.admin('saveConnection', { ...base, name: 'qTest (renamed)', apiToken: '' });
  await app.admin('saveConnection', { ...base, name: 'qTest (renamed)', apiToken: DEMO_TOKEN });
});

async function openAdmin(theme: 'light' | 'dark' = 'light', width = 1200): Promise<Page> {
  const { page } = await env.open('/admin/', {
    query: { as: 'demo-admin' },
    theme,
    colorScheme: theme,
    width,
    height: 900,
    beforeGoto: (p) => {
      p.on('response', (res) => {
        if (new URL(res.url()).pathname === '/__forge/invoke') answers.push(res.text());
      });
    },
  });
  await visible(auditTable(page));
  return page;
}

const auditTable = (page: Page) => page.getByRole('table', { name: 'Audit log' });
const rows = (page: Page) => tableRecords(auditTable(page));

async function expectNoSeriousViolations(page: Page, state: string): Promise<void> {
  await page.waitForTimeout(800);
  expect({ state, violations: await axeViolations(page) }).toEqual({ state, violations: [] });
}

describe('audit log', () => {
  it('shows a replaced secret as "secret replaced", with who and what, and never the secret', async () => {
    const page = await openAdmin();
    await visible(page.getByRole('heading', { name: 'Audit log', level: 2 }));
    await visible(page.getByText(/^32 changes recorded\./));
    const [replaced, renamed] = await eventually(() => rows(page), (r) => r.length === 20, 'the first page');
    expect(replaced).toMatchObject({ Who: 'Dana Admin', What: 'Secret replacedqTest (renamed)', Details: 'API token: secret replaced' });
    expect(replaced.When).toMatch(/now|second|minute/);
    expect(renamed).toMatchObject({ What: 'Connection editedqTest (renamed)', Details: 'Name: qTest (demo) → qTest (renamed)' });
    expect(await page.locator('body').innerText()).not.toContain(DEMO_TOKEN);
    expect(await page.content()).not.toContain(DEMO_TOKEN);
    for (const text of await Promise.all(answers)) expect(text).not.toContain(DEMO_TOKEN);
    await expectNoSeriousViolations(page, 'audit log (light)');
  });

  it('pages twenty changes at a time, newest first, and filters by connection', async () => {
    const page = await openAdmin();
    const first = await eventually(() => rows(page), (r) => r.length === 20, 'the first page');
    expect(first.slice(2).every((r) => r.Who === 'former-admin' && r.What === 'Sync startedOld qTest')).toBe(true);
    expect(first[2].Details).toBe('Sync run-29');
    await page.getByRole('region', { name: 'Audit log', exact: true }).getByRole('button', { name: 'page 2' }).click();
    const second = await eventually(() => rows(page), (r) => r.length === 12, 'the second page');
    expect(second.map((r) => r.Details)).toEqual(Array.from({ length: 12 }, (_, i) => `Sync run-${11 - i}`));

    const filter = page.getByLabel('Show changes to', { exact: true });
    await filter.click();
    await page.getByRole('option', { name: 'qTest (renamed)', exact: true }).click();
    const own = await eventually(() => rows(page), (r) => r.length === 2, "the demo connection's changes");
    expect(own.map((r) => r.Details)).toEqual(['API token: secret replaced', 'Name: qTest (demo) → qTest (renamed)']);
    await visible(page.getByText(/^2 changes recorded for this connection\./));
  });

  it('has no serious or critical accessibility violations at 800 px, light and dark', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const page = await openAdmin(theme, 800);
      await eventually(() => rows(page), (r) => r.length === 20, 'the audit log');
      await auditTable(page).scrollIntoViewIfNeeded();
      await expectNoSeriousViolations(page, `audit log at 800 px (${theme})`);
      await env.closePages();
    }
  });
});
