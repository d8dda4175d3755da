/**
 * Twenty connections on the admin page in a real browser: a compact table (one row each, health with the
 * latest failure's cause and fix, last and next sync, a row menu), details opened from a row one at a time,
 * a bad credential's cause and fix shown in the form before it closes, deleting a connection (what goes and
 * what stays said first), and axe-core on each state in light and dark.
 */
import type { Page } from 'playwright-core';
// The local runtime is loaded before anything that loads @forge/api.
import '../support/local-app';
import { saveRun, newRunId } from '../../src/sync/run-store';
import { axeViolations } from './axe';
import { useBrowserApp } from './browser';
import { connectionRow, connectionsTable, eventually, rowMenu, visible } from './ui';

jest.setTimeout(180000);

const env = useBrowserApp();

const TOOLS = ['qtest', 'xray', 'qmetry'] as const;
const SEEDED = 18; // with Xray in EU and the demo qTest connection: 20

function input(i: number) {
  const tool = TOOLS[i % 3];
  const name = `Team ${String(i + 1).padStart(2, '0')} ${tool}`;
  if (tool === 'qtest') return { tool, name, baseUrl: 'https://demo.qtestnet.com', apiToken: i === 3 ? 'qtest-expired-token' : 'qtest-demo-token' };
  if (tool === 'xray') return { tool, name, region: 'global', clientId: 'xray-demo-client', clientSecret: 'xray-demo-secret', sameSite: true };
  return { tool, name, baseUrl: 'https://demo.qmetry.com', apiKey: 'qmetry-demo-key', projectKey: 'SHOPQA' };
}

beforeAll(async () => {
  const ids: string[] = [];
  for (let i = 0; i < SEEDED; i++) {
    const view = await env.app.admin('saveConnection', input(i));
    expect(view.error).toBeUndefined();
    ids.push(view.id);
  }
  const eu = await env.app.admin('saveConnection', { tool: 'xray', name: 'Xray in EU', region: 'eu', clientId: 'xray-demo-client', clientSecret: 'xray-demo-secret', sameSite: true });
  expect(eu.error).toBeUndefined();
  // Team 04's token has expired: its check says so. Team 02's last sync failed.
  await env.app.admin('testConnection', { connectionId: ids[3] });
  await env.app.server.runtime.runInInvocation(async () => {
    const at = new Date(Date.now() - 3_600_000);
    await saveRun({
      runId: newRunId(at), connectionId: ids[1], trigger: 'schedule', dryRun: false, state: 'failed',
      startedAt: at.toISOString(), finishedAt: new Date(at.getTime() + 4000).toISOString(), durationMs: 4000,
      counts: { created: 0, updated: 0, unchanged: 0, linked: 0, failed: 0 },
      errors: [{ message: 'Xray (Team 02 xray): The Xray client secret was rejected' }], warnings: [],
      cursor: { step: 1, mappingIndex: 0, phase: 'done', mappings: [] },
    });
  });
});

async function openAdmin(theme: 'light' | 'dark' = 'light'): Promise<Page> {
  const { page } = await env.open('/admin/', { query: { as: 'demo-admin' }, theme, colorScheme: theme });
  await visible(page.getByRole('heading', { name: 'TestSync', level: 1 }));
  await visible(page.getByRole('table', { name: 'Connections' }));
  return page;
}

const table = connectionsTable;
const nameButton = (page: Page, name: string) => table(page).getByRole('button', { name, exact: true });
const row = connectionRow;
const menu = rowMenu;

