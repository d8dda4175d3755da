/**
 * Generates the QMetry demo site (`https://demo.qmetry.com`) with a seeded PRNG: same anchor → same data.
 * Project SHOPQA "Shop QA" (60 test cases in folders, with steps and versions, linked to the Jira stories
 * SHOP-1..SHOP-11; dates written dd-MM-yyyy), archived project OLD, releases 3.1 and 3.2 with their cycles, platforms
 * staging and production, test suites with executions in the 30 days before the anchor, and the statuses
 * Pass/Fail/Blocked/Not Run/WIP + "Needs Review".
 *
 * The demo release (../qtest/release-plan.ts): the cases covering RELEASE_STORY run in every suite of a cycle, on both
 * platforms, and pass there (and wherever else they run); a few stories pass, are blocked or partly run in their fix
 * version; the other cases keep their drawn results.
 */
import { createPrng, type Prng } from '../qtest/prng';
import { RELEASE_STORY, releasePlan, runsThroughout, STORY_OUTCOMES } from '../qtest/release-plan';
import type { HostData, SimFolder, SimRequirement, SimRun, SimSuite, SimSuiteRun, SimTestCase, SimVersion } from '../../simulators/qmetry/types';
import { DEMO_DEFECT, DEMO_JIRA_PROJECTS } from '../defects';
import { FOLDERS, JIRA_STORIES, PLATFORMS, PRIORITIES, RELEASES, STATUSES, STEPS, SUITES, TESTERS, TYPES, VARIANTS, VERBS } from './catalog';

export const DEMO_SITE = 'demo';
export const DEMO_API_KEY = 'qmetry-demo-key';
/** A user without a role in SHOPQA: its calls there answer 403. */
export const DEMO_LIMITED_KEY = 'qmetry-limited-key';
/** An Open API key that has expired: every call answers 401 "session expired". */
export const DEMO_EXPIRED_KEY = 'qmetry-expired-key';
/** The key of a user whose role in SHOPQA has no Issues module: it reads the project but cannot link issues. */
export const DEMO_NO_ISSUES_KEY = 'qmetry-noissues-key';
export const DEMO_PROJECT_KEY = 'SHOPQA';
export const DEMO_ARCHIVED_PROJECT_KEY = 'OLD';
export const DEMO_CLIENT_CODE = 'DEMOSHOP';
export const DEMO_ANCHOR = Date.parse('2026-11-16T00:00:00.000Z');
export const DEMO_CASES = 60;
/** SHOPQA writes its dates `dd-MM-yyyy` (getinfo dateTimeFormatID 2), like `16-02-2021 12:45:26`. */
export const DEMO_DATE_FORMAT_ID = 2;

export { RELEASE_STORY };
const PLANNED_STATUS = { pass: 'Pass', blocked: 'Blocked', 'not-run': 'Not Run' } as const;

const DAY = 86_400_000;
const MINUTE = 60_000;
const status = (name: string) => STATUSES.find((s) => s.name === name)!.id;

type Profile = 'stable' | 'flaky' | 'broken';

function fill(template: string, feature: string): string {
  const f = template.replace(/\{f\}/g, feature);
  return f.charAt(0).toUpperCase() + f.slice(1);
}

function pickStatus(rng: Prng, profile: Profile, flip: number, lastCycle: boolean): string {
  if (rng.chance(lastCycle ? 0.2 : 0.03)) return 'Not Run';
  if (lastCycle && rng.chance(0.05)) return 'WIP';
  if (profile === 'flaky') return flip % 2 === 0 ? 'Pass' : 'Fail';
  if (profile === 'broken') return rng.chance(0.8) ? 'Fail' : 'Blocked';
  if (rng.chance(0.02)) return 'Needs Review';
  return rng.weighted([['Pass', 88], ['Fail', 6], ['Blocked', 3], ['WIP', 3]] as const);
}

