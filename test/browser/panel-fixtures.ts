/**
 * Stories for the issue panel's tests, seeded as qTest cases in the qTest simulator's state before the app
 * starts (so the first sync brings them in like any other case): a story covered by hundreds of tests, and a
 * demo story grown to 40 tests whose one failing test comes last by key.
 */
import type { createQtestSimulator } from '../../local/simulators/qtest';
import { startTestApp, type TestApp } from '../support/local-app';
import { fixVersionOf } from '../../local/demo/qtest/release-plan';

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

/**
 * Adds `count` cases covering the story, each with one run on staging in the release cycle of the story's fix
 * version ("Release 3.1" or "Release 3.2", as the demo's release plan has them), failing when `fails(i)`.
 */
export function addCoveringCases(q: QtestSimulator, issueKey: string, count: number, fails: (i: number) => boolean, label: string): void {
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
    q.state.addRun(SITE, { projectId: PROJECT, testCaseId: id, cycle: `Release ${fixVersionOf(issueKey)}`, environment: 'staging', status: fails(i) ? 'Failed' : 'Passed' }),
  );
}

/** SHOP-12 (no demo test covers it) gets 520 tests, 7 failing. */
export const BIG_STORY: SeededStory = { issueKey: 'SHOP-12', tests: 520, failing: 7 };

/**
 * SHOP-10 (3 passing demo tests) grows to 40: 37 more, of which only the last created fails, so by key it would
 * be the last row of the list.
 */
export const FORTY_STORY = { issueKey: 'SHOP-10', tests: 40, added: 37, failing: 1 };

export function seedPanelStories(q: QtestSimulator): void {
  addCoveringCases(q, BIG_STORY.issueKey, BIG_STORY.tests, (i) => i < BIG_STORY.failing, 'Gift card');
  addCoveringCases(q, FORTY_STORY.issueKey, FORTY_STORY.added, (i) => i === FORTY_STORY.added - 1, 'Delivery slot');
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
