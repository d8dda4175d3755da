/**
 * Generates the qTest demo site (`https://demo.qtestnet.com`) from the catalogue with a seeded PRNG.
 * Same anchor → same data. Test case and requirement change times lie before the 30-day execution window.
 */
import type { SimCycle, SimLog, SimModule, SimRequirement, SimRun, SimTestCase, SiteData } from '../../simulators/qtest/types';
import { JIRA_STORIES, PRECONDITIONS, PRIORITIES, PROJECTS, STEPS, TESTERS, TYPES, VARIANTS, VERBS, type ModuleSpec } from './catalog';
import { createPrng, type Prng } from './prng';

export const DEMO_SITE = 'demo';
export const DEMO_API_TOKEN = 'qtest-demo-token';
export const DEMO_USER = { username: 'demo@example.com', password: 'demo-password' };
/** A user who sees project 101 only: project 102 answers 403. */
export const DEMO_LIMITED_TOKEN = 'qtest-limited-token';
/** A user without API access: every /api call answers 403. */
export const DEMO_NOAPI_TOKEN = 'qtest-noapi-token';
/** A login token that expired before the anchor. */
export const DEMO_EXPIRED_TOKEN = 'qtest-expired-token';
/** Default anchor: the demo's "today"; executions fall in the 30 days before it. */
export const DEMO_ANCHOR = Date.parse('2025-06-02T00:00:00.000Z');

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

export function generateQtestDemo(opts: { anchorMs?: number } = {}): SiteData {
  const anchor = opts.anchorMs ?? DEMO_ANCHOR;
  const rng = createPrng(20250602);
  const ids: Ids = { module: 1000, step: 200_000, testCase: 50_000, requirement: 80_000, cycle: 3000, suite: 4000, run: 100_000, log: 500_000 };
  const modules: SimModule[] = [];
  const cases: SimTestCase[] = [];
  const requirements: SimRequirement[] = [];
  const cycles: SimCycle[] = [];
  const runs: SimRun[] = [];

  for (const p of PROJECTS) {
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
    const projectCases: Array<{ c: SimTestCase; profile: Profile }> = [];
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
      projectCases.push({ c, profile });
    }

    const windowMs = 30 * DAY;
    const slot = p.cycles.length ? windowMs / p.cycles.length : 0;
    let runNo = 0;
    p.cycles.forEach((cycleName, k) => {
      const start = anchor - windowMs + k * slot;
      const cycle: SimCycle = {
        id: ids.cycle++, projectId: p.id, pid: `CL-${k + 1}`, name: cycleName, createdAt: start - DAY,
        suites: p.environments.map((env, e) => ({ id: ids.suite++, pid: `TS-${k * p.environments.length + e + 1}`, name: env })),
      };
      cycles.push(cycle);
      const included = projectCases.filter(() => rng.chance(p.cycleCoverage));
      cycle.suites.forEach((suite, e) => {
        included.forEach(({ c, profile }, n) => {
          const status = runStatus(rng, profile, k + e + n, k === p.cycles.length - 1);
          const logs: SimLog[] = [];
          if (status !== 'Unexecuted') {
            const exeStart = Math.min(anchor - MINUTE * 30, start + Math.floor(rng.next() * slot));
            if (rng.chance(0.05)) {
              logs.push({ id: ids.log++, status: 'Failed', exeStart: exeStart - 3 * 3600_000, exeEnd: exeStart - 3 * 3600_000 + 5 * MINUTE, tester: rng.pick(TESTERS) });
            }
            logs.push({ id: ids.log++, status, exeStart, exeEnd: exeStart + rng.int(2, 20) * MINUTE, tester: rng.pick(TESTERS) });
          }
          runs.push({
            id: ids.run++, projectId: p.id, pid: `TR-${++runNo}`, name: c.name, testCaseId: c.id, suiteId: suite.id,
            environment: suite.name, createdAt: start, lastModifiedAt: logs.length ? logs[logs.length - 1].exeEnd : start, logs,
          });
        });
      });
    });
  }

  // Guarantee the custom status is in use even if the dice never picked it.
  if (!runs.some((r) => r.logs.some((l) => l.status === 'Retest'))) {
    for (const r of runs.filter((x) => x.logs.length).slice(0, 3)) r.logs[r.logs.length - 1].status = 'Retest';
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
    ],
    tokens: [
      { value: DEMO_API_TOKEN, userId: 1, kind: 'api' },
      { value: DEMO_LIMITED_TOKEN, userId: 2, kind: 'api' },
      { value: DEMO_NOAPI_TOKEN, userId: 3, kind: 'api' },
      { value: DEMO_EXPIRED_TOKEN, userId: 1, kind: 'login', expiresAt: anchor - DAY },
    ],
    statuses: STATUSES.map((s) => ({ ...s })),
    projects: PROJECTS.map((p) => ({
      id: p.id, name: p.name, description: p.description, statusId: p.statusId,
      memberIds: [...(p.id === 101 ? [1, 2, 3] : [1, 3]), ...TESTERS.map((_, i) => 4 + i)], createdAt: anchor - 800 * DAY,
    })),
    modules,
    cases,
    requirements,
    cycles,
    runs,
    nextId: 900_000,
  };
}
