/**
 * Generates the qTest demo site (`https://demo.qtestnet.com`) from the catalogue with a seeded PRNG.
 * Same anchor → same data. Test case and requirement change times lie before the 30-day execution window.
 * Test execution follows qTest's tree, Release > Cycle > Suite > Run: releases `3.1` and `3.2` (Jira's fix versions),
 * their cycles one after the other, a suite per environment (`staging`, `production`: the suite's Environment field,
 * which its runs inherit), a build per cycle on every test log; a few cycles sit under the root, one of them targeting
 * a release. The demo release (release-plan.ts): its story (RELEASE_STORY) reads FAIL in 3.2 and in 3.2/staging, PASS
 * elsewhere; a few other stories read PASS, BLOCKED or PARTIAL in their fix version; the rest keep their drawn results.
 */
import type { SimCycle, SimLog, SimModule, SimRelease, SimRequirement, SimRun, SimSuite, SimTestCase, SiteData } from '../../simulators/qtest/types';
import { JIRA_STORIES, PRECONDITIONS, PRIORITIES, PROJECTS, STEPS, TESTERS, TYPES, VARIANTS, VERBS, type ModuleSpec, type ProjectSpec } from './catalog';
import { createPrng, type Prng } from './prng';
import { RELEASE_STORY, releasePlan, runsThroughout, STORY_OUTCOMES } from './release-plan';
import { DEMO_DEFECT, DEMO_JIRA_PROJECTS } from '../defects';

export const DEMO_SITE = 'demo';
export const DEMO_API_TOKEN = 'qtest-demo-token';
export const DEMO_USER = { username: 'demo@example.com', password: 'demo-password' };
/** A user who sees project 101 only: project 102 answers 403. */
export const DEMO_LIMITED_TOKEN = 'qtest-limited-token';
/** A user without API access: every /api call answers 403. */
export const DEMO_NOAPI_TOKEN = 'qtest-noapi-token';
/** A user of both projects whose profile may not edit test logs executed by others, so may not link defects to them. */
export const DEMO_READONLY_TOKEN = 'qtest-readonly-token';
const READONLY_USER = 20;
/** A login token that expired before the anchor. */
export const DEMO_EXPIRED_TOKEN = 'qtest-expired-token';
/** Default anchor: the demo's "today"; executions fall in the 30 days before it. */
export const DEMO_ANCHOR = Date.parse('2026-11-16T00:00:00.000Z');

const DAY = 86_400_000;
const MINUTE = 60_000;

export const STATUSES = [
  { id: 601, name: 'Passed', color: '#0cdda8', isDefault: false, active: true },
  { id: 602, name: 'Failed', color: '#ff5b5b', isDefault: false, active: true },
  { id: 603, name: 'Incomplete', color: '#ffc000', isDefault: false, active: true },
  { id: 604, name: 'Blocked', color: '#8c8c8c', isDefault: false, active: true },
  { id: 605, name: 'Unexecuted', color: '#c0c0c0', isDefault: true, active: true },
  { id: 10001, name: 'Retest', color: '#b07cd8', isDefault: false, active: true },
];

type Profile = 'stable' | 'flaky' | 'broken';

interface Ids {
  module: number;
  step: number;
  testCase: number;
  requirement: number;
  release: number;
  cycle: number;
  suite: number;
  run: number;
  log: number;
}

function fill(template: string, feature: string): string {
  const f = template.replace(/\{f\}/g, feature);
  return f.charAt(0).toUpperCase() + f.slice(1);
}

function addModules(specs: ModuleSpec[], projectId: number, parentId: number | null, ids: Ids, out: SimModule[], leaves: Array<{ id: number; spec: ModuleSpec }>) {
  specs.forEach((spec, order) => {
    const id = ids.module++;
    out.push({ id, projectId, pid: `MD-${out.filter((m) => m.projectId === projectId).length + 1}`, name: spec.name, parentId, order: order + 1 });
    if (spec.features?.length) leaves.push({ id, spec });
    if (spec.children) addModules(spec.children, projectId, id, ids, out, leaves);
  });
}

