/**
 * The QMetry Open API calls the connector makes, with their JSON bodies, as SmartBear's own client makes them
 * (smartbear-mcp src/qmetry/config/rest-endpoints.ts for the paths; src/qmetry/types/common.ts, testcase.ts,
 * testsuite.ts, requirements.ts for the bodies and their defaults). Every list call pages with `start`/`page`/`limit`
 * and sends `filter` (and `sort` where the vendor does) as JSON strings. Answers are read row by row (rows.ts).
 */
import { z } from 'zod';
import { packCursor, unpackCursor } from '../cursor';
import { ConnectorError } from '../types';
import type { QmetryClient } from './client';
import type { DateFormat } from './dates';
import {
  CaseKeyRow,
  CaseRowSchema,
  finishCase,
  finishCaseKey,
  finishRun,
  finishStep,
  finishSuiteRun,
  isTrue,
  IssueRow,
  LinkedCaseRow,
  PlatformRow,
  ProjectInfoSchema,
  ProjectRow,
  RequirementRow,
  RunRowSchema,
  StatusRow,
  StepRow,
  SuiteRow,
  SuiteRunSchema,
} from './records';
import { caseIdentity, emptyRows, noIdentity, paging, readAllPages, readRows, runIdentity, type Rows } from './rows';

/**
 * Records per list call. QMetry documents no maximum for `limit` (the vendor's client defaults to 10); 100 is the
 * largest page size this connector relies on, and the simulator enforces it.
 */
export const MAX_PAGE_SIZE = 100;
const NO_FILTER = '[]';
export const SORT_CREATED_ASC = JSON.stringify([{ property: 'createdDate', direction: 'ASC' }]);
export const SORT_UPDATED_DESC = JSON.stringify([{ property: 'updatedDate', direction: 'DESC' }]);
const ANY = z.unknown();

export const P = {
  getinfo: '/rest/admin/project/getinfo',
  projects: '/rest/admin/project/list',
  scopeTree: '/rest/admin/scope/tree',
  platforms: '/rest/admin/platform/list',
  statuses: '/rest/admin/execution/list',
  cases: '/rest/testcases/list/viewColumns',
  versions: '/rest/testcases/getVersionDetail',
  steps: '/rest/testcases/steps/list',
  executions: '/rest/testcases/execution',
  requirements: '/rest/requirements/list/viewColumns',
  casesOfRequirement: '/rest/testcases/list/forRQ',
  requirementsOfCase: '/rest/requirements/list/forTC',
  suites: '/rest/testsuites/list/viewColumns',
  suiteRuns: '/rest/execution/list/platformHome',
  runs: '/rest/execution/list/viewColumns',
  issues: '/rest/issues/list/viewColumns',
  issuesOfRun: '/rest/execution/issue/list/forTCRun',
  linkIssues: '/rest/execution/link/issue',
} as const;
export const post = (path: string) => `POST ${path}`;

/** Folder options of the vendor's list calls (DEFAULT_FOLDER_OPTIONS, types/common.ts): every folder from the root. */
const FOLDER_OPTIONS = {
  folderPath: '',
  scope: 'project',
  showRootOnly: false,
  getSubEntities: true,
  hideEmptyFolders: false,
  folderSortColumn: 'name',
  folderSortOrder: 'ASC',
  restoreDefaultColumns: false,
  folderID: null,
};

export function getProjectInfo(client: QmetryClient, projectKey: string) {
  return client.get(P.getinfo, ProjectInfoSchema, projectKey);
}

/** The projects the key's user sees; archived ones only with `params.showArchive` (tools/project-tools.ts). */
export function listProjects(client: QmetryClient, showArchive = false, limit = MAX_PAGE_SIZE) {
  return readAllPages(limit, async (p) =>
    readRows(await client.post(P.projects, { ...p, filter: NO_FILTER, params: { showArchive } }, ANY), post(P.projects), ProjectRow, (r) => r),
  );
}

type TreeNode = { children?: unknown; cyclID?: unknown; relID?: unknown; type?: unknown; text?: unknown; name?: unknown };

/** Names from the scope tree: cycle id → name, release id → name, and cycle id → the name of its release. */
export interface ScopeNames {
  cycles: Map<string, string>;
  releases: Map<string, string>;
  releaseOfCycle: Map<string, string>;
}

/**
 * The project's releases and cycles from POST /rest/admin/scope/tree: a tree `{ text, children: [{ projID, children:
 * [{ relID, children: [{ cyclID, type }] }] }] }` whose nodes carry their names in `type` (src/qmetry/api/project.test.ts).
 * Archived releases and cycles are asked for too, so that old runs keep their names.
 */