async function expectNoSeriousViolations(page: Page, state: string): Promise<void> {
  // Flags and modals slide in: let them settle so colours are checked as they are seen.
  await page.waitForTimeout(800);
  const violations = await axeViolations(page);
  expect({ state, violations }).toEqual({ state, violations: [] });
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

describe('twenty connections', () => {
  it('lists them as a compact table, one row each, with health, last and next sync and one menu of actions', async () => {
    const page = await openAdmin();
    const rows = table(page).locator('tbody tr');
    await eventually(() => rows.count(), (n) => n === 20, 'twenty rows');
    // Compact: the whole table of twenty fits in about two screens; each row is short.
    const box = await table(page).boundingBox();
    expect(box!.height).toBeLessThan(2200);
    const heights = await rows.evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().height));
    expect(Math.max(...heights)).toBeLessThan(160);
    expect(await page.getByRole('button', { name: /^Actions for / }).count()).toBe(20);

    const expiredText = await row(page, 'Team 04 qtest').innerText();
    expect(expiredText).toMatch(/Check failed/);
    expect(expiredText).toMatch(/expired/i);
    expect(expiredText).toMatch(/Fix:/);
    const failed = await row(page, 'Team 02 xray').innerText();
    expect(failed).toMatch(/Last sync failed/);
    expect(failed).toMatch(/client secret was rejected/);
    expect(failed).toMatch(/Fix: Edit the connection and enter a valid Client secret/);
    expect(await row(page, 'qTest (demo)').innerText()).toMatch(/Not synced yet/);
    expect(await row(page, 'Team 03 qmetry').innerText()).toMatch(/No project mapped/);

    await page.getByRole('button', { name: 'Actions for Team 03 qmetry' }).click();
    const items = await page.getByRole('menuitem').allInnerTexts();
    expect(items.map((t) => t.split('\n')[0])).toEqual(['Edit', 'Test connection', 'Sync now', 'Dry run', 'Status mapping', 'Disconnect', 'Delete']);
    await page.keyboard.press('Escape');
    await expectNoSeriousViolations(page, 'connections table (light)');
  });

  it('tests a connection from its row: the cause in a flag, the cause and the fix on the row', async () => {
    const page = await openAdmin();
    await menu(page, 'Xray in EU', 'Test connection');
    await visible(page.getByRole('region', { name: 'Notifications' }).getByText('Xray in EU: Wrong site URL or region'));
    expect(await page.getByRole('region', { name: 'Notifications' }).innerText()).toMatch(/region/i);
    await eventually(() => row(page, 'Xray in EU').innerText(), (t) => /Check failed/.test(t) && /Fix:.*region/i.test(t), 'the row to show the failed check');
    await expectNoSeriousViolations(page, 'failed check flag (light)');
  });

  it('opens one connection\'s details from its row, one part at a time', async () => {
    const page = await openAdmin();
    await nameButton(page, 'qTest (demo)').click();
    const panel = await visible(page.getByRole('region', { name: 'Details of qTest (demo)' }));
    await eventually(() => focusedText(page), (t) => t === 'qTest (demo)', 'focus on the details heading');
    const tabs = panel.getByRole('tab');
    expect(await tabs.allInnerTexts()).toEqual(['Project mappings (2)', 'Failed items (0)', 'Status mapping', 'Version mapping', 'Latest run']);
    await visible(panel.getByRole('table', { name: 'Project mappings of qTest (demo)' }));
    expect(await panel.getByRole('table').count()).toBe(1);
    await panel.getByRole('tab', { name: 'Failed items (0)' }).click();
    await visible(panel.getByText(/No failed items/));
    expect(await panel.getByRole('table', { name: /Project mappings/ }).count()).toBe(0);
    await panel.getByRole('tab', { name: 'Status mapping' }).click();
    await visible(panel.getByRole('table', { name: 'Status mapping of qTest (demo)' }), 30000);
    await expectNoSeriousViolations(page, 'status mapping open (light)');
    await panel.getByRole('tab', { name: 'Project mappings (2)' }).click();
    await panel.getByRole('button', { name: 'Add mapping' }).click();
    await visible(panel.getByRole('form', { name: 'Add mapping' }));
    await expectNoSeriousViolations(page, 'mapping form open (light)');
    await panel.getByRole('button', { name: 'Close the details of qTest (demo)' }).click();
    expect(await page.getByRole('region', { name: 'Details of qTest (demo)' }).count()).toBe(0);
    await eventually(() => focusedText(page), (t) => t === 'qTest (demo)', 'focus back on the row');
  });

  it("shows a bad credential's cause and fix in the form before it closes, and keeps the settings only when told to", async () => {
    const page = await openAdmin();
    await menu(page, 'Team 01 qtest', 'Edit');
    const form = await visible(page.getByRole('form', { name: 'Edit Team 01 qtest' }));
    await expectNoSeriousViolations(page, 'edit form open (light)');
    await form.getByLabel('API token').fill('qtest-expired-token');
    await form.getByRole('button', { name: 'Save connection' }).click();
    const problem = await visible(form.getByRole('heading', { name: 'Not saved: The token has expired' }));
    const text = await problem.locator('xpath=ancestor::section[1]').innerText();
    expect(text).toMatch(/How to fix:/);
    expect(text).toContain('TOKEN_EXPIRED');
    // The form is still open, focus is on the problem, and a flag says it too.
    await visible(page.getByRole('dialog', { name: 'Edit Team 01 qtest' }));
    await eventually(() => page.evaluate(() => document.activeElement?.textContent ?? ''), (t) => /The token has expired/.test(t), 'focus on the problem');
    await visible(page.getByText('Team 01 qtest was not saved: the token has expired'));
    await expectNoSeriousViolations(page, 'failed check in the form (light)');

    await form.getByRole('button', { name: 'Keep these settings anyway' }).click();
    await eventually(() => page.getByRole('dialog', { name: 'Edit Team 01 qtest' }).count(), (n) => n === 0, 'the form to close');
    await visible(page.getByText('Team 01 qtest is saved, but its check failed'));
    await eventually(() => focusedText(page), (t) => t === 'Team 01 qtest', 'focus on the saved row');
    await eventually(() => row(page, 'Team 01 qtest').innerText(), (t) => /Check failed/.test(t) && /Fix:/.test(t), 'the row to show the failed check');

    // A good token: saved with the check passing.
    await menu(page, 'Team 01 qtest', 'Edit');
    const again = await visible(page.getByRole('form', { name: 'Edit Team 01 qtest' }));
    await again.getByLabel('API token').fill('qtest-demo-token');
    await again.getByRole('button', { name: 'Save connection' }).click();
    await visible(page.getByText('Team 01 qtest is saved'));
    await eventually(() => row(page, 'Team 01 qtest').innerText(), (t) => /No project mapped/.test(t), 'the row healthy again');
  });

  it('adds a connection through the form with its check, and says it in a flag', async () => {
    const page = await openAdmin();
    await page.getByRole('button', { name: 'Add connection' }).click();
    await page.getByRole('menuitem', { name: 'QMetry' }).click();
    const form = await visible(page.getByRole('form', { name: 'Add QMetry connection' }));
    await expectNoSeriousViolations(page, 'add form open (light)');
    await form.getByLabel('Name').fill('QMetry wrong project');
    await form.getByLabel('QMetry URL').fill('https://demo.qmetry.com');
    await form.getByLabel('Open API key').fill('qmetry-demo-key');
    await form.getByLabel('Project key').fill('NOPE');
    await form.getByRole('button', { name: 'Save connection' }).click();
    await visible(form.getByRole('heading', { name: 'Not saved: Project not found' }));
    expect(await form.innerText()).toContain('NOPE');
    await form.getByLabel('Project key').fill('SHOPQA');
    await form.getByRole('button', { name: 'Save connection' }).click();
    await visible(page.getByText('QMetry wrong project is saved'));
    await visible(row(page, 'QMetry wrong project'));
  });

  it('deletes a connection after saying what goes and what stays', async () => {
    const page = await openAdmin();
    await menu(page, 'qTest (demo)', 'Delete');
    const dialog = await visible(page.getByRole('dialog', { name: 'Delete qTest (demo)?' }));
    const deleted = await dialog.getByRole('list', { name: 'Deleted' }).innerText();
    expect(deleted).toMatch(/API token/);
    expect(deleted).toMatch(/2 project mappings \(Web Storefront → SHOP, Mobile App → SHOP\)/);
    expect(deleted).toMatch(/failed items and its sync history/);
    expect(await dialog.getByRole('list', { name: 'Stays in Jira' }).innerText()).toMatch(/every Jira issue it synced into .*SHOP/);
    await expectNoSeriousViolations(page, 'delete confirmation (light)');
    // Cancel first has the focus; cancelling changes nothing.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await visible(row(page, 'qTest (demo)'));

    await menu(page, 'qTest (demo)', 'Delete');
    await page.getByRole('dialog', { name: 'Delete qTest (demo)?' }).getByRole('button', { name: 'Delete connection' }).click();
    await visible(page.getByText('qTest (demo) is deleted'));
    await eventually(() => row(page, 'qTest (demo)').count(), (n) => n === 0, 'the row to go');
    await eventually(() => focusedText(page), (t) => t === 'Connections', 'focus on the connections heading');
    const overview = await env.app.admin('getOverview');
    expect(overview.connections.some((c: { id: string }) => c.id === 'qtest-demo')).toBe(false);
  });

  it('disconnects a connection after saying what goes and what stays', async () => {
    const page = await openAdmin();
    await menu(page, 'Team 03 qmetry', 'Disconnect');
    const dialog = await visible(page.getByRole('dialog', { name: 'Disconnect Team 03 qmetry?' }));
    expect(await dialog.innerText()).toMatch(/Project mappings and every Jira issue created by TestSync are kept/);
    await expectNoSeriousViolations(page, 'disconnect confirmation (light)');
    await dialog.getByRole('button', { name: 'Disconnect' }).click();
    await eventually(() => row(page, 'Team 03 qmetry').innerText(), (t) => /Disconnected/.test(t), 'the row to say it is disconnected');
    await eventually(() => focusedText(page), (t) => t === 'Team 03 qmetry', 'focus on its row');
  });

  it('has no serious or critical accessibility violations in the dark theme either', async () => {
    const page = await openAdmin('dark');
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-color-mode'))).toBe('dark');
    await expectNoSeriousViolations(page, 'connections table (dark)');
    await nameButton(page, 'Team 02 xray').click();
    await visible(page.getByRole('region', { name: 'Details of Team 02 xray' }));
    await expectNoSeriousViolations(page, 'details open (dark)');
    await menu(page, 'Team 02 xray', 'Edit');
    await visible(page.getByRole('form', { name: 'Edit Team 02 xray' }));
    await expectNoSeriousViolations(page, 'edit form open (dark)');
    await page.keyboard.press('Escape');
    await menu(page, 'Team 02 xray', 'Delete');
    await visible(page.getByRole('dialog', { name: 'Delete Team 02 xray?' }));
    await expectNoSeriousViolations(page, 'delete confirmation (dark)');
  });
});
