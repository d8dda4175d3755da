/**
 * The issue panel's weight and speed in a real browser (Debian's Chromium through playwright-core) against the
 * local runtime after a sync of the demo (and a story with 520 tests): the JavaScript the page loads before its content shows (raw bytes as
 * built, and gzip at level 9 as a CDN would send them), what it loads later (lazy chunks), and the time from
 * navigation to content, for a story and for a synced test. Every page load is cold (a new browser context).
 *
 *   npm run build:ui && npx tsx bench/panel.bench.ts      (npm run bench runs it after the sync bench)
 *   BENCH_PANEL_RUNS=5     page loads per issue (median time reported)
 *   BENCH_PANEL_BUDGET_KB  fail when first-load gzip JS exceeds this (default 120)
 */
// The runtime must be loaded before anything that loads @forge/api (it keeps the global fetch it finds).
import '../local/runtime';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, openPage } from '../test/browser/browser';
import { startTestApp, type TestApp } from '../test/support/local-app';
import { BIG_STORY, seedPanelStories } from '../test/browser/panel-fixtures';
import { useLogSink } from '../src/platform/log';

// The app's structured logs would drown the table.
useLogSink(() => undefined);

const RUNS = Number(process.env.BENCH_PANEL_RUNS ?? 5);
const BUDGET_KB = Number(process.env.BENCH_PANEL_BUDGET_KB ?? 120);
const BUILD = path.resolve(__dirname, '../static/issue-panel/build/index.html');

interface Load {
  /** Scripts of the app's build fetched before the content was visible. */
  first: { url: string; raw: number; gzip: number }[];
  /** Scripts fetched after it (lazy chunks), until the network was idle. */
  later: { url: string; raw: number; gzip: number }[];
  msToContent: number;
}

const sum = (xs: { raw: number; gzip: number }[]) => xs.reduce((a, x) => ({ raw: a.raw + x.raw, gzip: a.gzip + x.gzip }), { raw: 0, gzip: 0 });
const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function loadOnce(browser: Browser, url: string, content: (page: Page) => Locator): Promise<Load> {
  const w = await openPage(browser);
  try {
    const { page } = w;
    const load: Load = { first: [], later: [], msToContent: 0 };
    let shown = false;
    const pending: Promise<void>[] = [];
    page.on('response', (res) => {
      const u = new URL(res.url());
      if (!u.pathname.startsWith('/issue-panel/') || !u.pathname.endsWith('.js')) return;
      const bucket = shown ? load.later : load.first;
      pending.push(
        res.body().then((body) => {
          bucket.push({ url: u.pathname.replace('/issue-panel/', ''), raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
        }),
      );
    });
    const start = Date.now();
    await page.goto(url);
    await content(page).first().waitFor({ state: 'visible', timeout: 30000 });
    load.msToContent = Date.now() - start;
    shown = true;
    await page.waitForLoadState('networkidle');
    await Promise.all(pending);
    return load;
  } finally {
    await w.close();
  }
}

async function measure(browser: Browser, app: TestApp, label: string, issueKey: string, content: (page: Page) => Locator) {
  const url = `${app.server.url}/issue-panel/?issueKey=${issueKey}&as=demo-tester`;
  const loads: Load[] = [];
  for (let i = 0; i < RUNS; i++) loads.push(await loadOnce(browser, url, content));
  const first = sum(loads[0].first);
  const later = sum(loads[0].later);
  return { label, issueKey, first, later, files: loads[0].first.map((f) => f.url), lazy: loads[0].later.map((f) => f.url), ms: median(loads.map((l) => l.msToContent)), all: loads.map((l) => l.msToContent) };
}

async function main(): Promise<void> {
  if (!fs.existsSync(BUILD)) throw new Error('The issue panel is not built: run npm run build:ui first.');
  const [app, browser] = await Promise.all([startTestApp({ prepareQtest: seedPanelStories }), launchBrowser()]);
  try {
    await app.server.fireTrigger('sync-scheduler');
    const tests = await app.search('project = SHOP AND issuetype = Test ORDER BY key ASC', ['summary'], ['testsync']);
    const test = tests.find((i) => (i.properties.testsync?.history?.length ?? 0) >= 5) ?? tests[0];
    // Warm the server (first handler load, first page render) so the figures are the page's, not the runtime's start.
    await loadOnce(browser, `${app.server.url}/issue-panel/?issueKey=SHOP-1&as=demo-tester`, (p) => p.getByRole('table'));
    const rows = [
      await measure(browser, app, 'story (SHOP-1, 14 tests)', 'SHOP-1', (p) => p.getByRole('table', { name: 'Tests covering SHOP-1' })),
      await measure(browser, app, `story (${BIG_STORY.issueKey}, ${BIG_STORY.tests} tests)`, BIG_STORY.issueKey, (p) => p.getByRole('table', { name: `Tests covering ${BIG_STORY.issueKey}` })),
      await measure(browser, app, `synced test (${test.key})`, test.key, (p) => p.getByRole('heading', { name: 'Steps' })),
    ];
    const out: string[] = [];
    out.push('');
    out.push('TestSync for Jira: issue panel bench (Chromium, local runtime, demo synced; cold loads)');
    out.push(`${RUNS} loads per issue; JS = the app's build scripts; gzip = level 9 of each file; time = navigation to content visible (median)`);
    out.push('');
    out.push('| page | JS before content (raw) | JS before content (gzip) | JS loaded later (gzip) | time to content |');
    out.push('|---|---|---|---|---|');
    for (const r of rows) out.push(`| ${r.label} | ${kb(r.first.raw)} | **${kb(r.first.gzip)}** | ${kb(r.later.gzip)} | ${r.ms} ms |`);
    out.push('');
    for (const r of rows) {
      out.push(`${r.label}: first ${r.files.join(', ')}${r.lazy.length ? `; later ${r.lazy.join(', ')}` : ''}; times ${r.all.join(', ')} ms`);
    }
    const over = rows.filter((r) => r.first.gzip > BUDGET_KB * 1000);
    out.push('');
    out.push(over.length ? `OVER BUDGET: first-load JS above ${BUDGET_KB} kB gzip on ${over.map((r) => r.label).join(', ')}` : `Within budget: first-load JS at most ${BUDGET_KB} kB gzip on every page.`);
    console.log(out.join('\n'));
    if (over.length) process.exitCode = 1;
  } finally {
    await browser.close();
    await app.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
