/**
 * Launches Debian's Chromium through playwright-core (which never downloads a browser) with a fresh
 * profile, and opens pages that record page errors and unexpected console errors and warnings.
 * useBrowserApp() gives a test file the app and the browser for all its tests, and pages that are checked
 * and closed after each test.
 */
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type ConsoleMessage, type Page, type Response } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/local-app';

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

/** A page's context: the operating system's colour scheme (light unless said), and the browser's locale and time zone. */
export type PageOptions = Pick<BrowserContextOptions, 'colorScheme' | 'locale' | 'timezoneId'>;

/** A new page in its own context (no shared storage between pages), watched for errors. */
export async function openPage(browser: Browser, options: PageOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ ...options, viewport: VIEWPORT, colorScheme: options.colorScheme ?? 'light' });
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

export interface OpenOptions {
  /** The page's query parameters, in this order; `theme=dark` follows them for the dark theme. */
  query?: Record<string, string>;
  /** The Jira theme the page is opened in (light: no parameter). */
  theme?: 'light' | 'dark';
  /** The operating system's colour scheme: light unless said, whatever the theme. */
  colorScheme?: 'light' | 'dark';
  /** The viewport, 1200 × 800 unless said. */
  width?: number;
  height?: number;
  locale?: string;
  timezoneId?: string;
  /** Another app than the file's (one a test started itself). */
  app?: TestApp;
  /** Runs on the new page before it navigates: listeners, routes. */
  beforeGoto?: (page: Page) => unknown;
}

export interface OpenedPage {
  page: Page;
  /** The answer to the page's own request. */
  response: Response | null;
}

export interface BrowserApp {
  /** The app, started before the file's own beforeAll hooks run. */
  readonly app: TestApp;
  readonly browser: Browser;
  /** The page at `path` of the app (e.g. "/admin/"), closed after the test, which fails if the page threw or logged an error or warning. */
  open(path: string, options?: OpenOptions): Promise<OpenedPage>;
  /** Closes the pages the test opened so far, checked as after the test. */
  closePages(): Promise<void>;
}

export interface BrowserAppOptions {
  /** What startTestApp is given, or what starts the app instead. */
  app?: Parameters<typeof startTestApp>[0] | (() => Promise<TestApp>);
  /** Runs before the browser and the app close. */
  beforeClose?: (app: TestApp) => void | Promise<void>;
}

/**
 * Starts the app and the browser before the file's tests (a beforeAll registered now, so it runs before the
 * file's own, which can seed the app), closes both after them, and after each test closes the pages it opened,
 * failing it on their page errors and console problems.
 */
export function useBrowserApp(options: BrowserAppOptions = {}): BrowserApp {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  let opened: WatchedPage[] = [];
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} before the tests`);
    return value;
  };
  const closePages = async () => {
    const pages = opened;
    opened = [];
    for (const watched of pages) await closeChecked(watched);
  };

  beforeAll(async () => {
    const { app: start = {} } = options;
    [app, browser] = await Promise.all([typeof start === 'function' ? start() : startTestApp(start), launchBrowser()]);
  });
  afterAll(async () => {
    if (app) await options.beforeClose?.(app);
    await browser?.close();
    await app?.close();
  });
  afterEach(closePages);

  return {
    get app() {
      return started(app, 'The app is used');
    },
    get browser() {
      return started(browser, 'The browser is used');
    },
    async open(path, { query = {}, theme, colorScheme, width, height, locale, timezoneId, app: other, beforeGoto } = {}) {
      const watched = await openPage(started(browser, 'A page is opened'), { colorScheme, locale, timezoneId });
      opened.push(watched);
      const { page } = watched;
      if (width !== undefined || height !== undefined) await page.setViewportSize({ width: width ?? VIEWPORT.width, height: height ?? VIEWPORT.height });
      await beforeGoto?.(page);
      const search = new URLSearchParams({ ...query, ...(theme === 'dark' ? { theme: 'dark' } : {}) }).toString();
      const response = await page.goto(`${(other ?? started(app, 'A page is opened')).server.url}${path}${search ? `?${search}` : ''}`);
      return { page, response };
    },
    closePages,
  };
}
