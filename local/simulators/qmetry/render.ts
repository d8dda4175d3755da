/**
 * Simulator records → the JSON rows QMetry's Open API answers with, in the shapes of SmartBear's own QMetry client and
 * its tests (SmartBear/smartbear-mcp, src/qmetry/; each shape names its file). Dates are written in the project's
 * format (dates.ts). Every row also carries, under the symbol SORT (which JSON leaves out), the values list filters
 * and sorts compare: times in ms, so that `dd-MM-yyyy` strings never sort wrongly.
 */
import { dateFormatList, DEFAULT_FORMAT_ID, simDate } from './dates';
import type { HostData, SimIssue, SimProject, SimRequirement, SimRun, SimStatus, SimSuite, SimTestCase, SimVersion } from './types';

export const SORT = Symbol('sort');
export type Row = Record<string, unknown> & { [SORT]?: Record<string, unknown> };

const withSort = <T extends Record<string, unknown>>(row: T, sort: Record<string, unknown>): T & Row => Object.assign(row, { [SORT]: sort });
/** Whole seconds, as QMetry's dates are written. */
const sec = (ms: number) => Math.floor(ms / 1000) * 1000;

export const formatOf = (host: HostData, projectId: number) => host.projects.find((p) => p.id === projectId)?.dateFormatId ?? DEFAULT_FORMAT_ID;

/** Project list rows (src/qmetry/tools.test.ts "Fetch QMetry list Projects"). */
export function projectJson(p: SimProject) {
  return { projectID: p.id, projectKey: p.key, name: p.name, isArchived: p.archived };
}

/** getinfo: views (src/qmetry/client/auto-resolve.ts), ids (extractProjectContext), date formats (client/date-utils.ts). */
export function projectInfoJson(host: HostData, p: SimProject) {
  const view = (viewId: number) => ({ viewId });
  return {
    currentProjectId: p.id,
    currentProjectKey: p.key,
    currentProjectName: p.name,
    clientCode: host.clientCode,
    latestViews: {
      TC: view(p.views.TC), TS: view(p.views.TS), TE: view(p.views.TE), TEL: view(p.views.TEL), RQ: view(p.views.RQ),
      ...(p.views.IS !== undefined ? { IS: view(p.views.IS) } : {}),
    },
    rootFolders: { TC: { id: p.rootFolderIds.TC }, TS: { id: p.rootFolderIds.TS } },
    dateTimeFormatID: p.dateFormatId ?? DEFAULT_FORMAT_ID,
    dateTimeFormatNew: dateFormatList(),
  };
}

/**
 * POST /rest/admin/scope/tree: `{ text: '.', children: [{ projID, type, children: [{ relID, type, children: [{ cyclID,
 * type }] }] }] }`, names in `type` (src/qmetry/api/project.test.ts "getReleasesCycles").
 */
export function scopeTreeJson(host: HostData, p: SimProject, showArchive: boolean) {
  const releases = host.releases
    .filter((r) => r.projectId === p.id && (showArchive || !r.archived))
    .map((r) => ({
      relID: r.id,
      type: r.name,
      scope: 'release',
      isLocked: false,
      isArchived: r.archived,
      children: r.cycles
        .filter((c) => showArchive || !c.archived)
        .map((c) => ({ cyclID: c.id, type: c.name, scope: 'cycle', isLocked: false, isArchived: c.archived, leaf: true })),
    }));
  return { text: '.', children: [{ projID: p.id, type: p.name, isArchived: p.archived, isLocked: false, children: releases }] };
}

/** Platform rows: `isPlatformArchived`, dates in the project's format (src/qmetry/api/project.test.ts "getPlatforms"). */
export function platformJson(host: HostData, x: { id: number; projectId: number; name: string }, createdAt: number) {
  return withSort(
    { platformID: x.id, name: x.name, isPlatformArchived: false, createdDate: simDate(createdAt, formatOf(host, x.projectId)), projectID: x.projectId },
    { createdDate: sec(createdAt) },
  );
}

