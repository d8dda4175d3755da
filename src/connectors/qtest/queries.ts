/**
 * The qTest Manager API v3 calls the connector makes, each named by its Swagger operation, and every list paged to its
 * end with the spec's own paging parameters:
 * - getProjects            GET  /api/v3/projects (page, pageSize ≤ 999; "by default all projects are returned", but
 *                          with a page size a page: read until a short page)
 * - getStatusValuable      GET  …/test-runs/execution-statuses (not paged)
 * - searchArtifact         POST …/search (page, pageSize ≤ 999; PagedResource `total`): test-cases, test-runs,
 *                          requirements, test-logs
 * - find                   GET  …/linked-artifacts?type=test-cases&ids=…&ids=… (not paged; ids are `multi`, as many
 *                          a call as fit URL_LIMIT)
 * - getSubModulesOf        GET  …/modules?expand=descendants (not paged)
 * - getTestCycles          GET  …/test-cycles?parentId=0&parentType=root&expand=descendants, and with
 *                          parentId=<release id>&parentType=release for the cycles under a release (page, pageSize:
 *                          pages at 100 by default; read until a short page)
 * - getAllReleases         GET  …/releases?includeClosed=true (not paged; closed releases are left out without it)
 * - getTestCase            GET  …/test-cases/{testCaseId}?expand=teststep
 * - getTestLogsList        GET  …/test-runs/{testRunId}/test-logs (page, pageSize ≤ 999, `total`)
 * - getUsers               GET  …/users (not paged)
 * Answers are read row by row (rows.ts): unreadable rows are returned apart, never thrown.
 */
import type { ZodType } from 'zod';
import type { UnreadableRecord } from '../../domain/model';
import { ConnectorError } from '../types';
import { pathOf, queryString, type QtestClient, type Query } from './client';
import {
  ArraySchema,
  LinkedArtifactContainerSchema,
  LinkedArtifactSchema,
  PagedSchema,
  ProjectSchema,
  ReleaseSchema,
  RequirementSchema,
  StatusSchema,
  TestCaseIdSchema,
  TestCaseSchema,
  SearchedTestLogSchema,
  TestLogSchema,
  TestRunSchema,
  UserSchema,
  type QtestProject,
  type QtestRelease,
  type QtestRequirement,
  type QtestTestCase,
  type QtestTestLog,
  type QtestTestRun,
} from './records';
import { append, readRow, readRows, readWhole, type Rows } from './rows';

/** The largest page the Swagger allows (pageSize "up to 999"). */
export const MAX_PAGE_SIZE = 999;
/**
 * The longest URL sent (8 KiB, the request line common servers and proxies accept): linked-artifacts carries its case
 * ids in the URL, one `&ids=` each.
 */
export const URL_LIMIT = 8192;
/** Run ids per test-log search: a whole page of runs in one Data Query (it travels in the JSON body). */
export const LOG_RUN_BATCH = MAX_PAGE_SIZE;
export const EPOCH = '1970-01-01T00:00:00.000Z';

const P = '/api/v3/projects/{projectId}';

/** Data Query text selecting records changed at or after `since` (qTest wants ISO date-times, quoted). */
export function modifiedSinceQuery(since: string | undefined): string {
  const iso = since ? new Date(since).toISOString() : EPOCH;
  return `'Last Modified Date' >= '${iso}'`;
}

export interface SearchPage<T> {
  rows: Rows<T>;
  endpoint: string;
  /** Another page follows. */
  more: boolean;
}

/** Reads a top-level JSON array row by row. */
async function list<T>(client: QtestClient, path: string, pid: string | undefined, query: Query, schema: ZodType<T>): Promise<Rows<T>> {
  const { json, endpoint } = await client.call({ method: 'GET', path, params: pid === undefined ? {} : { projectId: pid }, query });
  return readRows(endpoint, readWhole(endpoint, json, ArraySchema), schema, '');
}

