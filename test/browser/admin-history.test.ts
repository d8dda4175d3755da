/**
 * The sync history on the admin page in a real browser: sixty runs of three connections paged, filtered by
 * connection, state and trigger and sorted by the backend; a run opened to what it did (its counts, the
 * items it left under Failed items with links to Jira and the tool, waits, warnings, errors); a connection's
 * failed items; axe-core on each, light and dark, at 1200 and 800 px wide.
 */
import type { Page } from 'playwright-core';
// The local runtime is loaded before anything that loads @forge/api.
import '../support/local-app';
import { recordFailure } from '../../src/sync/failures';
import { newRunId, saveRun, type RunRecord } from '../../src/sync/run-store';
import { axeViolations } from './axe';
import { useBrowserApp } from './browser';
import { eventually, tableRecords, visible } from './ui';

jest.setTimeout(180000);

const env = useBrowserApp();

const HOUR = 3_600_000;

function run(connectionId: string, i: number, over: Partial<RunRecord> = {}): RunRecord {
  const at = new Date(Date.now() - (i + 1) * HOUR);
  return {
    runId: newRunId(at), connectionId, trigger: i % 4 === 0 ? 'manual' : 'schedule', dryRun: false, state: 'succeeded',
    startedAt: at.toISOString(), finishedAt: new Date(at.getTime() + 1000 * (i + 1)).toISOString(), durationMs: 1000 * (i + 1),
    counts: { created: i, updated: 1, unchanged: 5, linked: 0, failed: 0 }, errors: [], warnings: [],
    cursor: { step: 2, mappingIndex: 0, phase: 'done', mappings: ['101'] },
    ...over,
  };
}

beforeAll(async () => {
  const b = await env.app.admin('saveConnection', { tool: 'qtest', name: 'Team B', baseUrl: 'https://demo.qtestnet.com', apiToken: 'qtest-demo-token' });
  const c = await env.app.admin('saveConnection', { tool: 'qmetry', name: 'Team C', baseUrl: 'https://demo.qmetry.com', apiKey: 'qmetry-demo-key', projectKey: 'SHOPQA' });
  const runs: RunRecord[] = [];
  for (let i = 0; i < 20; i++) runs.push(run('qtest-demo', i), run(b.id, i, i % 5 === 1 ? { state: 'failed', errors: [{ message: 'qTest (Team B): The qTest API token was rejected' }] } : {}), run(c.id, i, { dryRun: i % 3 === 0 }));
  const failed = run('qtest-demo', 30, {
    state: 'partial',
    counts: { created: 3, updated: 0, unchanged: 0, linked: 0, failed: 2 },
    errors: [{ item: 'TC-9001', message: 'Jira answered 400: Field "labels" cannot be set.' }, { item: 'TC-9002', message: 'The test case is longer than Jira allows.' }],
    warnings: ['qTest status "Flaky" is not mapped to a canonical status; its runs count as NOT_RUN until it is mapped under Status mapping.'],
    waits: [{ at: new Date(Date.now() - 31 * HOUR).toISOString(), seconds: 30, reason: 'Jira rate limit' }],
  });
  runs.push(failed);
  await env.app.server.runtime.runInInvocation(async () => {
    for (const r of runs) await saveRun(r);
    const item = (n: number) => ({ sourceKey: `qtest:qtest-demo:101:${n}`, connectionId: 'qtest-demo', projectId: '101', externalId: String(n), displayId: `TC-${n}`, name: `Case ${n}`, cause: 'Jira answered 400: Field "labels" cannot be set.', fix: 'Add the Labels field to the create screen of project SHOP.' });
    for (let k = 0; k < 4; k++) await recordFailure({ ...item(9001), issueKey: 'SHOP-7' }, new Date());
    await recordFailure({ ...item(9001), issueKey: 'SHOP-7', runId: failed.runId }, new Date());
    await recordFailure({ ...item(9002), runId: failed.runId }, new Date());
  });
});

async function openAdmin(theme: 'light' | 'dark' = 'light', width = 1200): Promise<Page> {
  const { page } = await env.open('/admin/', { query: { as: 'demo-admin' }, theme, colorScheme: theme, width, height: 800 });
  await visible(page.getByRole('table', { name: 'Sync history' }));
  return page;
}

async function expectNoSeriousViolations(page: Page, state: string): Promise<void> {
  await page.waitForTimeout(800);
  expect({ state, violations: await axeViolations(page) }).toEqual({ state, violations: [] });
}

const history = (page: Page) => page.getByRole('table', { name: 'Sync history' });
const rows = (page: Page) => tableRecords(history(page));

