/**
 * Dates and numbers in the user's Jira locale and time zone, in a real browser: the admin page's sync history
 * (and a run's details) and the issue panel, opened with `?locale=de-DE&tz=Asia/Tokyo` (the context
 * `view.getContext()` answers), show a known instant in Tokyo time and German format and counts with German
 * grouping (the admin page's from stored runs; the panel's from its answer, which says 1,234 covering tests are
 * hidden from the viewer); without the parameters the local context's en-US and UTC apply. The browser itself runs in another
 * locale and zone (fr-FR, New York), so each page shows what the context says, not what the browser would;
 * a context locale in Jira's form ("de_DE") is read, and a zone the browser does not know falls back to its own.
 */
import type { Locator, Page } from 'playwright-core';
import type { createQtestSimulator } from '../../local/simulators/qtest';
import { newRunId, saveRun, type RunRecord } from '../../src/sync/run-store';
import { useBrowserApp } from './browser';
import { addCoveringCases } from './panel-fixtures';
import { eventually, tableRecords, visible } from './ui';

jest.setTimeout(180000);

/** 20:45:10 UTC on 30 June 2025: 05:45:10 on 1 July in Tokyo, 16:45:10 on 30 June in New York. */
const KNOWN = '2025-06-30T20:45:10.000Z';
const STORY = 'SHOP-12';
/** The test whose only run ended at KNOWN; it fails, so it heads the list. */
const KNOWN_TEST = 'Gift card expiry at midnight';
/** Covering tests the panel's answer says the viewer may not browse: enough for a thousands separator. */
const HIDDEN = 1234;
const HOUR = 3_600_000;

/** The browser's own settings: neither the context's default nor the one under test. */
const BROWSER = { locale: 'fr-FR', timezoneId: 'America/New_York' };

function seedStory(q: ReturnType<typeof createQtestSimulator>): void {
  addCoveringCases(q, STORY, 2, () => false, 'Gift card');
  const c = q.state.createTestCase('demo', 101, { name: KNOWN_TEST, steps: [{ description: 'Redeem a card at 23:59', expected: 'The card is still valid' }] });
  const requirement = q.state.site('demo')!.requirements.find((r) => r.projectId === 101 && r.jiraKey === STORY)!;
  q.state.linkRequirement('demo', 101, requirement.id, [c.id], true);
  const run = q.state.addRun('demo', { projectId: 101, testCaseId: c.id, cycle: 'Release 3.1', environment: 'staging' });
  q.state.addLog('demo', run.id, 'Failed', 'demo@example.com', { exeStart: Date.parse(KNOWN) - 60_000, exeEnd: Date.parse(KNOWN) });
}

function run(connectionId: string, startedAt: string, durationMs: number, created: number): RunRecord {
  const at = new Date(startedAt);
  return {
    runId: newRunId(at), connectionId, trigger: 'manual', dryRun: false, state: 'succeeded',
    startedAt, finishedAt: new Date(at.getTime() + durationMs).toISOString(), durationMs,
    counts: { created, updated: 1, unchanged: 5, linked: 0, failed: 0 }, errors: [], warnings: [],
    cursor: { step: 2, mappingIndex: 0, phase: 'done', mappings: ['101'] },
  };
}

const env = useBrowserApp({ app: { prepareQtest: seedStory } });

beforeAll(async () => {
  // Runs stored before the history has read any: Team B and Team C have no mapping, so no sync prunes them.
  const b = await env.app.admin('saveConnection', { tool: 'qtest', name: 'Team B', baseUrl: 'https://demo.qtestnet.com', apiToken: 'qtest-demo-token' });
  const c = await env.app.admin('saveConnection', { tool: 'qtest', name: 'Team C', baseUrl: 'https://demo.qtestnet.com', apiToken: 'qtest-demo-token' });
  await env.app.server.runtime.runInInvocation(async () => {
    await saveRun(run(b.id, KNOWN, 12_400, 12_345));
    await saveRun(run(c.id, new Date(Date.now() - 3 * HOUR).toISOString(), 850, 2));
  });
  const summary = await env.app.server.fireTrigger('sync-scheduler');
  if (summary.events.failed !== 0) throw new Error(`The first sync failed: ${JSON.stringify(summary)}`);
});

/** A page in a browser context set to BROWSER's locale and zone, failing the test on page errors and console errors. */
async function open(path: string, query: Record<string, string>, beforeGoto?: (page: Page) => Promise<unknown>): Promise<Page> {
  const { page, response } = await env.open(path, { query, ...BROWSER, beforeGoto });
  expect(response?.status()).toBe(200);
  return page;
}

const history = (page: Page) => page.getByRole('table', { name: 'Sync history' });

interface Expected {
  query: Record<string, string>;
  /** KNOWN as shown, its time zone named. */
  knownExact: string;
  knownExactPlain: string;
  /** KNOWN relative to now (30 June 2025 is over a year back). */
  knownRelative: RegExp;
  threeHoursAgo: string;
  created: string;
  duration: string;
  knownClock: string;
  hidden: string;
  synced: RegExp;
}

async function titleOf(time: Locator): Promise<string | null> {
  return (await visible(time)).getAttribute('title');
}