/** Pages a list answered as a bare array (no total) until a page comes back short, empty or repeated. */
async function pagedList<T extends { id: number }>(
  fetchPage: (page: number) => Promise<Rows<T>>,
  pageSize: number,
  seen = new Set<number>(),
): Promise<Rows<T>> {
  const out: Rows<T> = { items: [], unreadable: [] };
  for (let page = 1; ; page++) {
    const rows = await fetchPage(page);
    const fresh = rows.items.filter((r) => !seen.has(r.id));
    // A site that ignores the paging parameters answers the same rows again: stop there.
    if (page > 1 && rows.items.length > 0 && fresh.length === 0) return out;
    fresh.forEach((r) => seen.add(r.id));
    append(out, { items: fresh, unreadable: rows.unreadable });
    if (rows.items.length + rows.unreadable.length < pageSize) return out;
  }
}

export function listProjects(client: QtestClient, pageSize = MAX_PAGE_SIZE): Promise<Rows<QtestProject>> {
  return pagedList((page) => list(client, '/api/v3/projects', undefined, { page, pageSize }, ProjectSchema), pageSize);
}

export function listStatuses(client: QtestClient, pid: string) {
  return list(client, `${P}/test-runs/execution-statuses`, pid, {}, StatusSchema);
}

/** One page of POST /search; `more` from PagedResource's total (else from a full page). */
export async function search<T>(
  client: QtestClient,
  pid: string,
  req: { objectType: string; fields: string[]; query: string; page: number; pageSize: number; extra?: Query },
  schema: ZodType<T>,
): Promise<SearchPage<T>> {
  const { json, endpoint } = await client.call({
    method: 'POST',
    path: `${P}/search`,
    params: { projectId: pid },
    query: { ...req.extra, pageSize: req.pageSize, page: req.page },
    body: { object_type: req.objectType, fields: req.fields, query: req.query },
  });
  const envelope = readWhole(endpoint, json, PagedSchema);
  const rows = readRows(endpoint, envelope.items, schema, 'items');
  const size = envelope.page_size ?? req.pageSize;
  const count = envelope.items.length;
  const more = count > 0 && (envelope.total != null ? req.page * size < envelope.total : count >= size);
  return { rows, more, endpoint };
}

/** One page of test cases changed since `since`, steps included (appendTestSteps=true), oldest id first. */
export function searchTestCases(client: QtestClient, pid: string, opts: { since?: string; page: number; pageSize: number }) {
  return search<QtestTestCase>(
    client,
    pid,
    { objectType: 'test-cases', fields: ['*'], query: modifiedSinceQuery(opts.since), page: opts.page, pageSize: opts.pageSize, extra: { appendTestSteps: true } },
    TestCaseSchema,
  );
}

/** One page of the ids of every test case of the project (fields=["id"]: only the id travels). */
export function searchTestCaseIds(client: QtestClient, pid: string, opts: { page: number; pageSize: number }) {
  return search(client, pid, { objectType: 'test-cases', fields: ['id'], query: modifiedSinceQuery(undefined), ...opts }, TestCaseIdSchema);
}

/** One page of test runs matching a Data Query; each carries its latest test log. */
export function searchTestRuns(client: QtestClient, pid: string, opts: { query: string; page: number; pageSize: number }) {
  return search<QtestTestRun>(client, pid, { objectType: 'test-runs', fields: ['*'], ...opts }, TestRunSchema);
}

/** A test log and where it was read (to name it if its status cannot be resolved). */
export interface LocatedLog {
  log: QtestTestLog;
  runId: number;
  endpoint: string;
  field: string;
}

/** Every page of one test-log search (`includeTestLogProperties=true` adds the test step logs, which name the tester). */
async function searchLogs(client: QtestClient, pid: string, query: string, pageSize: number, out: { logs: LocatedLog[]; unreadable: UnreadableRecord[] }) {
  for (let page = 1; ; page++) {
    const res = await search(
      client,
      pid,
      { objectType: 'test-logs', fields: ['*'], query, page, pageSize, extra: { includeTestLogProperties: true } },
      SearchedTestLogSchema,
    );
    res.rows.items.forEach((log, k) => out.logs.push({ log, runId: log.test_run_id, endpoint: res.endpoint, field: res.rows.fields![k] }));
    out.unreadable.push(...res.rows.unreadable);
    if (!res.more) return out;
  }
}