function runStatus(rng: Prng, profile: Profile, flip: number, lastCycle: boolean): string {
  if (rng.chance(lastCycle ? 0.25 : 0.04)) return 'Unexecuted';
  if (profile === 'flaky') return flip % 2 === 0 ? 'Passed' : 'Failed';
  if (profile === 'broken') return rng.chance(0.8) ? 'Failed' : 'Blocked';
  if (rng.chance(0.006)) return 'Retest';
  return rng.weighted([['Passed', 88], ['Failed', 5], ['Blocked', 3], ['Incomplete', 3]] as const);
}

interface PlannedCase {
  c: SimTestCase;
  profile: Profile;
  /** The Jira stories the case covers. */
  stories: string[];
  /** The case covers RELEASE_STORY. */
  releaseStory: boolean;
}

interface Plan {
  anchor: number;
  rng: Prng;
  ids: Ids;
  /** The results the demo release sets (release-plan.ts). */
  results: ReturnType<typeof releasePlan>;
  releases: SimRelease[];
  cycles: SimCycle[];
  runs: SimRun[];
  /** The last number given per project and prefix (`101:TR`), for pids. */
  numbers: Map<string, number>;
}

/** The next pid of a project: `TR-1`, `TR-2`, … (qTest numbers each kind of object per project). */
function nextPid(plan: Plan, projectId: number, prefix: string): string {
  const key = `${projectId}:${prefix}`;
  const n = (plan.numbers.get(key) ?? 0) + 1;
  plan.numbers.set(key, n);
  return `${prefix}-${n}`;
}

const suitesOf = (plan: Plan, projectId: number, environments: string[]): SimSuite[] =>
  environments.map((env) => ({ id: plan.ids.suite++, pid: nextPid(plan, projectId, 'TS'), name: env, environment: env }));

const WINDOW = 30 * DAY;

/** A run of `c` in `suite` with its logs (none: Unexecuted), last modified at its last log (else at `start`). */
function pushRun(plan: Plan, c: SimTestCase, suite: SimSuite, start: number, logs: SimLog[]): void {
  plan.runs.push({
    id: plan.ids.run++, projectId: c.projectId, pid: nextPid(plan, c.projectId, 'TR'), name: c.name, testCaseId: c.id, suiteId: suite.id,
    environment: suite.environment, createdAt: start, lastModifiedAt: logs.length ? logs[logs.length - 1].exeEnd : start, logs,
  });
}

const PLANNED_STATUS = { pass: 'Passed', blocked: 'Blocked' } as const;

/**
 * The logs of a run of a case in `version`: drawn from the case's profile (usually one execution, now and then a failed
 * first attempt), unless the demo release sets its result there (release-plan.ts): then one execution with that
 * status, or none for a run not run. The draws are made either way, so the other runs' draws stay what they are.
 */
function runLogs(plan: Plan, pc: PlannedCase, drawn: string, when: number, build: string | undefined, version: string | undefined): SimLog[] {
  const { rng, ids } = plan;
  const on = build ? { build } : {};
  const logs: SimLog[] = [];
  if (drawn !== 'Unexecuted') {
    if (!pc.releaseStory && rng.chance(0.05)) {
      logs.push({ id: ids.log++, status: 'Failed', exeStart: when - 3 * 3600_000, exeEnd: when - 3 * 3600_000 + 5 * MINUTE, tester: rng.pick(TESTERS), ...on });
    }
    logs.push({ id: ids.log++, status: drawn, exeStart: when, exeEnd: when + rng.int(2, 20) * MINUTE, tester: rng.pick(TESTERS), ...on });
  }
  const planned = plan.results.resultOf(String(pc.c.id), pc.stories, version);
  if (planned === undefined) return logs;
  if (planned === 'not-run') return [];
  const last = logs.at(-1) ?? { id: ids.log++, exeStart: when, exeEnd: when + 5 * MINUTE, tester: TESTERS[0], ...on };
  return [{ ...last, status: PLANNED_STATUS[planned] }];
}

