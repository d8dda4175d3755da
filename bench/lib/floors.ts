/**
 * Floors: the fewest requests a sync of this data could make, derived from what must reach Jira and what the tools'
 * APIs let one read per request, not from what the app does. FLOOR_DEFINITIONS says each in words (the bench prints
 * them); the functions compute them from the simulators' state and the change applied before a phase.
 *
 * Each floor item names the endpoint it stands for (the app's endpoint where the app uses one for that purpose), so
 * the bench can print app and floor side by side; items the app has no endpoint for appear as floor-only rows.
 */
import type { JiraSimulator } from '../../local/simulators/jira';
import type { QtestSimulator } from '../../local/simulators/qtest';
import type { XraySimulator } from '../../local/simulators/xray';
import type { QmetrySimulator } from '../../local/simulators/qmetry';
import { jiraTemplate, type Tool } from './meter';
import {
  QMETRY_PROJECT,
  QMETRY_SITE,
  QTEST_PROJECTS,
  QTEST_SITE,
  XRAY_PROJECT,
  XRAY_TENANT,
  storyOfCase,
  toolOfCase,
  type ChangeSet,
  type ScaleData,
} from './scale-data';

export type PhaseKind = 'first' | 'nochange' | 'change';

export interface FloorItem {
  endpoint: string;
  n: number;
  why: string;
}

export interface Floor {
  items: FloorItem[];
}

/** Jira's largest bulk create. */
export const JIRA_BULK_CREATE = 50;
/** Issues per `issue/properties/multi`, per `issue/bulkfetch`, per JQL `key in (…)` page. */
export const JIRA_BULK = 100;
/** qTest's page size ("up to 999"). */
export const QTEST_PAGE = 999;
/** Xray's page size (`limit`: "The maximum is 100"). */
export const XRAY_PAGE = 100;
/** QMetry's page size as the connector and the simulator hold it (QMetry documents none). */
export const QMETRY_PAGE = 100;
/** A URL no longer than this is accepted by common servers (qTest's linked-artifacts takes the case ids in the URL). */
export const URL_LIMIT = 8192;

export const FLOOR_DEFINITIONS = [
  'Jira writes',
  '  bulk create: one POST /issue/bulk per 50 new tests (qTest and QMetry cases; Xray tests already are issues), the test property inline;',
  '  one remote link per created test; one issue link per requirement link of a created test (each case covers one story);',
  '  an edited case: one PUT /issue with its fields, its property inline (PUT /issue takes `properties`);',
  '  every other test property that changes (an Xray test annotated or edited, a test with new results) and every story',
  '  coverage that changes: POST /issue/properties/multi, 100 issues a request (test properties and coverage apart);',
  '  first-sync results go inline with the create (cases and runs can be read before the create), so only Xray tests',
  '  need a bulk property write; a no-change sync writes nothing.',
  'Jira reads',
  '  one task poll per properties/multi; one issue/bulkfetch per 100 tests written in bulk (they exist; on the first sync',
  '  it is also the check that Xray\'s issues are Tests of QA); one JQL `key in (…)` read per 100 stories written (they',
  '  exist, before links are made, and their ids for the coverage write); nothing else (the link type is named, not',
  '  looked up; nothing is searched by property); a no-change sync reads nothing.',
  'Tool reads (pages at each tool\'s largest page size; supporting lists once per sync, only when needed)',
  `  qTest (per project): test case search pages of ${QTEST_PAGE} (steps inline); linked-artifacts for those cases, as many ids a`,
  `  call as fit an ${URL_LIMIT}-byte URL; the requirement list (${QTEST_PAGE} a page) and the module tree, when cases were read; test run`,
  `  and test log searches (${QTEST_PAGE} a page; logs by execution date); where runs sit, when runs were read: the releases`,
  '  (a run\'s version) and the cycle trees of the root and of each release (a run names only its parent, and qTest lists',
  '  the cycles under one parent a request). No-change: one case search and one run search per project. The API token',
  '  needs no login call.',
  `  Xray: getTests pages of ${XRAY_PAGE} (steps and coverage inline); getTestExecutions of the project (one page) and getTestRuns`,
  `  by those executions and modifiedSince, ${XRAY_PAGE} a page (each run with its execution's key, fix versions and test`,
  '  environments inline); one authenticate per sync. No-change: one getTests, one getTestExecutions, one getTestRuns, one',
  '  authenticate.',
  `  QMetry: test case list pages of ${QMETRY_PAGE} (newest first when incremental: up to the first unchanged case); one steps call`,
  '  per case read (QMetry has no bulk steps read); requirement links by the cheaper of (the requirement list + one forRQ',
  '  per requirement) and (one forTC per case read); QMetry has no changed-since filter on runs, so every sync reads all',
  `  suites (${QMETRY_PAGE} a page), one platformHome per suite (each suite run naming its release, cycle and platform) and`,
  `  every suite run's runs (${QMETRY_PAGE} a page); getinfo and the status list once per sync.`,
  '  Deletions: no tool says what was deleted since a time, so learning that nothing was deleted takes a list of the',
  '  project\'s test ids (qTest 999 a page, Xray and QMetry 100). The app lists them when its deletion scan is due (once an',
  '  hour per project, counted from the start of the last full read); a phase that starts with a scan due has those',
  '  pages in its floor, named "deletion scan".',
];