export async function scopeNames(client: QmetryClient, projectKey: string): Promise<ScopeNames> {
  const tree = (await client.post(P.scopeTree, { showArchive: true }, ANY, projectKey)) as TreeNode | null;
  if (!tree || typeof tree !== 'object' || !Array.isArray(tree.children)) {
    throw new ConnectorError('UNEXPECTED_RESPONSE', `QMetry answered ${post(P.scopeTree)} without its tree of releases and cycles (children)`, {
      endpoint: post(P.scopeTree),
      field: 'children',
    });
  }
  const out: ScopeNames = { cycles: new Map(), releases: new Map(), releaseOfCycle: new Map() };
  const idOf = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? String(v) : undefined);
  const walk = (nodes: unknown[], release: string | undefined, depth: number) => {
    for (const n of nodes as TreeNode[]) {
      if (!n || typeof n !== 'object') continue;
      const name = [n.type, n.text, n.name].find((v): v is string => typeof v === 'string' && v.trim() !== '');
      const relID = idOf(n.relID);
      const cyclID = idOf(n.cyclID);
      if (relID !== undefined && name) out.releases.set(relID, name);
      const under = relID !== undefined ? name : release;
      if (cyclID !== undefined && name) {
        out.cycles.set(cyclID, name);
        if (under) out.releaseOfCycle.set(cyclID, under);
      }
      if (Array.isArray(n.children) && depth < 5) walk(n.children, under, depth + 1);
    }
  };
  walk(tree.children, undefined, 0);
  return out;
}

export function listPlatforms(client: QmetryClient, projectKey: string, limit = MAX_PAGE_SIZE) {
  const sort = JSON.stringify([{ property: 'name', direction: 'ASC' }]);
  return readAllPages(limit, async (p) =>
    readRows(await client.post(P.platforms, { ...p, sort, filter: NO_FILTER }, ANY, projectKey), post(P.platforms), PlatformRow, (r) => ({
      platformID: r.platformID,
      name: r.name,
      archived: isTrue(r.isPlatformArchived) || isTrue(r.isArchived),
    })),
  );
}

export function listExecutionStatuses(client: QmetryClient, projectKey: string, limit = MAX_PAGE_SIZE) {
  return readAllPages(limit, async (p) =>
    readRows(await client.post(P.statuses, { ...p, filter: NO_FILTER }, ANY, projectKey), post(P.statuses), StatusRow, (r) => r),
  );
}

/** The body of a test case list call (DEFAULT_FETCH_TESTCASES_PAYLOAD, types/testcase.ts). */
function caseListBody(viewId: number, start: number, limit: number, sort: string, filter = NO_FILTER) {
  return { viewId, ...FOLDER_OPTIONS, ...paging(start, limit), filter, udfFilter: NO_FILTER, sort, isFilterSaveRequired: false };
}

/** One page of the test cases of every folder. */
export async function testCasePage(
  client: QmetryClient,
  projectKey: string,
  opts: { viewId: number; start: number; limit: number; sort: string },
  format: DateFormat,
): Promise<Rows<ReturnType<typeof finishCase>>> {
  const answer = await client.post(P.cases, caseListBody(opts.viewId, opts.start, opts.limit, opts.sort), ANY, projectKey);
  return readRows(answer, post(P.cases), CaseRowSchema, (r) => finishCase(r, format), caseIdentity);
}

/** One page of test case ids and keys only. */
export async function testCaseKeyPage(client: QmetryClient, projectKey: string, opts: { viewId: number; start: number; limit: number }) {
  const answer = await client.post(P.cases, caseListBody(opts.viewId, opts.start, opts.limit, SORT_CREATED_ASC), ANY, projectKey);
  return readRows(answer, post(P.cases), CaseKeyRow, finishCaseKey, caseIdentity);
}

/**
 * The ids of the test cases with these entity keys: a `entityKeyId` filter with comma-separated keys (the filter the
 * vendor's tools describe, tools/testcase-tools.ts and issue-tools.ts); rows are matched to the keys exactly.
 */
export function testCasesByKeys(client: QmetryClient, projectKey: string, viewId: number, keys: readonly string[]) {
  const filter = JSON.stringify([{ type: 'string', value: keys.join(','), field: 'entityKeyId' }]);
  return readAllPages(MAX_PAGE_SIZE, async (p) =>
    readRows(
      await client.post(P.cases, caseListBody(viewId, p.start, p.limit, SORT_CREATED_ASC, filter), ANY, projectKey),
      post(P.cases),
      CaseKeyRow,
      finishCaseKey,
      caseIdentity,
    ),
  );
}

