/**
 * Writes the README's screenshots: starts the whole app on the local runtime (test/support/local-app.ts),
 * syncs the demo with "Sync now" and the scheduled trigger, and saves the top of the admin page, and the issue panel at the widths Jira gives it
 * (400 and 600 px), light and dark: a story (one at 600 px with a row open) and a synced test; and the traceability
 * page of the demo's release.
 *
 *   npm run build:ui && npx tsx test/browser/screenshots.ts            # all
 *   npx tsx test/browser/screenshots.ts panel                          # the panel's only (admin / panel)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/local-app';
import { launchBrowser, openPage } from './browser';
import { connectionRow, connectionsTable, eventually, rowMenu, visible } from './ui';

const OUT_DIR = path.resolve(__dirname, '../../docs/screenshots');

/**
 * Saves the viewport. When the page is taller than the viewport the shot ends under the last table row
 * that fits entirely, rather than through the middle of one.
 */
async function shoot(page: Page, name: string): Promise<void> {
  // Let fonts, the theme stylesheet and lozenge transitions settle.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(300);
  const viewport = page.viewportSize()!;
  const height = await page.evaluate((limit) => {
    if (document.documentElement.scrollHeight <= window.innerHeight) {
      // A short panel ends under its content, not in empty space.
      const main = document.querySelector('main');
      return main ? Math.min(limit, Math.ceil(main.getBoundingClientRect().bottom) + 8) : limit;
    }
    const bottoms = Array.from(document.querySelectorAll('tr'))
      .map((tr) => tr.getBoundingClientRect().bottom)
      .filter((b) => b > 0 && b <= limit);
    return bottoms.length ? Math.ceil(Math.max(...bottoms)) + 1 : limit;
  }, viewport.height);
  const file = path.join(OUT_DIR, name);
  await page.screenshot({ path: file, type: 'png', clip: { x: 0, y: 0, width: viewport.width, height: Math.min(height, viewport.height) } });
  console.log(`wrote ${path.relative(process.cwd(), file)} (${Math.round(fs.statSync(file).size / 1024)} KiB)`);
}

async function adminAfterSync(app: TestApp, browser: Browser): Promise<void> {
  const w = await openPage(browser);
  try {
    const { page } = w;
    await page.goto(`${app.server.url}/admin/`);
    await visible(connectionsTable(page));
    await rowMenu(page, 'qTest (demo)', 'Sync now');
    await eventually(
      () => connectionRow(page, 'qTest (demo)').innerText(),
      (text) => /Succeeded|Partly failed|Failed/.test(text) && !/Queued|Running/.test(text),
      'the manual sync to end',
      60000,
    );
    await page.keyboard.press('Escape');
    // Then the scheduled trigger syncs Xray and QMetry too, and the page is opened again: every connection with a run.
    await app.server.fireTrigger('sync-scheduler');
    await page.reload();
    await visible(connectionsTable(page));
    await eventually(
      () => page.getByRole('table', { name: 'Sync history' }).innerText(),
      (text) => ['qTest (demo)', 'Xray (demo)', 'QMetry (demo)'].every((name) => text.includes(name)),
      'the history to list every connection',
      60000,
    );
    // The top of the page: the connections and the sync history (the sections below them are left out).
    await page.setViewportSize({ width: page.viewportSize()!.width, height: 900 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, 'admin.png');
    if (w.pageErrors.length) throw new Error(`admin page errors: ${w.pageErrors.join('; ')}`);
  } finally {
    await w.close();
  }
}

/** A panel's height in the shots: about what an issue panel shows before the reader scrolls. */
const PANEL_HEIGHT = 760;

async function panel(
  app: TestApp,
  browser: Browser,
  shot: { issueKey: string; width: number; theme: 'light' | 'dark'; name: string },
  ready: (page: Page) => Promise<unknown>,
): Promise<void> {
  const { issueKey, width, theme, name } = shot;
  const w = await openPage(browser, { colorScheme: theme });
  try {
    const { page } = w;
    await page.setViewportSize({ width, height: PANEL_HEIGHT });
    await page.goto(`${app.server.url}/issue-panel/?issueKey=${encodeURIComponent(issueKey)}&as=demo-tester${theme === 'dark' ? '&theme=dark' : ''}`);
    await ready(page);
    await shoot(page, name);
    if (w.pageErrors.length) throw new Error(`panel ${issueKey} page errors: ${w.pageErrors.join('; ')}`);
  } finally {
    await w.close();
  }
}

/** A full-width page (the traceability page, the gadget) at the path given, once `ready` says it has loaded. */
async function fullPage(app: TestApp, browser: Browser, shot: { path: string; width: number; height: number; name: string }, ready: (page: Page) => Promise<unknown>): Promise<void> {
  const w = await openPage(browser);
  try {
    const { page } = w;
    await page.setViewportSize({ width: shot.width, height: shot.height });
    await page.goto(`${app.server.url}${shot.path}`);
    await ready(page);
    await shoot(page, shot.name);
    if (w.pageErrors.length) throw new Error(`${shot.path} page errors: ${w.pageErrors.join('; ')}`);
  } finally {
    await w.close();
  }
}

async function main(): Promise<void> {
  const only = process.argv[2];
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const [app, browser] = await Promise.all([startTestApp({ tools: ['qtest', 'xray', 'qmetry'] }), launchBrowser()]);
  try {
    // The first sync of the demo, started from the admin page with "Sync now", then the scheduled trigger (or the
    // trigger alone): the story shows tests from all three tools.
    if (only !== 'panel') await adminAfterSync(app, browser);
    else await app.server.fireTrigger('sync-scheduler');
    if (only === 'admin') return;

    const story = (page: Page) => visible(page.getByRole('table', { name: 'Tests covering SHOP-1' }));
    await panel(app, browser, { issueKey: 'SHOP-1', width: 400, theme: 'light', name: 'panel-story-400.png' }, story);
    await panel(app, browser, { issueKey: 'SHOP-1', width: 400, theme: 'dark', name: 'panel-story-400-dark.png' }, story);
    await panel(app, browser, { issueKey: 'SHOP-1', width: 600, theme: 'light', name: 'panel-story-600.png' }, async (page) => {
      const table = await story(page);
      await table.locator('.tsp-name').first().click();
      await visible(table.locator('.tsp-details'));
    });

    const tests = await app.search('testsyncTool = qtest ORDER BY key ASC', ['summary'], ['testsync']);
    // A flaky test with several runs and the most steps: the view at its fullest.
    const ranked = tests
      .filter((i) => (i.properties.testsync?.history?.length ?? 0) >= 5)
      .sort((a, b) => Number(b.properties.testsync.flaky) - Number(a.properties.testsync.flaky) || b.properties.testsync.steps.length - a.properties.testsync.steps.length);
    const test = ranked[0] ?? tests[0];
    await panel(app, browser, { issueKey: test.key, width: 600, theme: 'dark', name: 'panel-test-600-dark.png' }, (page) =>
      visible(page.getByRole('heading', { name: 'Steps' })),
    );
    if (only === 'panel') return;

    await fullPage(app, browser, { path: '/traceability/?project=SHOP&as=demo-tester', width: 1280, height: 860, name: 'traceability.png' }, (page) =>
      visible(page.getByRole('table').first()),
    );
  } finally {
    await browser.close();
    await app.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