/**
 * The project's releases and their cycles, one after the other over the 30 days before the anchor, each cycle with a
 * test suite per environment and a build per cycle (`3.2.1`). Cases covering RELEASE_STORY run in every cycle and pass,
 * but for the regression (REGRESSION): the first such case of its project fails in staging in the last cycle of its
 * release, a few hours before it passes in production, minutes before the anchor.
 */
function planReleases(p: ProjectSpec, projectCases: PlannedCase[], plan: Plan): void {
  const { anchor, rng, ids } = plan;
  const all = p.releases.flatMap((r) => r.cycles.map((name, k) => ({ name, release: r.name, build: `${r.name}.${k}` })));
  const slot = all.length ? WINDOW / all.length : 0;
  const regression = p.id === REGRESSION.project ? projectCases.find((pc) => pc.releaseStory) : undefined;
  let k = 0;
  p.releases.forEach((r) => {
    const startAt = anchor - WINDOW + k * slot;
    const release: SimRelease = {
      id: ids.release++, projectId: p.id, pid: nextPid(plan, p.id, 'RL'), name: r.name, startAt, endAt: startAt + r.cycles.length * slot,
      closed: false, createdAt: startAt - 7 * DAY,
    };
    plan.releases.push(release);
    r.cycles.forEach((cycleName, c) => {
      const start = anchor - WINDOW + k * slot;
      const last = k === all.length - 1;
      const cycle: SimCycle = {
        id: ids.cycle++, projectId: p.id, pid: nextPid(plan, p.id, 'CL'), name: cycleName,
        releaseId: release.id, createdAt: start - DAY, suites: suitesOf(plan, p.id, p.environments),
      };
      plan.cycles.push(cycle);
      const included = projectCases.filter((pc) => rng.chance(p.cycleCoverage) || runsThroughout(pc.stories, r.name));
      const lastOfRelease = c === r.cycles.length - 1;
      cycle.suites.forEach((suite, e) => {
        included.forEach((pc, i) => {
          const when = Math.min(anchor - MINUTE * 30, start + Math.floor(rng.next() * slot));
          const build = all[k].build;
          if (pc === regression && r.name === REGRESSION.release && lastOfRelease) {
            const failed = suite.environment === REGRESSION.environment;
            const at = failed ? anchor - 3 * 3600_000 : anchor - 8 * MINUTE;
            // The team's Jira bug of this failure, linked to its test log through qTest's Jira integration.
            const log = { id: ids.log++, status: failed ? 'Failed' : 'Passed', exeStart: at, exeEnd: at + 3 * MINUTE, tester: TESTERS[0], build, ...(failed ? { defects: [DEMO_DEFECT.key] } : {}) };
            return pushRun(plan, pc.c, suite, start, [log]);
          }
          const drawn = pc.releaseStory ? 'Passed' : runStatus(rng, pc.profile, k + e + i, last);
          pushRun(plan, pc.c, suite, start, runLogs(plan, pc, drawn, when, build, r.name));
        });
      });
      k++;
    });
  });
}

/** Cycles under the root: a share of the cases, run at any time of the 30 days, on no build. */
function planRootCycles(p: ProjectSpec, projectCases: PlannedCase[], plan: Plan): void {
  const { anchor, rng, ids } = plan;
  for (const spec of p.rootCycles) {
    const start = anchor - WINDOW;
    const target = spec.targetRelease ? plan.releases.find((r) => r.projectId === p.id && r.name === spec.targetRelease) : undefined;
    const cycle: SimCycle = {
      id: ids.cycle++, projectId: p.id, pid: nextPid(plan, p.id, 'CL'), name: spec.name,
      releaseId: null, ...(target ? { targetReleaseId: target.id } : {}), createdAt: start - DAY, suites: suitesOf(plan, p.id, spec.environments),
    };
    plan.cycles.push(cycle);
    const included = projectCases.filter(() => rng.chance(0.15));
    cycle.suites.forEach((suite, e) => {
      included.forEach((pc, i) => {
        const when = Math.min(anchor - MINUTE * 30, start + Math.floor(rng.next() * WINDOW));
        const drawn = pc.releaseStory ? 'Passed' : runStatus(rng, pc.profile, e + i, false);
        pushRun(plan, pc.c, suite, start, runLogs(plan, pc, drawn, when, undefined, target?.name));
      });
    });
  }
}