/** The steps of one version of a case; rows under `data` (or `steps`, as src/qmetry/api/testcase.test.ts mocks it). */
export function testCaseSteps(client: QmetryClient, projectKey: string, tcID: string, version: number, limit = MAX_PAGE_SIZE) {
  return readAllPages(limit, async (p) =>
    readRows(await client.post(P.steps, { id: Number(tcID), version, ...p }, ANY, projectKey), post(P.steps), StepRow, finishStep, noIdentity, [
      'data',
      'steps',
    ]),
  );
}

/** Every version of one test case; no rows when there is no such case. */
export async function testCaseVersions(client: QmetryClient, projectKey: string, tcID: string, format: DateFormat) {
  if (!/^\d+$/.test(tcID)) return emptyRows<ReturnType<typeof finishCase>>();
  return readAllPages(MAX_PAGE_SIZE, async (p) =>
    readRows(
      await client.post(P.versions, { tcID: Number(tcID), ...p, filter: NO_FILTER }, ANY, projectKey),
      post(P.versions),
      CaseRowSchema,
      (r) => finishCase(r, format, tcID),
      caseIdentity,
    ),
  );
}

/** Requirements of the project (DEFAULT_FETCH_REQUIREMENTS_PAYLOAD, types/requirements.ts). */
export function listRequirements(client: QmetryClient, projectKey: string, viewId: number, limit = MAX_PAGE_SIZE) {
  const body = { viewId, ...FOLDER_OPTIONS, udfFilter: NO_FILTER, isJiraFilter: false, filterType: 'QMETRY', isFilterSaveRequired: false };
  return readAllPages(limit, async (p) =>
    readRows(
      await client.post(P.requirements, { ...body, ...p, filter: NO_FILTER, sort: SORT_CREATED_ASC }, ANY, projectKey),
      post(P.requirements),
      RequirementRow,
      (r) => r,
      (r) => ({ displayId: typeof r.entityKey === 'string' ? r.entityKey : undefined }),
    ),
  );
}

/** Test cases linked to one requirement (DEFAULT_FETCH_TESTCASES_LINKED_TO_REQUIREMENT_PAYLOAD). */
export function testCasesOfRequirement(client: QmetryClient, projectKey: string, rqID: string, limit = MAX_PAGE_SIZE) {
  const body = { rqID: Number(rqID), getLinked: true, showEntityWithReleaseCycle: false, tcFolderPath: '', getSubEntities: true, getColumns: true };
  return readAllPages(limit, async (p) =>
    readRows(await client.post(P.casesOfRequirement, { ...body, ...p, filter: NO_FILTER }, ANY, projectKey), post(P.casesOfRequirement), LinkedCaseRow, (r) => r),
  );
}

export function requirementsOfTestCase(client: QmetryClient, projectKey: string, tcID: string, limit = MAX_PAGE_SIZE) {
  return readAllPages(limit, async (p) =>
    readRows(
      await client.post(P.requirementsOfCase, { tcID: Number(tcID), getLinked: true, rqFolderPath: '', ...p, filter: NO_FILTER }, ANY, projectKey),
      post(P.requirementsOfCase),
      RequirementRow,
      (r) => r,
    ),
  );
}

/** One page of the project's test suites (the vendor's defaults, but every suite of the project: scope `project`). */
export async function testSuitePage(client: QmetryClient, projectKey: string, opts: { viewId: number; start: number; limit: number }) {
  const body = {
    viewId: opts.viewId,
    folderPath: '',
    scope: 'project',
    getSubEntities: true,
    ...paging(opts.start, opts.limit),
    filter: NO_FILTER,
    udfFilter: NO_FILTER,
    sort: SORT_CREATED_ASC,
    isFilterSaveRequired: false,
  };
  return readRows(await client.post(P.suites, body, ANY, projectKey), post(P.suites), SuiteRow, (r) => r, (r) => ({
    externalId: typeof r.id === 'number' || typeof r.id === 'string' ? String(r.id) : undefined,
  }));
}

/** The runs of one test suite, one per linked platform (DEFAULT_FETCH_EXECUTIONS_BY_TESTSUITE_PAYLOAD). */
export function suiteRuns(client: QmetryClient, projectKey: string, tsID: string, viewId: number | undefined, limit = MAX_PAGE_SIZE) {
  return readAllPages(limit, async (p) =>
    readRows(
      await client.post(P.suiteRuns, { tsID: Number(tsID), gridName: 'TESTEXECUTIONLIST', ...(viewId !== undefined ? { viewId } : {}), ...p, filter: NO_FILTER }, ANY, projectKey),
      post(P.suiteRuns),
      SuiteRunSchema,
      finishSuiteRun,
    ),
  );
}