async function filter(page: Page, label: string, option: string): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('sync history', () => {
  it('pages through sixty-one runs newest first, twenty a page', async () => {
    const page = await openAdmin();
    await visible(page.getByText(/^61 runs\./));
    const first = await eventually(() => rows(page), (r) => r.length === 20, 'the first page');
    await page.getByRole('button', { name: 'page 2' }).click();
    const second = await eventually(() => rows(page), (r) => r.length === 20 && r[0].Started !== first[0].Started, 'the second page');
    await page.getByRole('button', { name: 'page 4' }).click();
    await eventually(() => rows(page), (r) => r.length === 1, 'the last page with one run');
    expect(new Set([...first, ...second].map((r) => `${r.Connection}${r.Started}${r.Created}`)).size).toBe(40);
    await expectNoSeriousViolations(page, 'history (light)');
  });

  it('filters by connection, state and trigger, and sorts by a count', async () => {
    const page = await openAdmin();
    await filter(page, 'State', 'Failed');
    const failed = await eventually(() => rows(page), (r) => r.length === 4 && r.every((x) => x.State === 'Failed'), 'the failed runs only');
    expect(failed.every((r) => r.Connection === 'Team B' && /1 error/.test(r.Notes))).toBe(true);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await filter(page, 'Connection', 'Team C');
    await filter(page, 'Trigger', 'Dry run');
    const dry = await eventually(() => rows(page), (r) => r.length === 7 && r.every((x) => x.Connection === 'Team C' && /Dry run/.test(x.Trigger)), "Team C's dry runs");
    expect(dry).toHaveLength(7);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await filter(page, 'Connection', 'qTest (demo)');
    await page.getByRole('button', { name: 'Created' }).click();
    const asc = await eventually(() => rows(page), (r) => r.length === 20 && r[0].Created === '0', 'sorted by created, ascending');
    expect(asc.map((r) => Number(r.Created))).toEqual([...asc.map((r) => Number(r.Created))].sort((a, b) => a - b));
    await page.getByRole('button', { name: 'Created' }).click();
    await eventually(() => rows(page), (r) => r[0]?.Created === '19', 'sorted by created, descending');
  });

  it('shows the answer to the latest filter when an earlier, slower answer arrives after it', async () => {
    const { page } = await env.open('/admin/', {
      query: { as: 'demo-admin' },
      colorScheme: 'light',
      width: 1200,
      height: 800,
      // The unfiltered history answers 1.5 s late, so it arrives after the answer for "Failed".
      beforeGoto: (p) =>
        p.route('**/__forge/invoke', async (route) => {
          const body = route.request().postDataJSON() as { functionKey?: string; payload?: { state?: string } };
          if (body.functionKey === 'listHistory' && !body.payload?.state) await new Promise((r) => setTimeout(r, 1500));
          await route.continue();
        }),
    });
    await visible(page.getByRole('table', { name: 'Sync history' }));
    await filter(page, 'State', 'Failed');
    await eventually(() => rows(page), (r) => r.length === 4, 'the failed runs');
    await page.waitForTimeout(2500);
    const shown = await rows(page);
    expect(shown.map((r) => r.State)).toEqual(['Failed', 'Failed', 'Failed', 'Failed']);
    await visible(page.getByText(/^4 runs match the filters\./));
  });

  it('opens a run to what it did: counts, the items it left under Failed items with links to Jira and the tool, waits, warnings, errors', async () => {
    const page = await openAdmin();
    await filter(page, 'State', 'Partly failed');
    await eventually(() => rows(page), (r) => r.length === 1, 'the partly failed run');
    await history(page).getByRole('button', { name: /^Details of the sync of qTest \(demo\)/ }).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'Sync of qTest (demo)' }));
    expect(await dialog.innerText()).toMatch(/3 created · 0 updated · 0 unchanged · 0 linked · 2 failed/);
    const items = await tableRecords(dialog.getByRole('table', { name: 'Items this run left under Failed items' }));
    expect(items.map((i) => [i.Item.replace(/\s*↗$/, ''), i['Jira issue'], i.State])).toEqual([
      ['TC-9001', 'SHOP-7', 'Parked'],
      ['TC-9002', 'None yet', 'Retrying'],
    ]);
    await visible(dialog.getByRole('link', { name: 'SHOP-7' }));
    expect(await dialog.getByRole('link', { name: /^TC-9001/ }).getAttribute('href')).toBe('https://demo.qtestnet.com/p/101/portal/project#tab=testdesign&object=1&id=9001');
    expect(await tableRecords(dialog.getByRole('table', { name: 'Waits' }))).toEqual([expect.objectContaining({ 'How long': '30 s', Why: 'Jira rate limit' })]);
    await visible(dialog.getByRole('list', { name: 'Warnings' }).getByText(/"Flaky" is not mapped/));
    const errors = await tableRecords(dialog.getByRole('table', { name: 'Errors' }));
    expect(errors.map((e) => e.Item)).toEqual(['TC-9001', 'TC-9002']);
    await expectNoSeriousViolations(page, 'run details (light)');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it("shows a connection's failed items with their cause, fix and links", async () => {
    const page = await openAdmin();
    await page.getByRole('table', { name: 'Connections' }).getByRole('button', { name: 'qTest (demo)', exact: true }).click();
    const panel = await visible(page.getByRole('region', { name: 'Details of qTest (demo)' }));
    await panel.getByRole('tab', { name: 'Failed items (2)' }).click();
    const table = await visible(panel.getByRole('table', { name: 'Failed items of qTest (demo)' }));
    const records = await tableRecords(table);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ Fix: 'Add the Labels field to the create screen of project SHOP.' });
    await visible(table.getByRole('link', { name: /^TC-9001/ }));
    await expectNoSeriousViolations(page, 'failed items (light)');
  });

  it('has no serious or critical accessibility violations at 800 px, light and dark', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const page = await openAdmin(theme, 800);
      await eventually(() => rows(page), (r) => r.length === 20, 'the history');
      await expectNoSeriousViolations(page, `history at 800 px (${theme})`);
      await history(page).getByRole('button', { name: /^Details of the sync of Team B/ }).first().click();
      await visible(page.getByRole('dialog', { name: 'Sync of Team B' }));
      await expectNoSeriousViolations(page, `run details at 800 px (${theme})`);
      await page.keyboard.press('Escape');
      await page.getByRole('table', { name: 'Connections' }).getByRole('button', { name: 'qTest (demo)', exact: true }).click();
      const panel = await visible(page.getByRole('region', { name: 'Details of qTest (demo)' }));
      await panel.getByRole('tab', { name: 'Failed items (2)' }).click();
      await visible(panel.getByRole('table', { name: 'Failed items of qTest (demo)' }));
      await expectNoSeriousViolations(page, `failed items at 800 px (${theme})`);
      await env.closePages();
    }
  });
});
