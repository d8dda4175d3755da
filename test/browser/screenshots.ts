/**
 * Writes the README's screenshots: starts the whole app on the local runtime (test/support/local-app.ts),
 * syncs the demo with "Sync now", and saves the admin page, a story's panel (light) and a synced test's panel (dark).
 *
 *   npm run build:ui && npx tsx test/browser/screenshots.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/local-app';
import { launchBrowser, openPage } from './browser';
import { eventually, tableRecords, visible } from './ui';

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
    if (document.documentElement.scrollHeight <= window.innerHeight) return limit;
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
    const card = await visible(page.getByRole('region', { name: 'qTest connection qTest (demo)' }));
    await card.getByRole('button', { name: 'Sync now' }).click();
    await eventually(
      () => tableRecords(page.getByRole('table', { name: 'Sync history' })),
      (rows) => rows.length > 0 && rows[0].Trigger === 'Manual' && rows[0].State !== 'Queued' && rows[0].State !== 'Running',
      'the manual sync to succeed',
      60000,
    );
    await visible(card.getByRole('heading', { name: /^Sync finished/ }));
    // The page runs a little past 800 px: grow the viewport (up to 900 px) so the whole page is in the shot.
    const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: page.viewportSize()!.width, height: Math.min(pageHeight, 900) });
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await shoot(page, 'admin.png');
    if (w.pageErrors.length) throw new Error(`admin page errors: ${w.pageErrors.join('; ')}`);
  } finally {
    await w.close();
  }
}

async function panel(app: TestApp, browser: Browser, issueKey: string, theme: 'light' | 'dark', name: string, ready: (page: Page) => Promise<unknown>): Promise<void> {
  const w = await openPage(browser, { colorScheme: theme });
  try {
    const { page } = w;
    await page.goto(`${app.server.url}/issue-panel/?issueKey=${encodeURIComponent(issueKey)}&as=demo-tester${theme === 'dark' ? '&theme=dark' : ''}`);
    await ready(page);
    await shoot(page, name);
    if (w.pageErrors.length) throw new Error(`panel ${issueKey} page errors: ${w.pageErrors.join('; ')}`);
  } finally {
    await w.close();
  }
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const [app, browser] = await Promise.all([startTestApp({ tools: ['qtest', 'xray', 'qmetry'] }), launchBrowser()]);
  try {
    // The first sync of the demo, started from the admin page with "Sync now".
    await adminAfterSync(app, browser);
    // Then the scheduled trigger syncs Xray and QMetry too, so the story shows tests from all three tools.
    await app.server.fireTrigger('sync-scheduler');

    await panel(app, browser, 'SHOP-1', 'light', 'panel-story.png', (page) => visible(page.getByRole('table', { name: 'Tests covering SHOP-1' })));

    const tests = await app.search('testsyncTool = qtest ORDER BY key ASC', ['summary'], ['testsync']);
    const test = tests.find((i) => (i.properties.testsync?.history?.length ?? 0) >= 5) ?? tests[0];
    await panel(app, browser, test.key, 'dark', 'panel-test-dark.png', (page) => visible(page.getByRole('heading', { name: 'Steps' })));
  } finally {
    await browser.close();
    await app.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