/** Projects whose deletion scan is due when a phase starts (the app's checkpoints say when each was last scanned). */
export interface ScansDue {
  qtest: number[];
  xray: boolean;
  qmetry: boolean;
}
export const NO_SCANS: ScansDue = { qtest: [], xray: false, qmetry: false };

const pages = (items: number, size: number) => Math.ceil(items / size);

// ---------------------------------------------------------------------------------------------------------------
// Jira

export function jiraFloor(kind: PhaseKind, data: ScaleData, _sims: unknown, change?: ChangeSet): Floor {
  const J = {
    bulk: jiraTemplate('POST', '/rest/api/3/issue/bulk'),
    remote: jiraTemplate('POST', '/rest/api/3/issue/1/remotelink'),
    link: jiraTemplate('POST', '/rest/api/3/issueLink'),
    edit: jiraTemplate('PUT', '/rest/api/3/issue/1'),
    multi: jiraTemplate('POST', '/rest/api/3/issue/properties/multi'),
    task: jiraTemplate('GET', '/rest/api/3/task/1'),
    bulkfetch: jiraTemplate('POST', '/rest/api/3/issue/bulkfetch'),
    search: `${jiraTemplate('POST', '/rest/api/3/search/jql')} (key in …)`,
  };
  if (kind === 'nochange') return { items: [] };
  if (kind === 'first') {
    const created = data.perTool.qtest.cases + data.perTool.qmetry.cases;
    const tx = data.perTool.xray.cases;
    const multi = pages(tx, JIRA_BULK) + pages(data.stories, JIRA_BULK);
    return {
      items: [
        { endpoint: J.bulk, n: pages(created, JIRA_BULK_CREATE), why: `${created} new tests, 50 a request` },
        { endpoint: J.remote, n: created, why: 'one per created test' },
        { endpoint: J.link, n: created, why: 'one per requirement link of a created test' },
        { endpoint: J.multi, n: multi, why: `${tx} Xray test properties and ${data.stories} story coverages, 100 a request` },
        { endpoint: J.task, n: multi, why: 'one poll per bulk property write' },
        { endpoint: J.bulkfetch, n: pages(tx, JIRA_BULK), why: 'Xray tests before their property write' },
        { endpoint: J.search, n: pages(data.stories, JIRA_BULK), why: 'stories: exist, ids' },
      ],
    };
  }
  const c = change!;
  const edited = new Set(c.edited);
  const editedCreated = c.edited.filter((g) => toolOfCase(g) !== 'xray');
  const bulkTests = new Set([...c.newRuns, ...c.edited].filter((g) => !(edited.has(g) && toolOfCase(g) !== 'xray')));
  const stories = new Set([...c.edited, ...c.newRuns].map(storyOfCase));
  const multi = pages(bulkTests.size, JIRA_BULK) + pages(stories.size, JIRA_BULK);
  return {
    items: [
      { endpoint: J.edit, n: editedCreated.length, why: 'edited qTest/QMetry cases, property inline' },
      { endpoint: J.multi, n: multi, why: `${bulkTests.size} test properties and ${stories.size} story coverages, 100 a request` },
      { endpoint: J.task, n: multi, why: 'one poll per bulk property write' },
      { endpoint: J.bulkfetch, n: pages(bulkTests.size, JIRA_BULK), why: 'tests before their property write' },
      { endpoint: J.search, n: pages(stories.size, JIRA_BULK), why: 'stories: exist, ids' },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Tools

interface Sims {
  jira: JiraSimulator;
  qtest: QtestSimulator;
  xray: XraySimulator;
  qmetry: QmetrySimulator;
}

export function toolFloors(kind: PhaseKind, data: ScaleData, sims: Sims, change?: ChangeSet, scans: ScansDue = NO_SCANS): Record<Tool, Floor> {
  const floors = { qtest: qtestFloor(kind, data, sims, change), xray: xrayFloor(kind, data, sims, change), qmetry: qmetryFloor(kind, data, sims, change) };
  const site = sims.qtest.state.site(QTEST_SITE)!;
  for (const p of scans.qtest) {
    const ids = site.cases.filter((c) => c.projectId === p).length;
    floors.qtest.items.push({ endpoint: 'POST /api/v3/projects/{id}/search (test-cases, ids only)', n: pages(ids, QTEST_PAGE), why: `deletion scan: project ${p}'s ${ids} ids` });
  }
  if (scans.xray) {
    const ids = sims.xray.state.tenant(XRAY_TENANT).tests.filter((t) => t.projectId === XRAY_PROJECT.id).length;
    floors.xray.items.push({ endpoint: 'graphql XrayTestIds', n: pages(ids, XRAY_PAGE), why: `deletion scan: ${ids} ids` });
  }
  if (scans.qmetry) {
    const ids = sims.qmetry.state.host(QMETRY_SITE)!.testCases.filter((c) => c.projectId === QMETRY_PROJECT.id).length;
    floors.qmetry.items.push({ endpoint: QM.cases, n: pages(ids, QMETRY_PAGE), why: `deletion scan: ${ids} ids` });
  }
  return floors;
}

const QT = {
  cases: 'POST /api/v3/projects/{id}/search (test-cases)',
  links: 'GET /api/v3/projects/{id}/linked-artifacts',
  reqs: 'POST /api/v3/projects/{id}/search (requirements)',
  modules: 'GET /api/v3/projects/{id}/modules',
  runs: 'POST /api/v3/projects/{id}/search (test-runs)',
  logs: 'POST /api/v3/projects/{id}/search (test-logs)',
  cycles: 'GET /api/v3/projects/{id}/test-cycles',
  releases: 'GET /api/v3/projects/{id}/releases',
};

function qtestFloor(kind: PhaseKind, data: ScaleData, sims: Sims, change?: ChangeSet): Floor {
  const site = sims.qtest.state.site(QTEST_SITE)!;
  const items: FloorItem[] = [];
  const maxIdLen = Math.max(...site.cases.map((c) => String(c.id).length));
  const base = `https://${QTEST_SITE}.qtestnet.com/api/v3/projects/${QTEST_PROJECTS[0]}/linked-artifacts?type=test-cases`;
  const idsPerCall = Math.floor((URL_LIMIT - base.length) / (`&ids=`.length + maxIdLen));
  for (const p of QTEST_PROJECTS) {
    const projectCases = site.cases.filter((c) => c.projectId === p).length;
    const reqs = site.requirements.filter((r) => r.projectId === p).length;
    const runs = site.runs.filter((r) => r.projectId === p);
    let casesRead: number;
    let runsRead: number;
    let logsRead: number;
    if (kind === 'first') {
      casesRead = projectCases;
      runsRead = runs.length;
      logsRead = runs.reduce((s, r) => s + r.logs.length, 0);
    } else if (kind === 'nochange') {
      casesRead = runsRead = logsRead = 0;
    } else {
      const inProject = (g: number) => toolOfCase(g) === 'qtest' && data.qtestCase.get(g)?.projectId === p;
      casesRead = change!.edited.filter(inProject).length;
      runsRead = logsRead = change!.newRuns.filter(inProject).length;
    }
    items.push({ endpoint: QT.cases, n: Math.max(1, pages(casesRead, QTEST_PAGE)), why: `project ${p}: ${casesRead} cases` });
    if (casesRead > 0) {
      items.push({ endpoint: QT.links, n: pages(casesRead, idsPerCall), why: `${idsPerCall} ids a call` });
      items.push({ endpoint: QT.reqs, n: pages(reqs, QTEST_PAGE), why: `${reqs} requirements` });
      items.push({ endpoint: QT.modules, n: 1, why: 'module tree' });
    }
    items.push({ endpoint: QT.runs, n: Math.max(1, pages(runsRead, QTEST_PAGE)), why: `${runsRead} runs` });
    if (runsRead > 0) {
      const releases = site.releases.filter((r) => r.projectId === p).length;
      items.push({ endpoint: QT.logs, n: pages(logsRead, QTEST_PAGE), why: `${logsRead} logs` });
      items.push({ endpoint: QT.releases, n: 1, why: 'releases (runs\' versions)' });
      items.push({ endpoint: QT.cycles, n: 1 + releases, why: `cycle trees: the root's and ${releases} releases'` });
    }
  }
  return { items };
}

function xrayFloor(kind: PhaseKind, data: ScaleData, sims: Sims, change?: ChangeSet): Floor {
  const tenant = sims.xray.state.tenant(XRAY_TENANT);
  const tests = tenant.tests.filter((t) => t.projectId === XRAY_PROJECT.id).length;
  const execIds = new Set(tenant.executions.filter((e) => e.projectId === XRAY_PROJECT.id).map((e) => e.issueId));
  const runs = tenant.runs.filter((r) => r.execIssueId !== null && execIds.has(r.execIssueId)).length;
  let casesRead = 0;
  let runsRead = 0;
  if (kind === 'first') {
    casesRead = tests;
    runsRead = runs;
  } else if (kind === 'change') {
    casesRead = change!.edited.filter((g) => toolOfCase(g) === 'xray').length;
    runsRead = change!.newRuns.filter((g) => toolOfCase(g) === 'xray').length;
  }
  void data;
  return {
    items: [
      { endpoint: 'POST /api/v2/authenticate', n: 1, why: 'one token per sync' },
      { endpoint: 'graphql XrayTestsPage', n: Math.max(1, pages(casesRead, XRAY_PAGE)), why: `${casesRead} tests` },
      { endpoint: 'graphql XrayTestExecutionIds', n: Math.max(1, pages(execIds.size, XRAY_PAGE)), why: `${execIds.size} executions` },
      { endpoint: 'graphql XrayTestRuns', n: Math.max(1, pages(runsRead, XRAY_PAGE)), why: `${runsRead} runs` },
    ],
  };
}

const QM = {
  cases: 'POST /rest/testcases/list/viewColumns',
  steps: 'POST /rest/testcases/steps/list',
  reqs: 'POST /rest/requirements/list/viewColumns',
  forRQ: 'POST /rest/testcases/list/forRQ',
  forTC: 'POST /rest/requirements/list/forTC',
  suites: 'POST /rest/testsuites/list/viewColumns',
  suiteRuns: 'POST /rest/execution/list/platformHome',
  runs: 'POST /rest/execution/list/viewColumns',
  info: 'GET /rest/admin/project/getinfo',
  statuses: 'POST /rest/admin/execution/list',
};

function qmetryFloor(kind: PhaseKind, _data: ScaleData, sims: Sims, change?: ChangeSet): Floor {
  const host = sims.qmetry.state.host(QMETRY_SITE)!;
  const pid = QMETRY_PROJECT.id;
  const cases = host.testCases.filter((c) => c.projectId === pid);
  const caseIds = new Set(cases.map((c) => c.id));
  const jiraReqs = host.requirements.filter((r) => r.projectId === pid && r.createdSystem === 'JIRA');
  const items: FloorItem[] = [{ endpoint: QM.info, n: 1, why: 'date format, views' }];
  let casesRead = 0;
  if (kind === 'first') casesRead = cases.length;
  else if (kind === 'change') casesRead = change!.edited.filter((g) => toolOfCase(g) === 'qmetry').length;
  // Incremental reads go newest first and stop at the first unchanged case, which must be read to be seen.
  items.push({ endpoint: QM.cases, n: kind === 'first' ? Math.max(1, pages(casesRead, QMETRY_PAGE)) : pages(casesRead + 1, QMETRY_PAGE), why: `${casesRead} cases` });
  if (casesRead > 0) {
    items.push({ endpoint: QM.steps, n: casesRead, why: 'one per case' });
    const casesPerReq = new Map<number, number>();
    for (const c of cases) for (const r of c.requirementIds) casesPerReq.set(r, (casesPerReq.get(r) ?? 0) + 1);
    const byRequirement = pages(jiraReqs.length, QMETRY_PAGE) + jiraReqs.reduce((s, r) => s + Math.max(1, pages(casesPerReq.get(r.id) ?? 0, QMETRY_PAGE)), 0);
    if (byRequirement <= casesRead) {
      items.push({ endpoint: QM.reqs, n: pages(jiraReqs.length, QMETRY_PAGE), why: `${jiraReqs.length} Jira requirements` });
      items.push({ endpoint: QM.forRQ, n: byRequirement - pages(jiraReqs.length, QMETRY_PAGE), why: 'cases of each requirement' });
    } else {
      items.push({ endpoint: QM.forTC, n: casesRead, why: 'requirements of each case read' });
    }
  }
  const suites = host.suites.filter((s) => s.projectId === pid);
  const suiteIds = new Set(suites.map((s) => s.id));
  const suiteRuns = host.suiteRuns.filter((r) => suiteIds.has(r.suiteId));
  const runsPer = new Map<number, number>();
  for (const r of host.runs) if (caseIds.has(r.testCaseId)) runsPer.set(r.suiteRunId, (runsPer.get(r.suiteRunId) ?? 0) + 1);
  const perSuite = new Map<number, number>();
  for (const sr of suiteRuns) perSuite.set(sr.suiteId, (perSuite.get(sr.suiteId) ?? 0) + 1);
  items.push({ endpoint: QM.suites, n: Math.max(1, pages(suites.length, QMETRY_PAGE)), why: `${suites.length} suites` });
  items.push({ endpoint: QM.suiteRuns, n: suites.reduce((s, x) => s + Math.max(1, pages(perSuite.get(x.id) ?? 0, QMETRY_PAGE)), 0), why: `${suiteRuns.length} suite runs` });
  items.push({ endpoint: QM.runs, n: suiteRuns.reduce((s, sr) => s + Math.max(1, pages(runsPer.get(sr.id) ?? 0, QMETRY_PAGE)), 0), why: 'runs of each suite run' });
  items.push({ endpoint: QM.statuses, n: 1, why: 'status names' });
  return { items };
}
