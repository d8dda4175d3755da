/**
 * The QMetry Open API calls the connector makes, with their JSON bodies. Paths, body fields and defaults
 * follow SmartBear's MCP server (src/qmetry/config/rest-endpoints.ts, types/*.ts) and the QMetry API pages
 * listed in contracts/qmetry/SOURCES.md. Every list call pages with `start`/`page`/`limit`
 * and sends `filter` (and `sort` where documented) as JSON strings.
 */
import { packCursor, unpackCursor } from '../cursor';
import type { QmetryClient } from './client';
import {
  ExecutionStatusListSchema,
  LinkedTestCaseListSchema,
  PlatformListSchema,
  ProjectInfoSchema,
  ProjectListSchema,
  RequirementListSchema,
  ScopeTreeSchema,
  StepListSchema,
  SuiteRunListSchema,
  TestCaseExecutionListSchema,
  TestCaseListSchema,
  TestCaseRunListSchema,
  TestSuiteListSchema,
} from './records';

/**
 * Records per list call. QMetry documents no maximum for `limit` (the MCP client defaults to 10); 100 is the
 * largest page size this connector relies on, and the simulator enforces it.
 */
export const MAX_PAGE_SIZE = 100;
const NO_FILTER = '[]';
export const SORT_CREATED_ASC = JSON.stringify([{ property: 'createdDate', direction: 'ASC' }]);
export const SORT_UPDATED_DESC = JSON.stringify([{ property: 'updatedDate', direction: 'DESC' }]);

type Paged<T> = { data: T[]; total?: number | null; totalCount?: number | null };

const paging = (start: number, limit: number) => ({ start, page: Math.floor(start / limit) + 1, limit });

/** Reads every page of a list call. */
export async function readAll<T>(limit: number, fetchPage: (p: ReturnType<typeof paging>) => Promise<Paged<T>>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; ; start += limit) {
    const res = await fetchPage(paging(start, limit));
    out.push(...res.data);
    const total = res.total ?? res.totalCount;
    if (res.data.length < limit || (total != null && start + res.data.length >= total)) return out;
  }
}

export function getProjectInfo(client: QmetryClient, projectKey: string) {
  return client.get('/rest/admin/project/getinfo', ProjectInfoSchema, projectKey);
}

/** The projects the key's user sees; archived ones only with `showArchive`. */
export function listProjects(client: QmetryClient, showArchive = false, limit = MAX_PAGE_SIZE) {
  return readAll(limit, (p) =>
    client.post('/rest/admin/project/list', { ...p, filter: NO_FILTER, params: { showArchive } }, ProjectListSchema),
  );
}

/** Releases and cycles, archived ones included so that old runs keep their cycle names. */
export function scopeTree(client: QmetryClient, projectKey: string) {
  return client.post('/rest/admin/scope/tree', { showArchive: true }, ScopeTreeSchema, projectKey);
}

export function listPlatforms(client: QmetryClient, projectKey: string, limit = MAX_PAGE_SIZE) {
  const sort = JSON.stringify([{ property: 'platformID', direction: 'DESC' }]);
  return readAll(limit, (p) => client.post('/rest/admin/platform/list', { ...p, sort, filter: NO_FILTER }, PlatformListSchema, projectKey));
}

export function listExecutionStatuses(client: QmetryClient, projectKey: string, limit = MAX_PAGE_SIZE) {
  return readAll(limit, (p) => client.post('/rest/admin/execution/list', { ...p, filter: NO_FILTER }, ExecutionStatusListSchema, projectKey));
}

const FOLDER_OPTIONS = {
  folderPath: '',
  scope: 'project',
  getSubEntities: true,
  hideEmptyFolders: false,
  folderSortColumn: 'name',
  folderSortOrder: 'ASC',
};

/** One page of the test cases of every folder (root folder path "" with sub-folders). */
export function testCasePage(
  client: QmetryClient,
  projectKey: string,
  opts: { viewId: number; start: number; limit: number; sort: string },
) {
  return client.post(
    '/rest/testcases/list/viewColumns',
    {
      viewId: opts.viewId,
      ...FOLDER_OPTIONS,
      restoreDefaultColumns: false,
      folderID: null,
      ...paging(opts.start, opts.limit),
      filter: NO_FILTER,
      udfFilter: NO_FILTER,
      sort: opts.sort,
    },
    TestCaseListSchema,
    projectKey,
  );
}