/**
 * The demo release (the same in every tool, release-plan.ts): every run of a test covering RELEASE_STORY passed, except
 * one test of project 101 that failed in staging in the last cycle of 3.2 and passed in production just after, its
 * most recent run of all (so its latest result alone hides the release problem).
 */
export { RELEASE_STORY };
const REGRESSION = { project: 101, release: '3.2', environment: 'staging' };

/**
 * The seed each project's test cases are drawn from: where the one sequence the demo drew everything from (cases and
 * executions, project after project) stood when that project's cases were drawn, so the cases, their requirement links
 * and the coverage counts the tests rely on (SHOP-1: 9 cases of Web Storefront, 5 of Mobile App) are what they were.
 */
const CASE_SEEDS: Record<number, number> = { 101: 20250602, 102: 2590565616, 103: 1920520419 };

export function generateQtestDemo(opts: { anchorMs?: number } = {}): SiteData {
  const anchor = opts.anchorMs ?? DEMO_ANCHOR;
  // Executions draw from their own sequence, so the test cases stay what they are whatever the execution plan.
  const runRng = createPrng(20250604);
  const ids: Ids = { module: 1000, step: 200_000, testCase: 50_000, requirement: 80_000, release: 2000, cycle: 3000, suite: 4000, run: 100_000, log: 500_000 };
  const modules: SimModule[] = [];
  const cases: SimTestCase[] = [];
  const requirements: SimRequirement[] = [];
  const releases: SimRelease[] = [];
  const cycles: SimCycle[] = [];
  const runs: SimRun[] = [];
  const planned: Array<{ p: ProjectSpec; projectCases: PlannedCase[] }> = [];

  for (const p of PROJECTS) {
    const rng = createPrng(CASE_SEEDS[p.id]);
    const leaves: Array<{ id: number; spec: ModuleSpec }> = [];
    addModules(p.modules, p.id, null, ids, modules, leaves);

    const reqByKey = new Map<string, SimRequirement>();
    if (p.statusId === 101) {
      JIRA_STORIES.forEach((s, i) => {
        const created = anchor - 400 * DAY + i * DAY;
        const r: SimRequirement = {
          id: ids.requirement++, projectId: p.id, pid: `RQ-${i + 1}`, name: `${s.key} ${s.summary}`,
          jiraKey: s.key, jiraIssueId: s.issueId, createdAt: created, lastModifiedAt: created + 2 * DAY,
        };
        requirements.push(r);
        reqByKey.set(s.key, r);
      });
    }
    const coverable = [...new Set(leaves.flatMap((l) => l.spec.stories ?? []))];

    const names = new Set<string>();
    const projectCases: PlannedCase[] = [];
    for (let i = 0; i < p.cases; i++) {
      const leaf = leaves[i % leaves.length];
      const feature = rng.pick(leaf.spec.features!);
      let name = '';
      for (let tries = 0; tries < 20 && (!name || names.has(name)); tries++) name = `${rng.pick(VERBS)} ${feature}${rng.pick(VARIANTS)}`;
      if (names.has(name)) name = `${name} (${i + 1})`;
      names.add(name);
      const steps = Array.from({ length: rng.int(2, 6) }, (_, s) => {
        const [action, expected] = s === 0 ? STEPS[0] : rng.pick(STEPS.slice(1));
        return { id: ids.step++, description: fill(action, feature), expected: fill(expected, feature), order: s + 1 };
      });
      const stories = new Set<string>();
      if (reqByKey.size && leaf.spec.stories?.length && !rng.chance(0.15)) {
        stories.add(rng.pick(leaf.spec.stories));
        if (rng.chance(0.25)) stories.add(rng.pick(coverable));
      }
      const modified = anchor - rng.int(35, 400) * DAY - rng.int(0, 1440) * MINUTE;
      const c: SimTestCase = {
        id: ids.testCase++, projectId: p.id, pid: `TC-${i + 1}`, name, moduleId: leaf.id,
        description: rng.chance(0.6) ? `Covers ${feature}${name.slice(name.indexOf(feature) + feature.length)}.` : '',
        precondition: rng.chance(0.4) ? fill(rng.pick(PRECONDITIONS), feature) : '',
        priority: rng.weighted(PRIORITIES), type: rng.weighted(TYPES), steps,
        requirementIds: [...stories].map((k) => reqByKey.get(k)!.id),
        createdAt: modified - rng.int(1, 200) * DAY, lastModifiedAt: modified,
        version: `${rng.int(1, 4)}.0`, versionId: ids.testCase + 700_000,
      };
      cases.push(c);
      const profile: Profile = rng.chance(0.1) ? 'flaky' : rng.chance(0.03) ? 'broken' : 'stable';
      projectCases.push({ c, profile, stories: [...stories], releaseStory: stories.has(RELEASE_STORY) });
    }
    planned.push({ p, projectCases });
  }

  const results = releasePlan(planned.flatMap(({ projectCases }) => projectCases.map((pc) => ({ id: String(pc.c.id), stories: pc.stories }))));
  const plan: Plan = { anchor, rng: runRng, ids, results, releases, cycles, runs, numbers: new Map() };
  for (const { p, projectCases } of planned) {
    planReleases(p, projectCases, plan);
    planRootCycles(p, projectCases, plan);
  }

  // Guarantee the custom status is in use even if the dice never picked it (never on a run whose result is planned).
  if (!runs.some((r) => r.logs.some((l) => l.status === 'Retest'))) {
    const planned = new Set(requirements.filter((r) => r.jiraKey === RELEASE_STORY || STORY_OUTCOMES[r.jiraKey]).map((r) => r.id));
    const free = runs.filter((x) => x.logs.length && !cases.find((c) => c.id === x.testCaseId)!.requirementIds.some((id) => planned.has(id)));
    for (const r of free.slice(0, 3)) r.logs[r.logs.length - 1].status = 'Retest';
  }

  return {
    site: DEMO_SITE,
    users: [
      { id: 1, username: DEMO_USER.username, password: DEMO_USER.password, firstName: 'Demo', lastName: 'Admin', apiAccess: true },
      { id: 2, username: 'tester@example.com', password: 'tester-password', firstName: 'Tess', lastName: 'Ter', apiAccess: true },
      { id: 3, username: 'noapi@example.com', firstName: 'No', lastName: 'Api', apiAccess: false },
      // The testers who executed the demo runs (their test step logs name them by user id); they have no API token.
      ...TESTERS.map((username, i) => {
        const first = username.replace(/@.*$/, '');
        return { id: 4 + i, username, firstName: first.charAt(0).toUpperCase() + first.slice(1), lastName: 'Tester', apiAccess: false };
      }),
      { id: READONLY_USER, username: 'viewer@example.com', firstName: 'Vi', lastName: 'Ewer', apiAccess: true, readOnlyLogs: true },
    ],
    tokens: [
      { value: DEMO_API_TOKEN, userId: 1, kind: 'api' },
      { value: DEMO_LIMITED_TOKEN, userId: 2, kind: 'api' },
      { value: DEMO_NOAPI_TOKEN, userId: 3, kind: 'api' },
      { value: DEMO_READONLY_TOKEN, userId: READONLY_USER, kind: 'api' },
      { value: DEMO_EXPIRED_TOKEN, userId: 1, kind: 'login', expiresAt: anchor - DAY },
    ],
    statuses: STATUSES.map((s) => ({ ...s })),
    projects: PROJECTS.map((p) => ({
      id: p.id, name: p.name, description: p.description, statusId: p.statusId,
      memberIds: [...(p.id === 101 ? [1, 2, 3] : [1, 3]), ...TESTERS.map((_, i) => 4 + i), READONLY_USER], createdAt: anchor - 800 * DAY,
    })),
    modules,
    cases,
    requirements,
    releases,
    cycles,
    runs,
    jiraIntegration: { connectionId: 1, projects: [...DEMO_JIRA_PROJECTS] },
    nextId: 900_000,
  };
}
