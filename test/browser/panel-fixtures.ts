/**
 * Stories for the issue panel's tests, seeded as qTest cases in the qTest simulator's state before the app
 * starts (so the first sync brings them in like any other case): a story covered by hundreds of tests, and a
 * demo story grown to a given count of tests with passing runs newer than its failing one.
 */
import type { createQtestSimulator } from '../../local/simulators/qtest';
import { startTestApp, type TestApp } from '../support/local-app';

type QtestSimulator = ReturnType<typeof createQtestSimulator>;

const SITE = 'demo';
/** The demo's Web Storefront project: its requirements were imported from the Jira demo stories. */
const PROJECT = 101;

export interface SeededStory {
  issueKey: string;
  /** Tests covering the story after the first sync. */
  tests: number;
  /** Of those, how many fail. */
  failing: number;
}

function requirementOf(q: QtestSimulator, issueKey: string): number {
  const req = q.state.site(SITE)!.requirements.find((r) => r.projectId === PROJECT && r.jiraKey === issueKey);
  if (!req) throw new Error(`No qTest requirement imported from ${issueKey}`);
  return req.id;
}

/** Adds `count` cases covering the story, each with one run in "Release 3.2" (Chrome); the first `failing` fail. */
export function addCoveringCases(q: QtestSimulator, issueKey: string, count: number, failing: number, label: string): void {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const c = q.state.createTestCase(SITE, PROJECT, {
      name: `${label} ${i + 1}: balance shown after redemption`,
      steps: [
        { description: 'Open the gift card page', expected: 'The balance is shown' },
        { description: 'Redeem the card at checkout', expected: 'The order total drops by the balance' },
      ],
    });
    ids.push(c.id);
  }
  q.state.linkRequirement(SITE, PROJECT, requirementOf(q, issueKey), ids, true);
  ids.forEach((id, i) =>
    q.state.addRun(SITE, { projectId: PROJECT, testCaseId: id, cycle: 'Release 3.2', environment: 'Chrome', status: i < failing ? 'Failed' : 'Passed' }),
  );
}

/** SHOP-12 (no demo test covers it) gets 520 tests, 7 failing. */
export const BIG_STORY: SeededStory = { issueKey: 'SHOP-12', tests: 520, failing: 7 };

/** SHOP-10 (5 demo tests, one failing) grows to 40 with passing tests that ran after it. */
export const FORTY_STORY = { issueKey: 'SHOP-10', tests: 40, added: 35 };

export function seedPanelStories(q: QtestSimulator): void {
  addCoveringCases(q, BIG_STORY.issueKey, BIG_STORY.tests, BIG_STORY.failing, 'Gift card');
  addCoveringCases(q, FORTY_STORY.issueKey, FORTY_STORY.added, 0, 'Delivery slot');
}

/** The app with the demo and the seeded stories, synced once. */
export async function startSeededApp(): Promise<TestApp> {
  const app = await startTestApp({ prepareQtest: seedPanelStories });
  const summary = await app.server.fireTrigger('sync-scheduler');
  if (summary.events.failed !== 0) throw new Error(`The first sync failed: ${JSON.stringify(summary)}`);
  return app;
}

/** Calls a panel resolver function with a payload, as the issue's panel would. */
export function panelCall<T = any>(app: TestApp, issueKey: string, functionKey: string, payload: unknown = {}, accountId = 'demo-tester'): Promise<T> {
  return app.server.invoke({
    moduleKey: 'testsync-panel',
    functionKey,
    payload,
    accountId,
    context: { extension: { type: 'jira:issuePanel', issue: { key: issueKey }, project: { key: issueKey.split('-')[0] } } },
  }) as Promise<T>;
}