export function statusJson(s: SimStatus) {
  return { id: s.id, name: s.name, color: s.color, isDefault: s.isDefault, isArchived: s.isArchived, statusType: s.custom ? 'CUSTOM' : 'SYSTEM' };
}

/** `/Catalog/Search`: the folder path from the root test case folder. */
export function folderPath(host: HostData, folderId: number): string {
  const names: string[] = [];
  for (let f = host.folders.find((x) => x.id === folderId); f; f = host.folders.find((x) => x.id === f!.parentId)) names.unshift(f.name);
  return `/${names.join('/')}`;
}

export const latest = (tc: SimTestCase) => tc.versions[tc.versions.length - 1];

/**
 * A test case row of the list and of getVersionDetail: the case id as `id` with `entityKey` and `associatedVersion`
 * (src/qmetry/api/testcase.test.ts and tools.test.ts mocks; associatedVersion is a documented sort field).
 */
export function testCaseJson(host: HostData, tc: SimTestCase, v: SimVersion = latest(tc)) {
  const f = formatOf(host, tc.projectId);
  return withSort(
    {
      id: tc.id,
      entityKey: tc.entityKey,
      name: v.name,
      tcVersionID: v.versionId,
      associatedVersion: v.version,
      isLatestVersion: v === latest(tc),
      description: v.description,
      precondition: v.precondition,
      priorityAlias: v.priority,
      testCaseTypeAlias: v.type,
      folderPath: folderPath(host, tc.folderId),
      linkedRqCount: tc.requirementIds.length,
      stepCount: v.steps.length,
      createdDate: simDate(tc.createdAt, f),
      updatedDate: simDate(v.updatedAt, f),
    },
    { createdDate: sec(tc.createdAt), updatedDate: sec(v.updatedAt), entityKeyId: tc.entityKey },
  );
}

/** Requirement rows: `id`, `entityKey`, `name` (src/qmetry/api/requirement.test.ts), `createdSystem`. */
export function requirementJson(host: HostData, r: SimRequirement) {
  const f = formatOf(host, r.projectId);
  return withSort(
    {
      id: r.id,
      entityKey: r.entityKey,
      name: r.name,
      createdSystem: r.createdSystem,
      createdDate: simDate(r.createdAt, f),
      updatedDate: simDate(r.updatedAt, f),
    },
    { createdDate: sec(r.createdAt), updatedDate: sec(r.updatedAt), entityKeyId: r.entityKey },
  );
}

/** forRQ rows: `entityKey`, `summary`, `testingTypeAlias`, no id (src/qmetry/api/testcase.test.ts). */
export function linkedCaseJson(tc: SimTestCase) {
  return { entityKey: tc.entityKey, summary: latest(tc).name, testingTypeAlias: 'Manual' };
}

/** Test suite rows: `id`, `entityKey`, `name` (src/qmetry/tools.test.ts "Fetch Test Suites"). */
export function suiteJson(host: HostData, s: SimSuite) {
  const f = formatOf(host, s.projectId);
  return withSort(
    { id: s.id, entityKey: s.entityKey, name: s.name, createdDate: simDate(s.createdAt, f), updatedDate: simDate(s.updatedAt, f) },
    { createdDate: sec(s.createdAt), updatedDate: sec(s.updatedAt) },
  );
}

export function releaseOfCycle(host: HostData, cycleId: number | null) {
  if (cycleId === null) return undefined;
  for (const r of host.releases) {
    const c = r.cycles.find((x) => x.id === cycleId);
    if (c) return { release: r, cycle: c };
  }
  return undefined;
}

function runParts(host: HostData, run: SimRun) {
  const tc = host.testCases.find((c) => c.id === run.testCaseId)!;
  const status = host.statuses.find((s) => s.id === run.statusId)!;
  return { tc, status, f: formatOf(host, tc.projectId) };
}

const runSort = (run: SimRun) => ({ executedDate: run.executedAt !== undefined ? sec(run.executedAt) : null, updatedDate: sec(run.updatedAt) });