export function testCaseSteps(client: QmetryClient, projectKey: string, tcID: string, version: number, limit = MAX_PAGE_SIZE) {
  return readAll(limit, (p) => client.post('/rest/testcases/steps/list', { id: Number(tcID), version, ...p }, StepListSchema, projectKey));
}

/** Every version of one test case (POST /rest/testcases/getVersionDetail); empty when there is no such case. */
export async function testCaseVersions(client: QmetryClient, projectKey: string, tcID: string) {
  if (!/^\d+$/.test(tcID)) return [];
  return readAll(MAX_PAGE_SIZE, (p) =>
    client.post('/rest/testcases/getVersionDetail', { tcID: Number(tcID), ...p, filter: NO_FILTER }, TestCaseListSchema, projectKey),
  );
}

export function listRequirements(client: QmetryClient, projectKey: string, viewId: number, limit = MAX_PAGE_SIZE) {
  return readAll(limit, (p) =>
    client.post(
      '/rest/requirements/list/viewColumns',
      { viewId, ...FOLDER_OPTIONS, ...p, isJiraFilter: false, filterType: 'QMETRY', filter: NO_FILTER, udfFilter: NO_FILTER, sort: SORT_CREATED_ASC },
      RequirementListSchema,
      projectKey,
    ),
  );
}

export function testCasesOfRequirement(client: QmetryClient, projectKey: string, rqID: string, limit = MAX_PAGE_SIZE) {
  return readAll(limit, (p) =>
    client.post(
      '/rest/testcases/list/forRQ',
      { rqID: Number(rqID), getLinked: true, showEntityWithReleaseCycle: false, tcFolderPath: '', getSubEntities: true, getColumns: true, ...p, filter: NO_FILTER },
      LinkedTestCaseListSchema,
      projectKey,
    ),
  );
}

export function requirementsOfTestCase(client: QmetryClient, projectKey: string, tcID: string, limit = MAX_PAGE_SIZE) {
  return readAll(limit, (p) =>
    client.post(
      '/rest/requirements/list/forTC',
      { tcID: Number(tcID), getLinked: true, rqFolderPath: '', ...p, filter: NO_FILTER },
      RequirementListSchema,
      projectKey,
    ),
  );
}

export function testSuitePage(client: QmetryClient, projectKey: string, opts: { viewId: number; start: number; limit: number }) {
  return client.post(
    '/rest/testsuites/list/viewColumns',
    {
      viewId: opts.viewId,
      folderPath: '',
      scope: 'project',
      getSubEntities: true,
      ...paging(opts.start, opts.limit),
      filter: NO_FILTER,
      udfFilter: NO_FILTER,
      sort: SORT_CREATED_ASC,
      isFilterSaveRequired: false,
    },
    TestSuiteListSchema,
    projectKey,
  );
}

/** The runs of one test suite, one per linked platform. */
export function suiteRuns(client: QmetryClient, projectKey: string, tsID: string, viewId: number, limit = MAX_PAGE_SIZE) {
  return readAll(limit, (p) =>
    client.post(
      '/rest/execution/list/platformHome',
      { tsID: Number(tsID), gridName: 'TESTEXECUTIONLIST', viewId, ...p, filter: NO_FILTER },
      SuiteRunListSchema,
      projectKey,
    ),
  );
}

export function testCaseRuns(client: QmetryClient, projectKey: string, tsRunID: string, viewId: number, limit = MAX_PAGE_SIZE) {
  return readAll(limit, (p) =>
    client.post(
      '/rest/execution/list/viewColumns',
      { tsrunID: tsRunID, viewId, ...p, filter: NO_FILTER, udfFilter: NO_FILTER, tcrUdfFilter: NO_FILTER, showTcWithDefects: false },
      TestCaseRunListSchema,
      projectKey,
    ),
  );
}

export function executionsOfTestCase(client: QmetryClient, projectKey: string, tcID: string, limit = MAX_PAGE_SIZE) {
  return readAll(limit, (p) =>
    client.post('/rest/testcases/execution', { tcid: Number(tcID), ...p, scope: 'project', filter: NO_FILTER }, TestCaseExecutionListSchema, projectKey),
  );
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
