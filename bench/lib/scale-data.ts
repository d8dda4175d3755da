/**
 * The scale bench's data, written straight into the simulators' in-process state (the demo generators have no size
 * option): every demo case, requirement and run of qTest, Xray and QMetry is replaced by generated ones, and the Jira
 * site is rebuilt to match (SHOP's stories, Xray's Test issues in QA linked to the stories they cover).
 *
 * Shape, for N cases and R runs:
 * - case g (0 ≤ g < N) belongs to tool g mod 3 (qTest, Xray, QMetry, in turn) and covers story SHOP-(⌊g/5⌋+1): one
 *   story per five cases, each story covered from every tool (as the demo's SHOP-1 is);
 * - run j (0 ≤ j < R) is a run of case j mod N: every case has R/N runs, one execution each, in the 30 days before
 *   the data's anchor (an hour ago); cases last changed 35-400 days ago;
 * - qTest: cases alternate between projects 101 and 102 (both mapped), 3 steps each, one requirement each (imported
 *   from Jira: one per story a project's cases cover); runs in the demo cycles' suites, one test log each;
 * - Xray: Test issues QA-1.. (Jira issues of type Test in project QA, created by a user, linked "tests" to their
 *   story, as Xray links them), 3 steps each; runs inside Test Executions of up to RUNS_PER_EXECUTION runs;
 * - QMetry: cases SHOPQA-TC-1.. with one version of 3 steps, linked to their story (a Jira requirement); runs in
 *   suites of RUNS_PER_SUITE_RUN cases run on both platforms (a suite run per platform).
 */
import type { JiraSimulator } from '../../local/simulators/jira';
import type { SimIssue } from '../../local/simulators/jira/types';
import type { QtestSimulator } from '../../local/simulators/qtest';
import type { SimRequirement as QtRequirement, SimRun as QtRun, SimTestCase as QtCase } from '../../local/simulators/qtest/types';
import type { XraySimulator } from '../../local/simulators/xray';
import type { SimExecution, SimRun as XrRun, SimTest as XrTest } from '../../local/simulators/xray/types';
import type { QmetrySimulator } from '../../local/simulators/qmetry';
import type { SimRequirement as QmRequirement, SimRun as QmRun, SimSuite, SimSuiteRun, SimTestCase as QmCase } from '../../local/simulators/qmetry/types';
import type { Tool } from './meter';

export const CASES_PER_STORY = 5;
export const RUNS_PER_EXECUTION = 1000;
export const RUNS_PER_SUITE_RUN = 100;
const DAY = 86_400_000;
const MIN = 60_000;

export const QTEST_SITE = 'demo';
export const QTEST_PROJECTS = [101, 102];
export const XRAY_TENANT = 'demo';
export const XRAY_PROJECT = { id: '10002', key: 'QA' };
export const QMETRY_SITE = 'demo';
export const QMETRY_PROJECT = { id: 1001, key: 'SHOPQA' };
const SHOP = { id: '10000', key: 'SHOP' };

export const toolOfCase = (g: number): Tool => (['qtest', 'xray', 'qmetry'] as const)[g % 3];
export const storyOfCase = (g: number) => Math.floor(g / CASES_PER_STORY) + 1;

/** What was generated, by global case index: enough to name any case in each simulator and to compute floors. */
export interface ScaleData {
  cases: number;
  runs: number;
  stories: number;
  /** Jira issue id of SHOP-n is storyIds[n - 1]. */
  storyIds: string[];
  /** Global case index → the tool's handle of it. */
  qtestCase: Map<number, { projectId: number; id: number }>;
  xrayTest: Map<number, { issueId: string; key: string }>;
  qmetryCase: Map<number, { id: number; entityKey: string }>;
  perTool: Record<Tool, { cases: number; runs: number }>;
  anchor: number;
}

/** Times to the second: QMetry writes dates to the second, and no tool is asked for more. */
const sec = (ms: number) => Math.floor(ms / 1000) * 1000;

