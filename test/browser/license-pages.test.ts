/**
 * The admin page and the issue panel on a site whose licence is not active (`?license=inactive`): each shows
 * TestSync's licence message, an Atlaskit section message written for its reader, in place of its content —
 * never an error or an error code — in the light and dark themes, with no serious or critical axe violations.
 * With no licence data (`?license=none`, a free or development install) both work as usual.
 */
import type { Locator, Page } from 'playwright-core';
import { axeViolations } from './axe';
import { useBrowserApp } from './browser';
import { luminance, visible } from './ui';

jest.setTimeout(120000);

const TITLE = "TestSync's licence for this site is not active";
/** What the licence message must never show: an error's title, code or raw words. */
const NOT_AN_ERROR = /Error code|LICENCE_INACTIVE|could not be loaded|Something went wrong|Try again/;

const env = useBrowserApp();

beforeAll(async () => {
  expect((await env.app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
});

async function open(path: string, query: Record<string, string>, theme: 'light' | 'dark'): Promise<Page> {
  const { page, response } = await env.open(`/${path}/`, { query, theme, colorScheme: theme });
  expect(response?.status()).toBe(200);
  return page;
}

/** The licence message: its heading, its words, and its colours in the theme. */
async function licenceMessage(page: Page, theme: 'light' | 'dark'): Promise<Locator> {
  const heading = await visible(page.getByRole('heading', { name: TITLE }));
  const message = page.getByTestId('licence-inactive');
  await visible(message);
  expect(await message.locator('h2').innerText()).toBe(TITLE);
  await visible(message.getByRole('button', { name: 'Check again' }));
  expect(await page.evaluate(() => document.documentElement.getAttribute('data-color-mode'))).toBe(theme);
  const [text, surface] = await heading.evaluate((h) => {
    let el: Element | null = h;
    let bg = 'rgba(0, 0, 0, 0)';
    while (el && /rgba\(0, 0, 0, 0\)|transparent/.test(bg)) {
      bg = getComputedStyle(el).backgroundColor;
      el = el.parentElement;
    }
    return [getComputedStyle(h).color, bg];
  });
  // Dark text on a light surface, or light text on a dark one: the theme's, not a fixed palette.
  if (theme === 'dark') expect(luminance(surface)).toBeLessThan(luminance(text));
  else expect(luminance(surface)).toBeGreaterThan(luminance(text));
  return message;
}

async function expectNoSeriousViolations(page: Page, state: string): Promise<void> {
  await page.waitForTimeout(500);
  expect({ state, violations: await axeViolations(page) }).toEqual({ state, violations: [] });
}

describe.each(['light', 'dark'] as const)('licence not active (%s theme)', (theme) => {
  it('shows the admin page only the licence message, with what an admin can do', async () => {
    const page = await open('admin', { license: 'inactive' }, theme);
    const message = await licenceMessage(page, theme);
    await visible(message.getByText(/Scheduled syncs are paused\. The Jira issues, links and results it already synced stay as they are/));
    await visible(message.getByText(/renew or subscribe to it in Jira settings → Apps → Manage apps/));
    await visible(page.getByRole('heading', { name: 'TestSync', level: 1 }));
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Connections' }).count()).toBe(0);
    const body = await page.locator('body').innerText();
    expect(body).not.toMatch(NOT_AN_ERROR);
    expect(body).not.toContain('qTest (demo)');
    await message.getByRole('button', { name: 'Check again' }).click();
    await page.waitForTimeout(300);
    await visible(page.getByRole('heading', { name: TITLE }));
    expect(await page.getByRole('table').count()).toBe(0);
    await expectNoSeriousViolations(page, `admin page, licence not active (${theme})`);
  });

  it('shows the issue panel only the licence message, with whom to ask', async () => {
    const page = await open('issue-panel', { issueKey: 'SHOP-1', as: 'demo-tester', license: 'inactive' }, theme);
    const message = await licenceMessage(page, theme);
    await visible(message.getByText(/Test results from TestSync are not shown while its licence is inactive/));
    await visible(message.getByText(/Ask a Jira admin to renew TestSync/));
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Refresh' }).count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toMatch(NOT_AN_ERROR);
    await expectNoSeriousViolations(page, `issue panel, licence not active (${theme})`);
  });
});

describe('no licence data (a free or development install)', () => {
  it('shows the admin page and the issue panel as usual', async () => {
    const admin = await open('admin', { license: 'none' }, 'light');
    await visible(admin.getByRole('table', { name: 'Connections' }));
    expect(await admin.getByRole('heading', { name: TITLE }).count()).toBe(0);
    await env.closePages();
    const panel = await open('issue-panel', { issueKey: 'SHOP-1', as: 'demo-tester', license: 'none' }, 'light');
    await visible(panel.getByRole('table', { name: 'Tests covering SHOP-1' }));
    expect(await panel.getByRole('heading', { name: TITLE }).count()).toBe(0);
  });
});
