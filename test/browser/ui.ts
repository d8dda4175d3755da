/**
 * Small helpers for the browser tests: waiting for what a user would see, reading Atlaskit tables as
 * records, and colour arithmetic. playwright-core has no auto-retrying `expect`, so these poll.
 */
import type { Locator, Page } from 'playwright-core';

export const UI_TIMEOUT_MS = 15000;

/** Waits until the locator is visible and answers it, so a failure names what was missing. */
export async function visible(locator: Locator, timeout = UI_TIMEOUT_MS): Promise<Locator> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch (err) {
    throw new Error(`Not visible within ${timeout} ms: ${locator}\n${(err as Error).message.split('\n')[0]}`);
  }
  return locator.first();
}

/** Polls `read` until `accept` holds and answers the last value; throws with the last value otherwise. */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeout = UI_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (accept(last)) return last;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      throw new Error(`Timed out after ${timeout} ms waiting for ${what}; last value: ${JSON.stringify(last)}${lastError ? `; last error: ${(lastError as Error).message}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The rows of a table as records keyed by the column headers' text (detail rows spanning all columns are left out). */
export async function tableRecords(table: Locator): Promise<Record<string, string>[]> {
  return table.evaluate((el) => {
    // A sortable header shows a "Sort ascending/descending" hint while it has focus or the pointer: not its name.
    const headers = Array.from(el.querySelectorAll('thead th')).map((th) => (th.textContent ?? '').replace(/Sort (ascending|descending)\s*$/, '').trim());
    const records: Record<string, string>[] = [];
    for (const tr of Array.from(el.querySelectorAll('tbody tr'))) {
      const cells = Array.from(tr.querySelectorAll('td'));
      if (cells.length !== headers.length) continue;
      records.push(Object.fromEntries(cells.map((td, i) => [headers[i], (td.textContent ?? '').trim()])));
    }
    return records;
  });
}

/** Parses a computed CSS colour (`rgb(…)`, `rgba(…)`, `color(srgb …)`) into 0–255 channels and alpha. */
export function parseColor(css: string): { r: number; g: number; b: number; a: number } {
  const rgb = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/i.exec(css.trim());
  if (rgb) {
    const alpha = rgb[4] === undefined ? 1 : rgb[4].endsWith('%') ? parseFloat(rgb[4]) / 100 : parseFloat(rgb[4]);
    return { r: +rgb[1], g: +rgb[2], b: +rgb[3], a: alpha };
  }
  const srgb = /^color\(srgb\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)(?:\s*\/\s*([\d.]+))?\s*\)$/i.exec(css.trim());
  if (srgb) return { r: +srgb[1] * 255, g: +srgb[2] * 255, b: +srgb[3] * 255, a: srgb[4] === undefined ? 1 : +srgb[4] };
  throw new Error(`Unrecognised colour: ${css}`);
}

/** WCAG relative luminance, 0 (black) to 1 (white). */
export function luminance(css: string): number {
  const { r, g, b } = parseColor(css);
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** The page's painted background: body's computed colour, or html's when body's is transparent. */
export async function pageBackground(page: Page): Promise<string> {
  // No named functions inside evaluate: tsx (esbuild keepNames) would wrap them in a `__name` helper the page lacks.
  const [body, html] = await page.evaluate(() => [
    getComputedStyle(document.body).backgroundColor,
    getComputedStyle(document.documentElement).backgroundColor,
  ]);
  const transparent = body === 'transparent' || parseColor(body).a === 0;
  return transparent ? html : body;
}

/** The admin page's connections table, a connection's row in it, and an item of its row menu. */
export const connectionsTable = (page: Page) => page.getByRole('table', { name: 'Connections' });
export const connectionRow = (page: Page, name: string) =>
  connectionsTable(page).getByRole('row').filter({ has: page.getByRole('button', { name, exact: true }) });
export async function rowMenu(page: Page, name: string, item: string): Promise<void> {
  await page.getByRole('button', { name: `Actions for ${name}` }).click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

/** Picks an option of an Atlaskit Select by typing part of its label (a string label is matched exactly). */
export async function chooseOption(page: Page, scope: Locator, label: string | RegExp, option: string): Promise<void> {
  const input = scope.getByLabel(label, typeof label === 'string' ? { exact: true } : undefined);
  await input.click();
  await input.fill(option);
  await visible(page.getByRole('option', { name: new RegExp(option) }).first());
  await input.press('Enter');
}

/** The text of the elements that describe a control (its error and help), in order. */
export async function describedBy(page: Page, control: Locator): Promise<string> {
  const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts: string[] = [];
  for (const id of ids) texts.push((await page.locator(`[id="${id}"]`).innerText()).trim());
  return texts.join('\n');
}