/**
 * Every test log of the given runs, by test-log searches of up to LOG_RUN_BATCH runs each, every page. The criteria
 * `'Test Run Id' in (…)` is a guess: the Swagger names only Execution Start/End Date as test-log criteria; logs.ts
 * falls back to each run's log list when qTest refuses it (HTTP 400).
 */
export async function searchTestLogsOfRuns(
  client: QtestClient,
  pid: string,
  runIds: number[],
  pageSize: number,
): Promise<{ logs: LocatedLog[]; unreadable: UnreadableRecord[] }> {
  const out = { logs: [] as LocatedLog[], unreadable: [] as UnreadableRecord[] };
  for (let i = 0; i < runIds.length; i += LOG_RUN_BATCH) {
    await searchLogs(client, pid, `'Test Run Id' in (${runIds.slice(i, i + LOG_RUN_BATCH).join(', ')})`, pageSize, out);
  }
  return out;
}

/**
 * Every test log of the project, every page, by the criteria the Swagger documents for test logs ("'Execution Start
 * Date' > '2021-05-07T03:15:37.652Z'"; TestLogResource requires exe_start_date, so every log has one).
 */
export function searchProjectLogs(client: QtestClient, pid: string, pageSize: number) {
  return searchLogs(client, pid, `'Execution Start Date' >= '${EPOCH}'`, pageSize, { logs: [], unreadable: [] });
}

/** Every test log of one run (getTestLogsList), all pages. */
export async function testLogsOfRun(client: QtestClient, pid: string, runId: number, pageSize: number) {
  const out = { logs: [] as LocatedLog[], unreadable: [] as UnreadableRecord[] };
  for (let page = 1; ; page++) {
    const { json, endpoint } = await client.call({
      method: 'GET',
      path: `${P}/test-runs/{testRunId}/test-logs`,
      params: { projectId: pid, testRunId: runId },
      query: { pageSize, page },
    });
    const envelope = readWhole(endpoint, json, PagedSchema);
    const rows = readRows(endpoint, envelope.items, TestLogSchema, 'items');
    rows.items.forEach((log, k) => out.logs.push({ log, runId, endpoint, field: rows.fields![k] }));
    out.unreadable.push(...rows.unreadable);
    const size = envelope.page_size ?? pageSize;
    const n = envelope.items.length;
    if (n === 0 || (envelope.total != null ? page * size >= envelope.total : n < size)) return out;
  }
}

/** The ids split into runs of as many as fit one linked-artifacts URL (URL_LIMIT), in their order. */
export function linkBatches(client: QtestClient, pid: string, caseIds: number[]): number[][] {
  const base = `${client.baseUrl}${pathOf(`${P}/linked-artifacts`, { projectId: pid })}${queryString({ type: 'test-cases' })}`.length;
  const batches: number[][] = [];
  let length = base;
  for (const id of caseIds) {
    const more = `&ids=${id}`.length;
    if (batches.length === 0 || length + more > URL_LIMIT) {
      batches.push([]);
      length = base;
    }
    batches[batches.length - 1].push(id);
    length += more;
  }
  return batches;
}

/** Requirement ids linked to each given test case, in as few calls as the URL length allows. */
export async function linkedRequirements(client: QtestClient, pid: string, caseIds: number[]): Promise<Rows<{ caseId: number; requirementIds: number[] }>> {
  const out: Rows<{ caseId: number; requirementIds: number[] }> = { items: [], unreadable: [] };
  for (const ids of linkBatches(client, pid, caseIds)) {
    const { json, endpoint } = await client.call({ method: 'GET', path: `${P}/linked-artifacts`, params: { projectId: pid }, query: { type: 'test-cases', ids } });
    readWhole(endpoint, json, ArraySchema).forEach((row, i) => {
      const c = readRow(endpoint, row, LinkedArtifactContainerSchema, `[${i}]`);
      if (!('value' in c)) return void out.unreadable.push(c.unreadable);
      const objects = readRows(endpoint, c.value.objects ?? [], LinkedArtifactSchema, `[${i}].objects`);
      out.unreadable.push(...objects.unreadable);
      out.items.push({ caseId: c.value.id, requirementIds: objects.items.map((o) => o.id) });
    });
  }
  return out;
}

