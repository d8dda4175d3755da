/**
 * Every state of the issue panel, light and dark, checked with axe-core (no serious or critical violation) and
 * for words a tester can act on (no raw code): not set up, never synced, a story (a row open, a filter on),
 * tests hidden from the viewer, a synced test, not covered, a load error (permission: no retry; Jira failing:
 * "Try again" that works), and results gone stale because the last sync failed.
 */
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/local-app';
import { axeViolations } from './axe';
import { useBrowserApp } from './browser';
import { visible } from './ui';

jest.setTimeout(180000);

const RAW_CODES = /\b(INTERNAL|CONFLICT|NOT_RUN|NOT_FOUND|RECONNECT|JIRA_ERROR|INVOKE_FAILED|IN_PROGRESS)\b|[Cc]anonical status|[Ee]rror code/;
const THEMES = ['light', 'dark'] as const;

const env = useBrowserApp({ app: { tools: ['qtest', 'xray', 'qmetry'] } });

async function open(target: TestApp, issueKey: string, theme: 'light' | 'dark', as = 'demo-tester'): Promise<Page> {
  const { page } = await env.open('/issue-panel/', { app: target, query: { issueKey, as }, theme, width: 400, height: 800 });
  return page;
}

/** Axe finds nothing serious, and no text is a raw code. */
async function checkPage(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
  expect(await page.locator('body').innerText()).not.toMatch(RAW_CODES);
}

describe.each(THEMES)('panel states, %s', (theme) => {
  it('not set up: says an admin connects a tool', async () => {
    const bare = await startTestApp({ tools: [] });
    try {
      const page = await open(bare, 'SHOP-1', theme);
      await visible(page.getByRole('heading', { name: 'TestSync is not set up yet' }));
      expect(await page.getByRole('button', { name: 'Refresh' }).count()).toBe(0);
      await checkPage(page);
    } finally {
      await env.closePages();
      await bare.close();
    }
  });
});

describe('panel states before and after syncs', () => {
  it.each(THEMES)('never synced (%s): names the connections and says what happens next, with no Refresh', async (theme) => {
    const page = await open(env.app, 'SHOP-1', theme);
    await visible(page.getByRole('heading', { name: 'No sync has run yet' }));
    await visible(page.getByText(/connected to QMetry \(demo\), qTest \(demo\) and Xray \(demo\)|connected to .*qTest \(demo\)/));
    expect(await page.getByRole('button', { name: 'Refresh' }).count()).toBe(0);
    await checkPage(page);
  });

  it('never synced: "Check again" shows the tests once the first sync has run', async () => {
    const page = await open(env.app, 'SHOP-1', 'light');
    await visible(page.getByRole('heading', { name: 'No sync has run yet' }));
    const summary = await env.app.server.fireTrigger('sync-scheduler');
    expect(summary.events.failed).toBe(0);
    await page.getByRole('button', { name: 'Check again' }).click();
    await visible(page.getByRole('table', { name: 'Tests covering SHOP-1' }));
  });

  describe('after a sync', () => {
    beforeAll(async () => {
      // The second sync (the first ran above): nothing changed, nothing fails.
      const summary = await env.app.server.fireTrigger('sync-scheduler');
      expect(summary.events.failed).toBe(0);
    });

    it.each(THEMES)('a story (%s), with a row open and a filter on', async (theme) => {
      const page = await open(env.app, 'SHOP-1', theme, 'demo-admin');
      const table = await visible(page.getByRole('table', { name: 'Tests covering SHOP-1' }));
      await table.locator('.tsp-name').first().click();
      await visible(table.locator('.tsp-details'));
      await page.getByRole('combobox', { name: /Tool/ }).selectOption('qtest');
      await visible(page.getByText(/tests? match(es)?: (in version [^·]+ · )?from qTest/));
      await checkPage(page);
    });

    it.each(THEMES)('tests hidden from the viewer (%s): says how many and where', async (theme) => {
      const page = await open(env.app, 'SHOP-1', theme);
      await visible(page.getByTestId('hidden-tests'));
      expect(await page.getByTestId('hidden-tests').innerText()).toMatch(/^\d+ more tests cover this issue in projects you cannot browse\.$/);
      await checkPage(page);
    });

    it.each(THEMES)('a synced test (%s)', async (theme) => {
      const [test] = await env.app.search('testsyncTool = qtest ORDER BY key ASC', ['summary']);
      const page = await open(env.app, test.key, theme);
      await visible(page.getByRole('heading', { name: 'Steps' }));
      await checkPage(page);
    });

    it.each(THEMES)('not covered (%s): says how a test comes to cover the issue', async (theme) => {
      const page = await open(env.app, 'SHOP-12', theme);
      await visible(page.getByRole('heading', { name: 'No tests cover this issue' }));
      await visible(page.getByText('No test from qTest, Xray or QMetry is linked to SHOP-12.'));
      await checkPage(page);
    });

    it.each(THEMES)('a permission error (%s): says why, with no retry', async (theme) => {
      const page = await open(env.app, 'SHOP-1', theme, 'demo-outsider');
      await visible(page.getByRole('heading', { name: 'Tests could not be loaded' }));
      expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
      await checkPage(page);
    });

    it.each(THEMES)('Jira failing (%s): offers Try again, which loads the panel once Jira answers', async (theme) => {
      // The panel's one bulk permission check fails (nothing else asks it while the panel loads).
      env.app.jira.faults.set({ paths: [{ method: 'POST', path: '/rest/api/3/permissions/check', status: 400, count: 1 }] });
      const page = await open(env.app, 'SHOP-3', theme);
      await visible(page.getByRole('heading', { name: 'Tests could not be loaded' }));
      await visible(page.getByText('Jira did not answer as expected. Try again in a minute.'));
      await checkPage(page);
      await page.getByRole('button', { name: 'Try again' }).click();
      await visible(page.getByRole('table', { name: 'Tests covering SHOP-3' }));
    });

    describe('after a failed sync', () => {
      beforeAll(async () => {
        env.app.qtest.state.revokeToken('demo', 'qtest-demo-token');
        await env.app.server.fireTrigger('sync-scheduler');
      });

      it.each(THEMES)('stale results (%s): the tests stay, with when they were updated and what to do', async (theme) => {
        const page = await open(env.app, 'SHOP-1', theme);
        const banner = await visible(page.getByTestId('stale-banner'));
        await visible(banner.getByRole('heading', { name: 'Results may be out of date' }));
        const text = await banner.innerText();
        expect(text).toMatch(/The last sync of qTest \(demo\) failed .+\. Results from it were last updated .+\./);
        expect(text).toMatch(/Ask a Jira admin to reconnect qTest \(demo\)/);
        await visible(page.getByRole('table', { name: 'Tests covering SHOP-1' }));
        await checkPage(page);
      });
    });
  });
});