/**
 * The test case runs of one test suite run. The vendor sends this call the project's numeric id and client code as
 * `scope` and `orgcode` headers (SCOPE_AWARE_HANDLERS in src/qmetry/client.ts); `headers` carries them.
 */
export function testCaseRuns(
  client: QmetryClient,
  projectKey: string,
  opts: { tsRunID: string; viewId: number; headers: Record<string, string>; format: DateFormat; statuses: ReadonlyMap<string, string> },
  limit = MAX_PAGE_SIZE,
) {
  const body = { tsrunID: opts.tsRunID, viewId: opts.viewId, filter: NO_FILTER, udfFilter: NO_FILTER, tcrUdfFilter: NO_FILTER, showTcWithDefects: false };
  return readAllPages(limit, async (p) =>
    readRows(await client.post(P.runs, { ...body, ...p }, ANY, projectKey, opts.headers), post(P.runs), RunRowSchema, (r) => finishRun(r, opts.format, opts.statuses), runIdentity),
  );
}

/** Every run of one test case, across suites and platforms (DEFAULT_FETCH_TESTCASE_EXECUTIONS_PAYLOAD). */
export function executionsOfTestCase(
  client: QmetryClient,
  projectKey: string,
  tcID: string,
  format: DateFormat,
  statuses: ReadonlyMap<string, string>,
  limit = MAX_PAGE_SIZE,
) {
  return readAllPages(limit, async (p) =>
    readRows(
      await client.post(P.executions, { tcid: Number(tcID), ...p, filter: NO_FILTER, scope: 'project' }, ANY, projectKey),
      post(P.executions),
      RunRowSchema,
      (r) => finishRun({ ...r, tcID: r.tcID ?? tcID }, format, statuses),
      runIdentity,
    ),
  );
}

/**
 * The issues linked to one test case run (FETCH_LINKED_ISSUES_BY_TESTCASE_RUN: `entityId` the tcRunID, `getLinked`,
 * `istcrFlag`, `getColumns`), all pages.
 */
export function issuesOfRun(client: QmetryClient, projectKey: string, tcRunID: string, limit = MAX_PAGE_SIZE) {
  const body = { entityId: Number(tcRunID), getLinked: true, istcrFlag: true, getColumns: true };
  return readAllPages(limit, async (p) =>
    readRows(await client.post(P.issuesOfRun, { ...body, ...p, filter: NO_FILTER }, ANY, projectKey), post(P.issuesOfRun), IssueRow, (r) => r),
  );
}

/**
 * The project's issues with this key (FETCH_ISSUES: the issue view, an `entityKeyId` filter, as the vendor's tool
 * searches "by entity key"); rows are matched to the key exactly by the caller.
 */
export function issuesByKey(client: QmetryClient, projectKey: string, viewId: number, key: string) {
  const filter = JSON.stringify([{ type: 'string', value: key, field: 'entityKeyId' }]);
  const body = { viewId, udfFilter: NO_FILTER, isJiraIntegated: false, isFilterSaveRequired: false, sort: SORT_CREATED_ASC };
  return readAllPages(MAX_PAGE_SIZE, async (p) =>
    readRows(await client.post(P.issues, { ...body, ...p, filter }, ANY, projectKey), post(P.issues), IssueRow, (r) => r),
  );
}

/** Links existing QMetry issues (their ids) to a test case run (LINK_ISSUES_TO_TESTCASE_RUN: `issueIds`, `tcrId`). */
export function linkIssuesToRun(client: QmetryClient, projectKey: string, tcRunID: string, issueIds: string[]) {
  return client.put(P.linkIssues, { issueIds, tcrId: Number(tcRunID) }, ANY, projectKey);
}

/** The opaque cursor: the next `start` and the time bound, frozen at the first page. */
export interface Cursor {
  start: number;
  since?: string;
}

export function encodeCursor(c: Cursor): string {
  return packCursor({ q: 1, s: c.start, t: c.since ?? null });
}

export function decodeCursor(cursor: string): Cursor {
  return unpackCursor(cursor, 'QMetry', (j: { q?: unknown; s?: unknown; t?: unknown }) => {
    if (j.q !== 1 || typeof j.s !== 'number' || !Number.isInteger(j.s) || j.s < 0) throw new Error('bad cursor');
    return { start: j.s, since: typeof j.t === 'string' ? j.t : undefined };
  });
}
