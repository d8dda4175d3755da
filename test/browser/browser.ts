/**
 * Launches Debian's Chromium through playwright-core (which never downloads a browser) with a fresh
 * profile, and opens pages that record page errors and unexpected console errors and warnings.
 */
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const VIEWPORT = { width: 1200, height: 800 };

/**
 * Console messages that are known and harmless: Atlaskit's feature gate client is absent outside
 * Atlassian's hosts, and the local server has no favicon.
 */
const HARMLESS_CONSOLE = [
  /feature ?gate/i,
  // Forge's CSP sandboxes every Custom UI page with allow-scripts and allow-same-origin; Chromium notes it.
  /iframe which has both allow-scripts and allow-same-origin/i,
];
const HARMLESS_URLS = [/\/favicon\.ico$/];

/** A browser with a fresh, temporary user-data-dir (launch() creates and removes it). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught exceptions in the page. */
  pageErrors: Error[];
  /** Console errors and warnings, minus the known harmless ones. */
  consoleProblems: string[];
  close(): Promise<void>;
}

function isHarmless(message: ConsoleMessage): boolean {
  const text = message.text();
  const url = message.location().url ?? '';
  return HARMLESS_CONSOLE.some((re) => re.test(text)) || HARMLESS_URLS.some((re) => re.test(url));
}

/** A new page in its own context (no shared storage between pages), watched for errors. */
export async function openPage(browser: Browser, options: { colorScheme?: 'light' | 'dark' } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  const pageErrors: Error[] = [];
  const consoleProblems: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err));
  page.on('console', (message) => {
    const type = message.type();
    if ((type === 'error' || type === 'warning') && !isHarmless(message)) {
      const where = message.location().url;
      consoleProblems.push(`${type}: ${message.text()}${where ? ` (${where})` : ''}`);
    }
  });
  return { page, context, pageErrors, consoleProblems, close: () => context.close() };
}

/** Closes a watched page and fails the test if the page threw or logged an error or warning. */
export async function closeChecked(watched: WatchedPage | undefined): Promise<void> {
  if (!watched) return;
  await watched.close();
  expect(watched.pageErrors.map(String)).toEqual([]);
  expect(watched.consoleProblems).toEqual([]);
}
