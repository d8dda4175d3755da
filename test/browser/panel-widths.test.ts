/**
 * The issue panel at the widths Jira gives it (400 and 600 px) and on a wide screen (1,200 px): nothing cut
 * off sideways, no word broken mid-word, the failing test of a story with 40 tests visible without scrolling,
 * and a story with 520 tests saying 520. Every state checked opens a test's details too, so they are measured.
 */
import type { Page } from 'playwright-core';
import { useBrowserApp } from './browser';
import { BIG_STORY, FORTY_STORY, startSeededApp } from './panel-fixtures';
import { visible } from './ui';

jest.setTimeout(180000);

const WIDTHS = [400, 600, 1200];
/** A tall-ish issue panel: what a tester sees before scrolling. */
const HEIGHT = 720;

const env = useBrowserApp({ app: startSeededApp });
let testKey: string;

beforeAll(async () => {
  const tests = await env.app.search('project = SHOP AND issuetype = Test ORDER BY key ASC', ['summary'], ['testsync']);
  // The test with the most steps and runs: the longest texts.
  tests.sort((a, b) => b.properties.testsync.steps.length + b.properties.testsync.history.length - (a.properties.testsync.steps.length + a.properties.testsync.history.length));
  testKey = tests[0].key;
});

async function open(issueKey: string, width: number, theme?: 'dark'): Promise<Page> {
  const { page } = await env.open('/issue-panel/', { query: { issueKey, as: 'demo-tester' }, theme, width, height: HEIGHT });
  return page;
}

/**
 * What is wrong with the layout: the page scrolling sideways, an element reaching past the viewport or cutting
 * its content, a word split across two lines other than after a hyphen or slash. A string, so no helper names
 * reach the page (see ui.ts).
 */
const LAYOUT_PROBLEMS = `(() => {
  const problems = [];
  const doc = document.documentElement;
  const width = doc.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
  const skipped = (el) => !!el.closest('.tsp-sr-only, caption, script, style, details:not([open]) > :not(summary)');
  if (doc.scrollWidth > width) problems.push('the page scrolls sideways: ' + doc.scrollWidth + ' > ' + width);
  for (const el of document.querySelectorAll('body *')) {
    if (skipped(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > width + 0.5 || r.left < -0.5) problems.push(name(el) + ' spans ' + Math.round(r.left) + '..' + Math.round(r.right) + ' of ' + width);
    const cs = getComputedStyle(el);
    if (cs.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1 && el.tagName !== 'SELECT') problems.push(name(el) + ' cuts its content: ' + el.scrollWidth + ' > ' + el.clientWidth);
    if (cs.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) problems.push(name(el) + ' is truncated with an ellipsis');
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || skipped(parent)) continue;
    const text = node.textContent || '';
    const words = /\\S+/g;
    let m;
    while ((m = words.exec(text))) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
      if (new Set(rects.map((r) => Math.round(r.top))).size <= 1) continue;
      // Find where the word wraps: a break right after a hyphen, dash or slash is typesetting, not a broken word.
      let prevTop;
      for (let i = 0; i < m[0].length; i++) {
        range.setStart(node, m.index + i);
        range.setEnd(node, m.index + i + 1);
        const r = range.getClientRects()[0];
        if (!r) continue;
        const top = Math.round(r.top);
        if (prevTop !== undefined && top > prevTop + 2 && !/[-–—/]/.test(m[0][i - 1])) {
          problems.push('"' + m[0] + '" is broken mid-word in ' + name(parent));
          break;
        }
        prevTop = top;
      }
    }
  }
  return problems;
})()`;

async function layoutProblems(page: Page): Promise<string[]> {
  await page.evaluate(() => document.fonts.ready);
  return (await page.evaluate(LAYOUT_PROBLEMS)) as string[];
}

describe.each(WIDTHS)('the panel at %i px', (width) => {
  it('lays out a story with every row, its details and its filters inside the width, words whole', async () => {
    const page = await open('SHOP-1', width);
    const table = await visible(page.getByRole('table', { name: 'Tests covering SHOP-1' }));
    await table.locator('.tsp-name').first().click();
    await visible(table.locator('.tsp-details'));
    expect(await layoutProblems(page)).toEqual([]);
  });

  it('lays out a synced test with its runs and steps inside the width, words whole', async () => {
    const page = await open(testKey, width, 'dark');
    await visible(page.getByRole('heading', { name: 'Steps' }));
    const all = page.getByRole('button', { name: /^Show all \d+ steps$/ });
    if (await all.count()) await all.click();
    expect(await layoutProblems(page)).toEqual([]);
  });

  it('shows the failing test of a story with 40 tests without scrolling, though by key it comes last', async () => {
    const page = await open(FORTY_STORY.issueKey, width);
    await visible(page.getByText(`${FORTY_STORY.tests} tests`, { exact: true }));
    const failing = page.locator('.tsp-row[data-status="FAIL"]');
    expect(await failing.count()).toBe(FORTY_STORY.failing);
    await visible(failing);
    const box = (await failing.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(HEIGHT);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await visible(failing.getByText(`Delivery slot ${FORTY_STORY.added}:`, { exact: false }));
    expect(await layoutProblems(page)).toEqual([]);
  });

  it('says 520 on a story with 520 tests, with filters and Show more inside the width', async () => {
    const page = await open(BIG_STORY.issueKey, width);
    await visible(page.getByText(`${BIG_STORY.tests} tests`, { exact: true }));
    await visible(page.getByText(`Showing 20 of ${BIG_STORY.tests} tests`));
    await visible(page.getByRole('button', { name: `Show all ${BIG_STORY.tests}` }));
    await visible(page.getByRole('combobox', { name: /Cycle/ }));
    expect(await layoutProblems(page)).toEqual([]);
  });
});