/** The whole module tree (expand=descendants), as answered. */
export async function moduleTree(client: QtestClient, pid: string) {
  const { json, endpoint } = await client.call({ method: 'GET', path: `${P}/modules`, params: { projectId: pid }, query: { expand: 'descendants' } });
  return { endpoint, rows: readWhole(endpoint, json, ArraySchema) };
}

/**
 * Test cycles with their sub-cycles and test suites (expand=descendants), every page: those directly under the root,
 * or those under one release.
 */
export async function cycleTree(client: QtestClient, pid: string, pageSize = MAX_PAGE_SIZE, releaseId?: number) {
  const rows: unknown[] = [];
  let endpoint = `GET ${P}/test-cycles`;
  const parent = releaseId === undefined ? { parentId: 0, parentType: 'root' } : { parentId: releaseId, parentType: 'release' };
  for (let page = 1; ; page++) {
    const answer = await client.call({
      method: 'GET',
      path: `${P}/test-cycles`,
      params: { projectId: pid },
      query: { ...parent, expand: 'descendants', page, pageSize },
    });
    endpoint = answer.endpoint;
    const got = readWhole(endpoint, answer.json, ArraySchema);
    const firstId = (got[0] as { id?: unknown } | undefined)?.id;
    if (page > 1 && got.length > 0 && rows.some((r) => (r as { id?: unknown }).id === firstId)) break;
    rows.push(...got);
    if (got.length < pageSize) break;
  }
  return { endpoint, rows };
}

/** Every release of the project, closed ones included (their runs keep their version). */
export function listReleases(client: QtestClient, pid: string): Promise<Rows<QtestRelease>> {
  return list(client, `${P}/releases`, pid, { includeClosed: true }, ReleaseSchema);
}

/** Every requirement of the project with its Jira external properties, all pages. */
export async function listRequirements(client: QtestClient, pid: string, pageSize = MAX_PAGE_SIZE): Promise<Rows<QtestRequirement>> {
  const out: Rows<QtestRequirement> = { items: [], unreadable: [] };
  for (let page = 1; ; page++) {
    const res = await search(
      client,
      pid,
      { objectType: 'requirements', fields: ['*'], query: modifiedSinceQuery(undefined), page, pageSize, extra: { includeExternalProperties: true } },
      RequirementSchema,
    );
    append(out, res.rows);
    if (!res.more) return out;
  }
}

/** The members of a project (who executed a test log is named by user id). */
export function projectUsers(client: QtestClient, pid: string) {
  return list(client, `${P}/users`, pid, {}, UserSchema);
}

/** One test case with its steps, or null when qTest has no such case. */
export async function getTestCase(client: QtestClient, pid: string, id: string): Promise<QtestTestCase | null> {
  try {
    const { json, endpoint } = await client.call({ method: 'GET', path: `${P}/test-cases/{testCaseId}`, params: { projectId: pid, testCaseId: id }, query: { expand: 'teststep' } });
    return readWhole(endpoint, json, TestCaseSchema);
  } catch (e) {
    if (e instanceof ConnectorError && e.code === 'PROJECT_NOT_FOUND') return null;
    throw e;
  }
}

/** Every test run of one test case (all pages). `Test Case Id` as a test-run criteria is a guess. */
export async function runsOfTestCase(client: QtestClient, pid: string, caseId: number, pageSize = MAX_PAGE_SIZE): Promise<Rows<QtestTestRun>> {
  const out: Rows<QtestTestRun> = { items: [], unreadable: [] };
  for (let page = 1; ; page++) {
    const res = await searchTestRuns(client, pid, { query: `'Test Case Id' = '${caseId}'`, page, pageSize });
    append(out, res.rows);
    if (!res.more) return out;
  }
}
