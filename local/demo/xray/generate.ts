/**
 * The Xray simulator's demo data: tenant `demo` (not pinned to a region) with the QA project's Tests QA-1..QA-30
 * (catalog.ts), 3 Preconditions, 6 Test Executions with runs, 3 ad-hoc runs, 2 Test Plans, Xray's statuses plus the
 * custom FLAKY_RETRY; an archived project LEGACY whose tests Jira no longer lists; and an empty tenant `eu-demo`
 * pinned to the EU region. Same anchor → same data.
 *
 * The demo release: the QA project's versions 3.1 and 3.2 (QA_VERSIONS) are the fix versions of the Test Executions
 * that tested them, one per test environment (`staging`, `production`): 3.1's before its release on 2026-10-15, 3.2's
 * in the weeks before the anchor; each version's Test Plan holds its executions. The results the demo release sets
 * (../qtest/release-plan.ts): every run of a test covering RELEASE_STORY passed, a few stories pass, are blocked or
 * partly run in their fix version; the other runs are drawn at random (failures, aborted, not run, in progress).
 */
import { createPrng } from '../qtest/prng';
import type { SimClient, SimData, SimRun, SimStatus, SimTest, TenantData } from '../../simulators/xray/types';
import { RELEASE_STORY, releasePlan } from '../qtest/release-plan';
import { DEMO_PRECONDITIONS, DEMO_XRAY_TESTS, QA_PROJECT, QA_VERSIONS, qaIssueId, qaKey, shopIssueId } from './catalog';
import { DEMO_DEFECT, DEMO_DEFECT_ID_WITH_XRAY } from '../defects';