function mulberry(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STEPS: Array<[string, string, string]> = [
  ['Open the page under test', 'signed-in customer', 'The page is shown'],
  ['Do what the case describes', 'the case data', 'The shop answers as the story says'],
  ['Check the result', '', 'The result is saved and shown'],
];

function adf(text: string): unknown {
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}

export function generateScaleData(
  sims: { jira: JiraSimulator; qtest: QtestSimulator; xray: XraySimulator; qmetry: QmetrySimulator },
  spec: { cases: number; runs: number; seed?: number },
): ScaleData {
  const N = spec.cases;
  const R = spec.runs;
  const rnd = mulberry(spec.seed ?? 20261129);
  const anchor = sec(Date.now() - 60 * MIN);
  const S = Math.ceil(N / CASES_PER_STORY);
  const data: ScaleData = {
    cases: N,
    runs: R,
    stories: S,
    storyIds: [],
    qtestCase: new Map(),
    xrayTest: new Map(),
    qmetryCase: new Map(),
    perTool: { qtest: { cases: 0, runs: 0 }, xray: { cases: 0, runs: 0 }, qmetry: { cases: 0, runs: 0 } },
    anchor,
  };
  const caseChanged = () => sec(anchor - (35 + Math.floor(rnd() * 365)) * DAY - Math.floor(rnd() * 1440) * MIN);
  const runAt = (j: number) => sec(anchor - (j % 43_200) * MIN - Math.floor(rnd() * 60) * 1000);

  // --- Jira: SHOP stories, then Xray's Test issues in QA --------------------------------------------------------
  const store = sims.jira.state;
  const jd = store.data;
  jd.issues = [];
  jd.links = [];
  jd.remoteLinks = [];
  jd.counters.issueId = 10000;
  jd.counters.linkId = 10000;
  jd.counters.remoteLinkId = 10000;
  jd.counters.issueNumber = { SHOP: 1, OPS: 1, QA: 1 };
  store.index.clear();
  const jiraStart = jd.clock.lastMs;
  const issue = (projectId: string, projectKey: string, typeId: string, summary: string, daysAgo: number): SimIssue => {
    const n = jd.counters.issueNumber[projectKey]++;
    const created = jiraStart - daysAgo * DAY;
    return {
      id: String(jd.counters.issueId++),
      key: `${projectKey}-${n}`,
      projectId,
      issueTypeId: typeId,
      summary,
      description: adf(summary),
      labels: [],
      priority: 'Medium',
      status: 'To Do',
      reporterAccountId: 'demo-admin',
      creatorAccountId: 'demo-admin',
      created,
      updated: created + 3_600_000,
      properties: {},
      extraFields: {},
    };
  };
  const storyType = store.project(SHOP.key)!.issueTypes.find((t) => t.name === 'Story')!.id;
  const testType = store.project(XRAY_PROJECT.key)!.issueTypes.find((t) => t.name === 'Test')!.id;
  for (let s = 1; s <= S; s++) {
    const i = issue(SHOP.id, SHOP.key, storyType, `Story ${s}: the shop does thing ${s}`, 400 - (s % 300));
    jd.issues.push(i);
    data.storyIds.push(i.id);
  }

  // --- Xray tests (Jira issues too) ------------------------------------------------------------------------------
  const tenant = sims.xray.state.tenant(XRAY_TENANT);
  tenant.tests = tenant.tests.filter((t) => t.projectId !== XRAY_PROJECT.id);
  tenant.runs = [];
  tenant.preconditions = [];
  tenant.executions = [];
  let xrayNext = 0x10000000;
  const xrayTests: XrTest[] = [];
  for (let g = 0; g < N; g++) {
    if (toolOfCase(g) !== 'xray') continue;
    const story = storyOfCase(g);
    const summary = `Xray test ${g}: check story ${story}`;
    const ji = issue(XRAY_PROJECT.id, XRAY_PROJECT.key, testType, summary, 60);
    jd.issues.push(ji);
    jd.links.push({ id: String(jd.counters.linkId++), typeId: '10004', inwardIssueId: ji.id, outwardIssueId: data.storyIds[story - 1] });
    const changed = caseChanged();
    const t: XrTest = {
      issueId: ji.id,
      key: ji.key,
      projectId: XRAY_PROJECT.id,
      summary,
      description: `Manual test: ${summary.toLowerCase()}.`,
      labels: [],
      priority: 'Medium',
      kind: 'Manual',
      steps: STEPS.map(([action, d, result]) => ({ id: String(xrayNext++), action, data: d, result })),
      gherkin: '',
      unstructured: '',
      folder: '/Bench',
      preconditionIds: [],
      covers: [{ issueId: data.storyIds[story - 1], key: `SHOP-${story}` }],
      lastModified: changed,
      jiraUpdated: changed,
    };
    xrayTests.push(t);
    data.xrayTest.set(g, { issueId: t.issueId, key: t.key });
    data.perTool.xray.cases++;
  }
  tenant.tests.push(...xrayTests);
  // Test Executions: Jira issues in Xray's world; the app reads them through Xray only, so they live in Xray's state.
  const xrayRunCount = countRunsOf('xray', N, R);
  const executions = Math.max(1, Math.ceil(xrayRunCount / RUNS_PER_EXECUTION));
  for (let e = 0; e < executions; e++) {
    const ex: SimExecution = {
      issueId: String(900_000 + e),
      key: `${XRAY_PROJECT.key}-${100_000 + e}`,
      projectId: XRAY_PROJECT.id,
      summary: `Regression run ${e + 1}`,
      environments: e % 2 === 0 ? ['Chrome'] : ['Firefox'],
      lastModified: anchor - 31 * DAY,
    };
    tenant.executions.push(ex);
  }

  // --- qTest -------------------------------------------------------------------------------------------------------
  const site = sims.qtest.state.site(QTEST_SITE)!;
  let qtNext = 10_000_000;
  site.cases = site.cases.filter((c) => !QTEST_PROJECTS.includes(c.projectId));
  site.requirements = site.requirements.filter((r) => !QTEST_PROJECTS.includes(r.projectId));
  site.runs = site.runs.filter((r) => !QTEST_PROJECTS.includes(r.projectId));
  const modulesOf = new Map(QTEST_PROJECTS.map((p) => [p, site.modules.filter((m) => m.projectId === p)]));
  const suitesOf = new Map(QTEST_PROJECTS.map((p) => [p, site.cycles.filter((c) => c.projectId === p).flatMap((c) => c.suites)]));
  const reqOf = new Map<string, QtRequirement>();
  const qtCaseNo = new Map(QTEST_PROJECTS.map((p) => [p, 0]));
  const qtRunNo = new Map(QTEST_PROJECTS.map((p) => [p, 0]));
  const qtCases: QtCase[] = [];
  let k = 0;
  for (let g = 0; g < N; g++) {
    if (toolOfCase(g) !== 'qtest') continue;
    const projectId = QTEST_PROJECTS[k++ % QTEST_PROJECTS.length];
    const story = storyOfCase(g);
    const rk = `${projectId}:${story}`;
    let req = reqOf.get(rk);
    if (!req) {
      const n = site.requirements.filter((r) => r.projectId === projectId).length + reqOf.size + 1;
      req = {
        id: qtNext++,
        projectId,
        pid: `RQ-${n}`,
        name: `SHOP-${story} Story ${story}`,
        jiraKey: `SHOP-${story}`,
        jiraIssueId: data.storyIds[story - 1],
        createdAt: anchor - 500 * DAY,
        lastModifiedAt: anchor - 499 * DAY,
      };
      reqOf.set(rk, req);
    }
    const mods = modulesOf.get(projectId)!;
    const no = qtCaseNo.get(projectId)! + 1;
    qtCaseNo.set(projectId, no);
    const changed = caseChanged();
    const c: QtCase = {
      id: qtNext++,
      projectId,
      pid: `TC-${no}`,
      name: `qTest case ${g}: check story ${story}`,
      moduleId: mods[g % mods.length].id,
      description: `Checks story ${story}.`,
      precondition: '',
      priority: 'Medium',
      type: 'Manual',
      steps: STEPS.map(([a, , e], i) => ({ id: qtNext++, description: a, expected: e, order: i + 1 })),
      requirementIds: [req.id],
      createdAt: changed - 30 * DAY,
      lastModifiedAt: changed,
      version: '1.0',
      versionId: qtNext++,
    };
    qtCases.push(c);
    data.qtestCase.set(g, { projectId, id: c.id });
    data.perTool.qtest.cases++;
  }
  site.cases.push(...qtCases);
  site.requirements.push(...reqOf.values());

  // --- QMetry ------------------------------------------------------------------------------------------------------
  const host = sims.qmetry.state.host(QMETRY_SITE)!;
  let qmNext = 50_000_000;
  const pid = QMETRY_PROJECT.id;
  host.testCases = host.testCases.filter((c) => c.projectId !== pid);
  host.requirements = host.requirements.filter((r) => r.projectId !== pid);
  const oldSuites = new Set(host.suites.filter((s) => s.projectId === pid).map((s) => s.id));
  host.suites = host.suites.filter((s) => s.projectId !== pid);
  const oldSuiteRuns = new Set(host.suiteRuns.filter((r) => oldSuites.has(r.suiteId)).map((r) => r.id));
  host.suiteRuns = host.suiteRuns.filter((r) => !oldSuites.has(r.suiteId));
  host.runs = host.runs.filter((r) => !oldSuiteRuns.has(r.suiteRunId));
  const folders = host.folders.filter((f) => f.projectId === pid);
  const platforms = host.platforms.filter((p) => p.projectId === pid);
  const cycles = host.releases.filter((r) => r.projectId === pid).flatMap((r) => r.cycles);
  const qmReq = new Map<number, QmRequirement>();
  const qmCases: QmCase[] = [];
  let qmNo = 0;
  for (let g = 0; g < N; g++) {
    if (toolOfCase(g) !== 'qmetry') continue;
    const story = storyOfCase(g);
    let req = qmReq.get(story);
    if (!req) {
      req = { id: qmNext++, projectId: pid, entityKey: `SHOP-${story}`, name: `Story ${story}`, createdSystem: 'JIRA', createdAt: anchor - 500 * DAY, updatedAt: anchor - 499 * DAY };
      qmReq.set(story, req);
    }
    const changed = caseChanged();
    const name = `QMetry case ${g}: check story ${story}`;
    const c: QmCase = {
      id: qmNext++,
      projectId: pid,
      entityKey: `${QMETRY_PROJECT.key}-TC-${++qmNo}`,
      folderId: folders[g % folders.length].id,
      versions: [
        {
          versionId: qmNext++,
          version: 1,
          name,
          description: `Checks story ${story}.`,
          precondition: '',
          priority: 'Medium',
          type: 'Functional',
          steps: STEPS.map(([d, input, e], i) => ({ id: qmNext++, orderId: i + 1, description: d, inputData: input, expectedOutcome: e })),
          createdAt: changed - 30 * DAY,
          updatedAt: changed,
        },
      ],
      requirementIds: [req.id],
      createdAt: changed - 30 * DAY,
    };
    qmCases.push(c);
    data.qmetryCase.set(g, { id: c.id, entityKey: c.entityKey });
    data.perTool.qmetry.cases++;
  }
  host.testCases.push(...qmCases);
  host.requirements.push(...qmReq.values());

  // --- Runs --------------------------------------------------------------------------------------------------------
  const qtStatuses = ['Passed', 'Passed', 'Passed', 'Failed', 'Passed', 'Blocked', 'Passed', 'Incomplete', 'Passed', 'Passed'];
  const xrStatuses = ['PASSED', 'PASSED', 'FAILED', 'PASSED', 'PASSED', 'ABORTED', 'PASSED', 'PASSED', 'FLAKY_RETRY', 'PASSED'];
  const qmStatuses = host.statuses.filter((s) => !s.isArchived && s.name !== 'Not Run').map((s) => s.id);
  const testers = ['demo-tester', 'demo-admin'];
  const qtRuns: QtRun[] = [];
  const xrRuns: XrRun[] = [];
  const qmRuns: QmRun[] = [];
  // QMetry: suites of RUNS_PER_SUITE_RUN cases, each run on every platform; filled in run order.
  let suite: SimSuite | undefined;
  let suiteRuns: SimSuiteRun[] = [];
  let inSuite = 0;
  let suiteNo = 0;
  const qmRunCount = countRunsOf('qmetry', N, R);
  let qmDone = 0;
  let xrDone = 0;
  for (let j = 0; j < R; j++) {
    const g = j % N;
    const tool = toolOfCase(g);
    const at = runAt(j);
    data.perTool[tool].runs++;
    if (tool === 'qtest') {
      const c = data.qtestCase.get(g)!;
      const suites = suitesOf.get(c.projectId)!;
      const su = suites[Math.floor(j / N) % suites.length];
      const no = qtRunNo.get(c.projectId)! + 1;
      qtRunNo.set(c.projectId, no);
      qtRuns.push({
        id: qtNext++,
        projectId: c.projectId,
        pid: `TR-${no}`,
        name: `qTest case ${g}`,
        testCaseId: c.id,
        suiteId: su.id,
        environment: su.name,
        createdAt: at - 3_600_000,
        lastModifiedAt: at,
        logs: [{ id: qtNext++, status: qtStatuses[(j * 7 + g) % qtStatuses.length], exeStart: at - 300_000, exeEnd: at, tester: 'demo@example.com' }],
      });
    } else if (tool === 'xray') {
      const t = data.xrayTest.get(g)!;
      const ex = tenant.executions[Math.floor((xrDone++ * tenant.executions.length) / Math.max(1, xrayRunCount))];
      xrRuns.push({
        id: `5acc7ab0a3fe1b6f${(xrayNext++).toString(16).padStart(8, '0')}`,
        testIssueId: t.issueId,
        execIssueId: ex.issueId,
        status: xrStatuses[(j * 7 + g) % xrStatuses.length],
        startedOn: at - 300_000,
        finishedOn: at,
        executedById: testers[j % 2],
        lastModified: at,
      });
    } else {
      if (!suite || inSuite >= RUNS_PER_SUITE_RUN * platforms.length) {
        suiteNo++;
        suite = {
          id: qmNext++,
          projectId: pid,
          entityKey: `${QMETRY_PROJECT.key}-TS-${suiteNo}`,
          name: `Bench suite ${suiteNo}`,
          cycleId: cycles.length ? cycles[suiteNo % cycles.length].id : null,
          createdAt: anchor - 31 * DAY,
          updatedAt: anchor - 31 * DAY,
        };
        host.suites.push(suite);
        suiteRuns = platforms.map((p) => ({ id: qmNext++, suiteId: suite!.id, platformId: p.id }));
        host.suiteRuns.push(...suiteRuns);
        inSuite = 0;
      }
      // The suite's cases are the next RUNS_PER_SUITE_RUN QMetry runs' cases; each is run once per platform.
      const sr = suiteRuns[inSuite % suiteRuns.length];
      inSuite++;
      const c = data.qmetryCase.get(g)!;
      qmRuns.push({
        id: qmNext++,
        suiteRunId: sr.id,
        testCaseId: c.id,
        version: 1,
        statusId: qmStatuses[(j * 7 + g) % qmStatuses.length],
        executedAt: at,
        executedBy: testers[j % 2],
        updatedAt: at,
      });
      qmDone++;
    }
  }
  void qmRunCount;
  void qmDone;
  site.runs.push(...qtRuns);
  site.nextId = Math.max(site.nextId, qtNext + 1);
  tenant.runs.push(...xrRuns);
  tenant.nextId = Math.max(tenant.nextId, xrayNext + 1);
  host.runs.push(...qmRuns);
  host.nextId = Math.max(host.nextId, qmNext + 1);
  return data;
}

/** Runs of one tool's cases among R runs over N cases (run j belongs to case j mod N). */
export function countRunsOf(tool: Tool, N: number, R: number): number {
  let n = 0;
  const full = Math.floor(R / N);
  const rest = R % N;
  for (let g = 0; g < N; g++) if (toolOfCase(g) === tool) n += full + (g < rest ? 1 : 0);
  return n;
}

// ---------------------------------------------------------------------------------------------------------------
// The change between syncs

export interface ChangeSet {
  /** Global indexes of the cases edited (their name). */
  edited: number[];
  /** Global indexes of the cases that got one new run each. */
  newRuns: number[];
}

/**
 * Edits `share` of the cases (their name; evenly spread over the index range, so over the three tools) and adds one
 * run to `share` of R cases' worth of runs (one each, on distinct cases, also spread), through the simulators' own
 * state operations, which stamp them with the clock as the tools do.
 */
export function applyChange(
  sims: { jira: JiraSimulator; qtest: QtestSimulator; xray: XraySimulator; qmetry: QmetrySimulator },
  data: ScaleData,
  share: number,
  label: string,
): ChangeSet {
  const N = data.cases;
  const edits = Math.max(1, Math.round(N * share));
  const runs = Math.min(N, Math.max(1, Math.round(data.runs * share)));
  const edited = Array.from({ length: edits }, (_, i) => Math.floor(((i + 0.5) * N) / edits));
  const newRuns = Array.from({ length: runs }, (_, i) => Math.floor(((i + 0.25) * N) / runs));
  const site = sims.qtest.state.site(QTEST_SITE)!;
  const qtCycleOf = new Map(QTEST_PROJECTS.map((p) => [p, site.cycles.find((c) => c.projectId === p)!.name]));
  const host = sims.qmetry.state.host(QMETRY_SITE)!;
  const tenant = sims.xray.state.tenant(XRAY_TENANT);
  for (const g of edited) {
    const tool = toolOfCase(g);
    if (tool === 'qtest') {
      const c = data.qtestCase.get(g)!;
      const tc = site.cases.find((x) => x.id === c.id)!;
      sims.qtest.state.modifyTestCase(QTEST_SITE, c.projectId, c.id, { name: `${tc.name} (${label})` });
    } else if (tool === 'xray') {
      const t = data.xrayTest.get(g)!;
      const test = sims.xray.state.modifyTest(XRAY_TENANT, t.issueId, { summary: `${tenant.tests.find((x) => x.issueId === t.issueId)!.summary} (${label})` });
      // Xray's test is the Jira issue: its summary changes there too.
      const ji = sims.jira.state.findIssue(t.issueId);
      if (ji) ji.summary = test.summary;
    } else {
      const c = data.qmetryCase.get(g)!;
      const tc = host.testCases.find((x) => x.id === c.id)!;
      sims.qmetry.state.modifyTestCase(QMETRY_SITE, c.entityKey, { name: `${tc.versions[tc.versions.length - 1].name} (${label})` });
    }
  }
  // QMetry: the new runs go to a new suite (a suite holds a case once), run on the first platform.
  const platform = host.platforms.find((p) => p.projectId === QMETRY_PROJECT.id)!;
  let qmSuite: SimSuite | undefined;
  let qmInSuite = 0;
  let n = 0;
  for (const g of newRuns) {
    const tool = toolOfCase(g);
    if (tool === 'qtest') {
      const c = data.qtestCase.get(g)!;
      sims.qtest.state.addRun(QTEST_SITE, { projectId: c.projectId, testCaseId: c.id, cycle: qtCycleOf.get(c.projectId)!, status: n % 5 === 1 ? 'Failed' : 'Passed' });
    } else if (tool === 'xray') {
      const t = data.xrayTest.get(g)!;
      sims.xray.state.addRun(XRAY_TENANT, { test: t.issueId, execution: tenant.executions[n % tenant.executions.length].key, status: n % 5 === 1 ? 'FAILED' : 'PASSED' });
    } else {
      if (!qmSuite || qmInSuite >= RUNS_PER_SUITE_RUN) {
        qmSuite = {
          id: host.nextId++,
          projectId: QMETRY_PROJECT.id,
          entityKey: `${QMETRY_PROJECT.key}-TS-${host.suites.length + 1}`,
          name: `${label} suite ${host.suites.length + 1}`,
          cycleId: null,
          createdAt: Date.now(),
          updatedAt: Date.now(),
        };
        host.suites.push(qmSuite);
        qmInSuite = 0;
      }
      qmInSuite++;
      sims.qmetry.state.execute(QMETRY_SITE, { suite: qmSuite.name, platform: platform.name, entityKey: data.qmetryCase.get(g)!.entityKey, status: n % 5 === 1 ? 'Fail' : 'Pass' });
    }
    n++;
  }
  return { edited, newRuns };
}