export function generateQmetryDemo(opts: { anchorMs?: number } = {}): HostData {
  const anchor = opts.anchorMs ?? DEMO_ANCHOR;
  const rng = createPrng(20250603);
  let next = 10_000;
  const id = () => next++;
  const host: HostData = {
    site: DEMO_SITE, clientCode: DEMO_CLIENT_CODE, users: [], projects: [], statuses: STATUSES.map((s) => ({ ...s })),
    releases: [], platforms: [], folders: [], requirements: [], testCases: [], suites: [], suiteRuns: [], runs: [], nextId: 0,
  };
  const project = (pid: number, key: string, name: string, archived: boolean, v: number, dateFormatId: number) => {
    host.projects.push({ id: pid, key, name, archived, views: { TC: v + 1, TS: v + 2, TE: v + 3, TEL: v + 4, RQ: v + 5, IS: v + 6 }, rootFolderIds: { TC: v + 11, TS: v + 12 }, createdAt: anchor - 700 * DAY, dateFormatId });
  };
  project(1001, DEMO_PROJECT_KEY, 'Shop QA', false, 5000, DEMO_DATE_FORMAT_ID);
  project(1002, DEMO_ARCHIVED_PROJECT_KEY, 'Old Storefront', true, 5100, 1);
  host.users.push(
    { id: 1, alias: 'demo.admin', apiKey: DEMO_API_KEY, keyState: 'active', projectIds: [1001, 1002] },
    { id: 2, alias: 'guest.viewer', apiKey: DEMO_LIMITED_KEY, keyState: 'active', projectIds: [1002] },
    { id: 3, alias: 'former.user', apiKey: DEMO_EXPIRED_KEY, keyState: 'expired', projectIds: [1001] },
    { id: 4, alias: 'report.reader', apiKey: DEMO_NO_ISSUES_KEY, keyState: 'active', projectIds: [1001], issues: 'none' },
  );

  const pid = 1001;
  const folderIds = new Map<string, number>();
  const folderOf = (path: string[], projectId: number): number => {
    let parent: number | null = null;
    for (let i = 0; i < path.length; i++) {
      const key = `${projectId}:${path.slice(0, i + 1).join('/')}`;
      if (!folderIds.has(key)) {
        const f: SimFolder = { id: id(), projectId, name: path[i], parentId: parent };
        host.folders.push(f);
        folderIds.set(key, f.id);
      }
      parent = folderIds.get(key)!;
    }
    return parent!;
  };

  const reqByKey = new Map<string, SimRequirement>();
  JIRA_STORIES.forEach((s, i) => {
    const t = anchor - 300 * DAY + i * DAY;
    const r: SimRequirement = { id: id(), projectId: pid, entityKey: s.key, name: s.summary, createdSystem: 'JIRA', createdAt: t, updatedAt: t + DAY };
    host.requirements.push(r);
    reqByKey.set(s.key, r);
  });
  const native: SimRequirement = { id: id(), projectId: pid, entityKey: 'SHOPQA-RQ-1', name: 'Checkout answers within 2 s', createdSystem: 'QMETRY', createdAt: anchor - 200 * DAY, updatedAt: anchor - 200 * DAY };
  host.requirements.push(native);

  const names = new Set<string>();
  const profiles = new Map<number, Profile>();
  const makeCase = (projectId: number, n: number, folderPath: string[], features: string[], stories: string[]) => {
    const feature = rng.pick(features);
    let name = '';
    for (let tries = 0; tries < 20 && (!name || names.has(name)); tries++) name = `${rng.pick(VERBS)} ${feature}${rng.pick(VARIANTS)}`;
    if (names.has(name)) name = `${name} (${n})`;
    names.add(name);
    const created = anchor - rng.int(120, 500) * DAY;
    const versions: SimVersion[] = [];
    const count = rng.weighted([[1, 6], [2, 3], [3, 1]] as const);
    for (let v = 1; v <= count; v++) {
      const at = created + v * rng.int(5, 30) * DAY;
      const steps = Array.from({ length: rng.int(2, 5) }, (_, s) => {
        const [action, data, expected] = s === 0 ? STEPS[0] : rng.pick(STEPS.slice(1));
        return { id: id(), orderId: s + 1, description: fill(action, feature), inputData: data, expectedOutcome: fill(expected, feature) };
      });
      versions.push({
        versionId: id(), version: v, name, description: rng.chance(0.6) ? `Covers ${feature}.` : '',
        precondition: rng.chance(0.3) ? 'A customer account with a saved card exists' : '',
        priority: rng.weighted(PRIORITIES), type: rng.weighted(TYPES), steps, createdAt: at, updatedAt: Math.min(at + DAY, anchor - 35 * DAY),
      });
    }
    const covered = new Set<string>();
    if (stories.length && !rng.chance(0.12)) covered.add(rng.pick(stories));
    const tc: SimTestCase = {
      id: id(), projectId, entityKey: `${projectId === pid ? DEMO_PROJECT_KEY : DEMO_ARCHIVED_PROJECT_KEY}-TC-${n}`,
      folderId: folderOf(folderPath, projectId), versions, requirementIds: [...covered].map((k) => reqByKey.get(k)!.id), createdAt: created,
    };
    if (projectId === pid && rng.chance(0.08)) tc.requirementIds.push(native.id);
    host.testCases.push(tc);
    profiles.set(tc.id, rng.chance(0.1) ? 'flaky' : rng.chance(0.04) ? 'broken' : 'stable');
    return tc;
  };
  for (let i = 0; i < DEMO_CASES; i++) {
    const f = FOLDERS[i % FOLDERS.length];
    const tc = makeCase(pid, i + 1, f.path, f.features, f.stories);
    if (i === 1) tc.requirementIds = [...new Set([reqByKey.get('SHOP-1')!.id, ...tc.requirementIds])];
  }
  for (let i = 0; i < 5; i++) makeCase(1002, i + 1, ['Reports'], ['monthly sales report', 'partner export'], []);

  const cycleIds = new Map<string, number>();
  for (const r of RELEASES) {
    const cycles = r.cycles.map((name) => ({ id: id(), name, archived: false }));
    cycles.forEach((c) => cycleIds.set(c.name, c.id));
    host.releases.push({ id: id(), projectId: pid, name: r.name, archived: false, cycles });
  }
  const platforms = PLATFORMS.map((name) => ({ id: id(), projectId: pid, name }));
  host.platforms.push(...platforms);

  const allCycles = RELEASES.flatMap((r) => r.cycles);
  const slot = (30 * DAY) / allCycles.length;
  const shopCases = host.testCases.filter((c) => c.projectId === pid);
  const storiesOf = (tc: SimTestCase) => host.requirements.filter((r) => tc.requirementIds.includes(r.id) && r.createdSystem === 'JIRA').map((r) => r.entityKey);
  const plan = releasePlan(shopCases.map((tc) => ({ id: String(tc.id), stories: storiesOf(tc) })));
  const releaseOfCycle = new Map(RELEASES.flatMap((r) => r.cycles.map((c) => [c, r.name] as const)));
  SUITES.forEach((s, k) => {
    const cycleIndex = s.cycle ? allCycles.indexOf(s.cycle) : -1;
    const start = cycleIndex >= 0 ? anchor - 30 * DAY + cycleIndex * slot : anchor - 30 * DAY;
    const span = cycleIndex >= 0 ? slot : 30 * DAY;
    const suite: SimSuite = { id: id(), projectId: pid, entityKey: `${DEMO_PROJECT_KEY}-TS-${k + 1}`, name: s.name, cycleId: s.cycle ? cycleIds.get(s.cycle)! : null, createdAt: start - DAY, updatedAt: start - DAY };
    host.suites.push(suite);
    // Drawn for every case, so the draws (and the other cases' results) do not depend on which cases cover the story.
    const included = shopCases.filter((tc) => rng.chance(s.coverage) || (s.cycle !== null && runsThroughout(storiesOf(tc), releaseOfCycle.get(s.cycle))));
    const onPlatforms = s.cycle ? platforms : platforms.slice(0, 1);
    onPlatforms.forEach((p, e) => {
      const sr: SimSuiteRun = { id: id(), suiteId: suite.id, platformId: p.id };
      host.suiteRuns.push(sr);
      included.forEach((tc, n) => {
        const drawn = pickStatus(rng, profiles.get(tc.id)!, k + e + n, cycleIndex === allCycles.length - 1);
        const planned = plan.resultOf(String(tc.id), storiesOf(tc), s.cycle ? releaseOfCycle.get(s.cycle) : undefined);
        const name = planned ? PLANNED_STATUS[planned] : drawn;
        const run: SimRun = { id: id(), suiteRunId: sr.id, testCaseId: tc.id, version: tc.versions.length, statusId: status(name), updatedAt: start };
        // When and by whom are drawn for a drawn execution, so a planned result leaves the other runs' draws alone.
        const executed = drawn !== 'Not Run' ? { at: Math.min(anchor - 30 * MINUTE, start + Math.floor(rng.next() * span)), by: rng.pick(TESTERS) } : undefined;
        if (name !== 'Not Run') {
          run.executedAt = executed?.at ?? Math.min(anchor - 30 * MINUTE, start + Math.floor(span / 2));
          run.executedBy = executed?.by ?? TESTERS[0];
          run.updatedAt = run.executedAt;
        }
        host.runs.push(run);
      });
    });
  });
  // Guarantee the custom status is in use even if the dice never picked it (never on a run whose result is planned).
  if (!host.runs.some((r) => r.statusId === status('Needs Review'))) {
    const free = host.runs.filter((x) => x.executedAt && !storiesOf(host.testCases.find((c) => c.id === x.testCaseId)!).some((k) => k === RELEASE_STORY || STORY_OUTCOMES[k]));
    for (const r of free.slice(0, 2)) r.statusId = status('Needs Review');
  }
  // The team's Jira bug of the first failed run: a Jira issue QMetry's Jira integration imported, linked to that run.
  host.jiraProjects = [...DEMO_JIRA_PROJECTS];
  const bug = { id: id(), projectId: pid, entityKey: DEMO_DEFECT.key, summary: DEMO_DEFECT.summary, state: 'Open', createdSystem: 'JIRA' as const, createdAt: anchor - 2 * DAY };
  host.issues = [bug];
  host.runs.find((r) => r.statusId === status('Fail'))!.issueIds = [bug.id];
  host.nextId = next;
  return host;
}