async function checkAdmin(e: Expected): Promise<void> {
  const page = await open('/admin/', { as: 'demo-admin', ...e.query });
  await visible(history(page));
  const rows = await eventually(() => tableRecords(history(page)), (r) => r.length === 3, 'the three runs');
  expect(rows.map((r) => r.Connection)).toEqual(['qTest (demo)', 'Team C', 'Team B']);
  const [, recent, known] = rows;
  expect(recent).toMatchObject({ Started: e.threeHoursAgo, Created: '2' });
  expect(known).toMatchObject({ Created: e.created, Duration: e.duration });
  expect(known.Started).toMatch(e.knownRelative);
  const knownRow = history(page).getByRole('row').filter({ hasText: e.created });
  expect(await titleOf(knownRow.locator('time'))).toBe(e.knownExact);

  await knownRow.getByRole('button', { name: `Details of the sync of Team B started ${e.knownClock}`, exact: true }).click();
  const dialog = await visible(page.getByRole('dialog', { name: 'Sync of Team B' }));
  const text = await dialog.innerText();
  expect(text).toContain(`started ${e.knownExactPlain}`);
  expect(text).toContain(`(${e.duration})`);
  expect(text).toContain(`${e.created} created · 1 updated · 5 unchanged · 0 linked · 0 failed`);
  expect(await titleOf(dialog.locator('time').first())).toBe(e.knownExact);
}

/** Opens STORY's panel, whose answer says HIDDEN more covering tests are in projects the viewer cannot browse. */
async function openPanel(query: Record<string, string>): Promise<Page> {
  return open('/issue-panel/', { issueKey: STORY, as: 'demo-tester', ...query }, (page) =>
    page.route('**/__forge/invoke', async (route) => {
      const response = await route.fetch();
      if ((route.request().postDataJSON() as { functionKey?: string }).functionKey !== 'getPanel') return route.fulfill({ response });
      const answer = await response.json();
      if (answer?.result?.kind === 'requirement') answer.result.hidden = HIDDEN;
      return route.fulfill({ response, json: answer });
    }),
  );
}

async function checkPanel(e: Expected): Promise<void> {
  const page = await openPanel(e.query);
  await visible(page.getByRole('heading', { name: 'Coverage' }));
  await visible(page.getByText('1 of 3 tests fails', { exact: true }));
  await visible(page.getByText(`${e.hidden} more tests cover this issue in projects you cannot browse.`, { exact: true }));
  expect(await page.locator('.tsp-header .tsp-subtle').innerText()).toMatch(e.synced);

  const row = page.locator('tr.tsp-row').filter({ hasText: KNOWN_TEST });
  const when = row.locator('.tsp-cell-when time');
  expect(await (await visible(when)).innerText()).toMatch(e.knownRelative);
  expect(await when.getAttribute('title')).toBe(e.knownExact);
  await row.getByRole('button', { name: KNOWN_TEST }).click();
  const details = await visible(page.locator('.tsp-details'));
  await visible(details.getByText(e.knownExactPlain, { exact: true }));
}

const GERMAN_TOKYO: Expected = {
  query: { locale: 'de-DE', tz: 'Asia/Tokyo' },
  knownExact: '1. Juli 2025, 05:45:10 GMT+9',
  knownExactPlain: '1. Juli 2025, 05:45:10',
  knownRelative: /^(letztes Jahr|vor \d+ Jahren)$/,
  threeHoursAgo: 'vor 3 Stunden',
  created: '12.345',
  duration: '12,4 s',
  knownClock: '05:45 GMT+9',
  hidden: '1.234',
  synced: /^Synced (jetzt|vor \d+ (Sekunden?|Minuten?))$/,
};

const DEFAULT_EN_UTC: Expected = {
  query: {},
  knownExact: 'Jun 30, 2025, 08:45:10 PM UTC',
  knownExactPlain: 'Jun 30, 2025, 08:45:10 PM',
  knownRelative: /^(last year|\d+ years ago)$/,
  threeHoursAgo: '3 hours ago',
  created: '12,345',
  duration: '12.4 s',
  knownClock: '08:45 PM UTC',
  hidden: '1,234',
  synced: /^Synced (now|\d+ (seconds?|minutes?) ago)$/,
};

describe('dates and numbers in the user locale and time zone', () => {
  it('admin sync history with ?locale=de-DE&tz=Asia/Tokyo: Tokyo time, German dates, relative times, counts and durations', async () => {
    await checkAdmin(GERMAN_TOKYO);
  });

  it('issue panel with ?locale=de-DE&tz=Asia/Tokyo: Tokyo time, German dates, relative times and counts', async () => {
    await checkPanel(GERMAN_TOKYO);
  });

  it('admin sync history without the parameters: en-US and UTC as before, whatever the browser is set to', async () => {
    await checkAdmin(DEFAULT_EN_UTC);
  });

  it('issue panel without the parameters: en-US and UTC as before, whatever the browser is set to', async () => {
    await checkPanel(DEFAULT_EN_UTC);
  });

  it("reads Jira's de_DE form, and keeps the browser's zone when the context names one it does not know", async () => {
    const page = await openPanel({ locale: 'de_DE', tz: 'Mars/Olympus_Mons' });
    await visible(page.getByText('1.234 more tests cover this issue in projects you cannot browse.', { exact: true }));
    const when = page.locator('tr.tsp-row').filter({ hasText: KNOWN_TEST }).locator('.tsp-cell-when time');
    expect(await titleOf(when)).toMatch(/^30\. Juni 2025, 16:45:10 (GMT-4|EDT|Nordamerikanische Ostküsten-Sommerzeit)$/);
  });
});