/**
 * A row of POST /rest/execution/list/viewColumns (the runs of one suite run): `tcRunID`, the case's `entityKey` and
 * `summary`, `latestVersion`, `runStatus`, `executedBy` (the columns the vendor's tool lists, testsuite-tools.ts; the
 * row of tools.test.ts) and `executedDate`. No tcID: the case is named by its key. `updatedDate` is a guess.
 */
export function runJson(host: HostData, run: SimRun) {
  const { tc, status, f } = runParts(host, run);
  return withSort(
    {
      tcRunID: run.id,
      entityKey: tc.entityKey,
      summary: tc.versions.find((v) => v.version === run.version)?.name ?? latest(tc).name,
      latestVersion: run.version,
      runStatus: status.name,
      executedBy: run.executedBy ?? null,
      executedDate: run.executedAt !== undefined ? simDate(run.executedAt, f) : null,
      updatedDate: simDate(run.updatedAt, f),
      ...runIssues(host, run),
    },
    runSort(run),
  );
}

/**
 * A run's issues as its row gives them (src/qmetry/tools.test.ts "Fetch Test Case Runs by Test Suite Run"):
 * `defectCount` and `defects: [{ id, summary, status }]`, `id` the issue's key; only the count when the site's
 * execution view shows no more (`countIssuesOnly`).
 */
function runIssues(host: HostData, run: SimRun) {
  const issues = (run.issueIds ?? []).map((id) => host.issues?.find((i) => i.id === id)).filter((i): i is SimIssue => i !== undefined);
  return host.countIssuesOnly
    ? { defectCount: issues.length }
    : { defectCount: issues.length, defects: issues.map((i) => ({ id: i.entityKey, summary: i.summary, status: i.state })) };
}

/**
 * An issue row (POST /rest/issues/list/viewColumns, /rest/execution/issue/list/forTCRun): `id`, `entityKey`, `name`,
 * `type`, `state`, `createdSystem`, `linkedTcrCount`, `createdDate` (src/qmetry/tools.test.ts "Fetch Linked Issues of
 * Test Case Run"; the filter fields of client/tools/issue-tools.ts).
 */
export function issueJson(host: HostData, issue: SimIssue) {
  const f = formatOf(host, issue.projectId);
  const linked = host.runs.filter((r) => r.issueIds?.includes(issue.id)).length;
  return withSort(
    {
      id: issue.id,
      entityKey: issue.entityKey,
      name: issue.summary,
      type: 'Bug',
      state: issue.state,
      createdSystem: issue.createdSystem,
      linkedTcrCount: linked,
      createdDate: simDate(issue.createdAt, f),
    },
    { entityKeyId: issue.entityKey, createdDate: sec(issue.createdAt) },
  );
}

/**
 * A row of POST /rest/testcases/execution (every run of one case): `tcRunID`, `executionStatus`, `testSuiteName`,
 * `platformID`, `executedBy`, `executedDate`, `executedVersion` (src/qmetry/api/testcase.test.ts), with the suite's
 * platform, release and cycle names as the issue executions rows carry them (src/qmetry/api/issues.test.ts).
 */
export function executionJson(host: HostData, run: SimRun) {
  const { status, f } = runParts(host, run);
  const sr = host.suiteRuns.find((x) => x.id === run.suiteRunId)!;
  const suite = host.suites.find((s) => s.id === sr.suiteId)!;
  const platform = host.platforms.find((p) => p.id === sr.platformId)!;
  const rc = releaseOfCycle(host, suite.cycleId);
  return withSort(
    {
      tcRunID: run.id,
      executionStatus: status.name,
      testSuiteName: suite.name,
      tsEntityKey: suite.entityKey,
      platformID: platform.id,
      platformName: platform.name,
      releaseName: rc?.release.name ?? null,
      cycleName: rc?.cycle.name ?? null,
      executedBy: run.executedBy ?? null,
      executedDate: run.executedAt !== undefined ? simDate(run.executedAt, f) : null,
      executedVersion: run.version,
    },
    runSort(run),
  );
}