export const DEMO_CLIENT_ID = 'xray-demo-client';
export const DEMO_CLIENT_SECRET = 'xray-demo-secret';
export const EU_CLIENT_ID = 'xray-eu-client';
export const EU_CLIENT_SECRET = 'xray-eu-secret';
/** The demo's "today" (the Jira simulator's default start). */
/** An API key of a Jira user who may browse the demo's projects but not edit Test Runs. */
export const READONLY_CLIENT_ID = 'xray-readonly-client';
export const READONLY_CLIENT_SECRET = 'xray-readonly-secret';
export const DEMO_ANCHOR = Date.parse('2026-11-20T09:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

export const DEMO_STATUSES: SimStatus[] = [
  { name: 'PASSED', description: 'The test run has passed', final: true, color: '#95C160', coverageStatus: 'OK' },
  { name: 'FAILED', description: 'The test run has failed', final: true, color: '#D45D52', coverageStatus: 'NOK' },
  { name: 'TODO', description: 'The test run has not started', final: false, color: '#A2A6AE', coverageStatus: 'NOTRUN' },
  { name: 'EXECUTING', description: 'The test run is currently being executed', final: false, color: '#F1E069', coverageStatus: 'NOTRUN' },
  { name: 'ABORTED', description: 'The test run was aborted', final: true, color: '#111111', coverageStatus: 'NOK' },
  { name: 'FLAKY_RETRY', description: 'Failed, then passed on retry (custom status)', final: true, color: '#B48CD6', coverageStatus: 'OK' },
];

export { RELEASE_STORY };

/** Executions: key number, summary, test environments, fix versions, days before the anchor, which tests. */
const EXECUTIONS: Array<{ n: number; summary: string; env: string[]; fix: string[]; daysAgo: number; pick: (t: SimTest) => boolean }> = [
  { n: 31, summary: 'Release 3.1 regression (staging)', env: ['staging'], fix: ['3.1'], daysAgo: 52, pick: () => true },
  { n: 32, summary: 'Release 3.1 regression (production)', env: ['production'], fix: ['3.1'], daysAgo: 45, pick: () => true },
  { n: 33, summary: 'Release 3.2 smoke', env: ['staging'], fix: ['3.2'], daysAgo: 12, pick: (t) => t.priority === 'High' || t.labels.includes('smoke') },
  { n: 34, summary: 'Nightly automated checks', env: [], fix: [], daysAgo: 1, pick: (t) => t.kind !== 'Manual' },
  { n: 38, summary: 'Release 3.2 regression (staging)', env: ['staging'], fix: ['3.2'], daysAgo: 6, pick: () => true },
  { n: 39, summary: 'Release 3.2 regression (production)', env: ['production'], fix: ['3.2'], daysAgo: 3, pick: () => true },
];
/** Test Plans: key number, summary, fix version, the executions (key numbers) planned in it. */
const TEST_PLANS = [
  { n: 40, summary: 'Release 3.1 test plan', fix: '3.1', executions: [31, 32] },
  { n: 41, summary: 'Release 3.2 test plan', fix: '3.2', executions: [33, 38, 39] },
];
/** Tests run outside any Test Execution. */
const AD_HOC_TESTS = [1, 5, 9];
const TESTERS = ['demo-tester', 'demo-admin'];

const runId = (n: number) => `5acc7ab0a3fe1b6f${n.toString(16).padStart(8, '0')}`;

function gherkinOf(summary: string): string {
  return [`Scenario: ${summary}`, '  Given the demo shop is open', `  When the customer tries to ${summary.toLowerCase()}`, '  Then it works as described'].join('\n');
}

function buildTests(anchor: number, tenant: TenantData): SimTest[] {
  return DEMO_XRAY_TESTS.map((t, i) => {
    const n = i + 1;
    const created = anchor - (60 - i) * DAY;
    return {
      issueId: qaIssueId(n),
      key: qaKey(n),
      projectId: QA_PROJECT.id,
      summary: t.summary,
      description: `${t.kind} test: ${t.summary.toLowerCase()}.`,
      labels: [...t.labels],
      priority: t.priority,
      kind: t.kind,
      steps: (t.steps ?? []).map(([action, data, result]) => ({ id: String(tenant.nextId++), action, data, result })),
      gherkin: t.kind === 'Cucumber' ? gherkinOf(t.summary) : '',
      unstructured: t.kind === 'Generic' ? `tests/e2e/${t.summary.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.spec.ts` : '',
      folder: t.folder,
      preconditionIds: t.precondition !== undefined ? [String(10046 + t.precondition)] : [],
      covers: t.covers.map((s) => ({ issueId: shopIssueId(s), key: `SHOP-${s}` })),
      lastModified: created + 3 * HOUR,
      jiraUpdated: created + 2 * HOUR,
    };
  });
}

const PLANNED_STATUS = { pass: 'PASSED', blocked: 'ABORTED', 'not-run': 'TODO' } as const;

/**
 * A run of `test` in an execution of `version` (none: ad hoc or without a fix version): its status drawn, unless the
 * demo release sets it (release-plan.ts; Xray has no built-in Blocked status: ABORTED, which the app's default status
 * mapping reads as BLOCKED, stands for it).
 */
function addRun(
  tenant: TenantData,
  rnd: ReturnType<typeof createPrng>,
  plan: ReturnType<typeof releasePlan>,
  test: SimTest,
  execIssueId: string | null,
  version: string | undefined,
  at: number,
): void {
  const drawn = rnd.weighted<string>([['PASSED', 60], ['FAILED', 15], ['FLAKY_RETRY', 6], ['ABORTED', 4], ['TODO', 8], ['EXECUTING', 7]]);
  const planned = plan.resultOf(test.issueId, test.covers.map((c) => c.key), version);
  const status = planned ? PLANNED_STATUS[planned] : drawn;
  const testIssueId = test.issueId;
  const run: SimRun = { id: runId(tenant.nextId++), testIssueId, execIssueId, status, lastModified: at };
  if (status !== 'TODO') {
    run.startedOn = at - rnd.int(2, 30) * 60_000;
    run.executedById = rnd.pick(TESTERS);
    if (status !== 'EXECUTING') run.finishedOn = at;
  }
  tenant.runs.push(run);
}

export function generateXrayDemo(opts: { anchorMs?: number } = {}): SimData {
  const anchor = opts.anchorMs ?? DEMO_ANCHOR;
  const rnd = createPrng(4242);
  const demo: TenantData = {
    id: 'demo',
    region: 'global',
    projects: [
      { id: '10000', key: 'SHOP', name: 'Online Shop', archived: false, testEnvironments: [] },
      {
        id: QA_PROJECT.id, key: QA_PROJECT.key, name: QA_PROJECT.name, archived: false,
        testEnvironments: ['staging', 'production'], versions: QA_VERSIONS.map((v) => ({ ...v })),
      },
      { id: '10003', key: 'LEG', name: 'Legacy Shop', archived: true, testEnvironments: [] },
    ],
    statuses: DEMO_STATUSES.map((s) => ({ ...s })),
    tests: [],
    preconditions: [],
    executions: [],
    testPlans: [],
    runs: [],
    nextId: 1,
  };
  demo.tests = buildTests(anchor, demo);
  const plan = releasePlan(demo.tests.map((t) => ({ id: t.issueId, stories: t.covers.map((c) => c.key) })));
  demo.preconditions = DEMO_PRECONDITIONS.map((p, i) => ({
    issueId: String(10046 + i),
    key: qaKey(35 + i),
    projectId: QA_PROJECT.id,
    summary: p.summary,
    definition: p.definition,
    lastModified: anchor - 61 * DAY,
  }));
  for (let i = 0; i < 2; i++) {
    demo.tests.push({
      ...demo.tests[i],
      issueId: String(20001 + i),
      key: `LEG-${i + 1}`,
      projectId: '10003',
      summary: `Legacy: ${demo.tests[i].summary}`,
      steps: [],
      preconditionIds: [],
      covers: [],
    });
  }
  for (const e of EXECUTIONS) {
    const issueId = qaIssueId(e.n);
    const at = anchor - e.daysAgo * DAY;
    demo.executions.push({
      issueId, key: qaKey(e.n), projectId: QA_PROJECT.id, summary: e.summary, environments: e.env, fixVersions: e.fix, lastModified: at + 8 * HOUR,
    });
    demo.tests
      .filter((t) => t.projectId === QA_PROJECT.id && e.pick(t))
      .forEach((t, k) => addRun(demo, rnd, plan, t, issueId, e.fix[0], at + k * 10 * 60_000));
  }
  AD_HOC_TESTS.forEach((n, k) => addRun(demo, rnd, plan, demo.tests.find((t) => t.issueId === qaIssueId(n))!, null, undefined, anchor - 2 * DAY + k * HOUR));
  demo.testPlans = TEST_PLANS.map((p) => ({
    issueId: qaIssueId(p.n), key: qaKey(p.n), projectId: QA_PROJECT.id, summary: p.summary, fixVersions: [p.fix],
    executionIds: p.executions.map(qaIssueId),
    lastModified: Math.max(...p.executions.map((n) => demo.executions.find((x) => x.issueId === qaIssueId(n))!.lastModified)),
  }));

  // The team's Jira bug of the first failed run (Xray keeps a run's defects by Jira issue id), and the key Xray finds it by.
  demo.runs.find((r) => r.status === 'FAILED')!.defects = [DEMO_DEFECT_ID_WITH_XRAY];
  demo.jiraIssues = [{ id: DEMO_DEFECT_ID_WITH_XRAY, key: DEMO_DEFECT.key }];

  const eu: TenantData = { id: 'eu-demo', region: 'eu', projects: [], statuses: DEMO_STATUSES.map((s) => ({ ...s })), tests: [], preconditions: [], executions: [], runs: [], nextId: 1 };
  const clients: SimClient[] = [
    { clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, tenantId: 'demo' },
    { clientId: EU_CLIENT_ID, clientSecret: EU_CLIENT_SECRET, tenantId: 'eu-demo' },
    { clientId: READONLY_CLIENT_ID, clientSecret: READONLY_CLIENT_SECRET, tenantId: 'demo', readOnly: true },
  ];
  return { tenants: { demo, 'eu-demo': eu }, clients, tokens: [] };
}
