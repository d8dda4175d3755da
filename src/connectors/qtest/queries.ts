/**
 * The qTest Manager API v3 calls the connector makes. Paths and parameters follow the v3 Swagger
 * (qTest Manager API Version 3.0) and contracts/qtest (Swagger and SOURCES.md).
 */
import { z } from 'zod';
import { packCursor, unpackCursor } from '../cursor';
import { ConnectorError } from '../types';
import type { QtestClient } from './client';
import {
  CycleListSchema,
  LinkedArtifactListSchema,
  ModuleListSchema,
  pagedSchema,
  ProjectListSchema,
  RequirementSchema,
  StatusListSchema,
  TestCaseSchema,
  TestRunSchema,
  type QtestCycle,
  type QtestLinkedArtifacts,
  type QtestModule,
  type QtestProject,
  type QtestRequirement,
  type QtestTestCase,
} from './records';

/** POST /search and the paged lists accept up to 999 per page. */
export const MAX_PAGE_SIZE = 999;
/** Test case ids per linked-artifacts call, keeping the URL short. */
export const LINK_BATCH = 200;
const EPOCH = '1970-01-01T00:00:00.000Z';

const project = (pid: string) => `/api/v3/projects/${encodeURIComponent(pid)}`;

/** Data Query text selecting records changed at or after `since` (qTest wants ISO date-times, quoted). */
export function modifiedSinceQuery(since: string | undefined): string {
  const iso = since ? new Date(since).toISOString() : EPOCH;
  return `'Last Modified Date' >= '${iso}'`;
}

export function listProjects(client: QtestClient): Promise<QtestProject[]> {
  return client.get('/api/v3/projects', {}, ProjectListSchema);
}

export function listStatuses(client: QtestClient, pid: string) {
  return client.get(`${project(pid)}/test-runs/execution-statuses`, {}, StatusListSchema);
}

const TestCasePage = pagedSchema(TestCaseSchema);
const TestRunPage = pagedSchema(TestRunSchema);
const RequirementPage = pagedSchema(RequirementSchema);

/** One page of test cases changed since `since`, steps included (appendTestSteps=true), oldest id first. */
export function searchTestCases(client: QtestClient, pid: string, opts: { query: string; page: number; pageSize: number }) {
  return client.post(
    `${project(pid)}/search`,
    { appendTestSteps: true, pageSize: opts.pageSize, page: opts.page },
    { object_type: 'test-cases', fields: ['*'], query: opts.query },
    TestCasePage,
  );
}

const TestCaseIdPage = pagedSchema(z.object({ id: z.number() }));

/** One page of the ids of every test case of the project (fields=["id"]: only the id travels). */
export function searchTestCaseIds(client: QtestClient, pid: string, opts: { page: number; pageSize: number }) {
  return client.post(
    `${project(pid)}/search`,
    { pageSize: opts.pageSize, page: opts.page },
    { object_type: 'test-cases', fields: ['id'], query: modifiedSinceQuery(undefined) },
    TestCaseIdPage,
  );
}

/** One page of test runs matching a Data Query; each carries its latest test log. */
export function searchTestRuns(client: QtestClient, pid: string, opts: { query: string; page: number; pageSize: number }) {
  return client.post(
    `${project(pid)}/search`,
    { pageSize: opts.pageSize, page: opts.page },
    { object_type: 'test-runs', fields: ['*'], query: opts.query },
    TestRunPage,
  );
}

/** Requirements linked to the given test cases, in as few calls as the URL length allows. */
export async function linkedArtifacts(client: QtestClient, pid: string, caseIds: number[]): Promise<QtestLinkedArtifacts> {
  const out: QtestLinkedArtifacts = [];
  for (let i = 0; i < caseIds.length; i += LINK_BATCH) {
    const ids = caseIds.slice(i, i + LINK_BATCH);
    out.push(...(await client.get(`${project(pid)}/linked-artifacts`, { type: 'test-cases', ids }, LinkedArtifactListSchema)));
  }
  return out;
}

/** The whole module tree (expand=descendants). */
export function listModules(client: QtestClient, pid: string): Promise<QtestModule[]> {
  return client.get(`${project(pid)}/modules`, { expand: 'descendants' }, ModuleListSchema);
}

/** Test cycles under root with their sub-cycles and test suites (expand=descendants). */
export function listCycles(client: QtestClient, pid: string): Promise<QtestCycle[]> {
  return client.get(
    `${project(pid)}/test-cycles`,
    { parentId: 0, parentType: 'root', expand: 'descendants' },
    CycleListSchema,
  );
}

/** Every requirement of the project with its Jira external properties, all pages. */
export async function listRequirements(client: QtestClient, pid: string, pageSize = MAX_PAGE_SIZE): Promise<QtestRequirement[]> {
  const out: QtestRequirement[] = [];
  for (let page = 1; ; page++) {
    const res = await client.post(
      `${project(pid)}/search`,
      { includeExternalProperties: true, pageSize, page },
      { object_type: 'requirements', fields: ['*'], query: modifiedSinceQuery(undefined) },
      RequirementPage,
    );
    out.push(...res.items);
    if (res.items.length === 0 || page * pageSize >= res.total) return out;
  }
}

/** One test case with its steps, or null when qTest has no such case. */
export async function getTestCase(client: QtestClient, pid: string, id: string): Promise<QtestTestCase | null> {
  try {
    return await client.get(`${project(pid)}/test-cases/${encodeURIComponent(id)}`, { expand: 'teststep' }, TestCaseSchema);
  } catch (e) {
    if (e instanceof ConnectorError && e.code === 'PROJECT_NOT_FOUND') return null;
    throw e;
  }
}

/** Every test run of one test case (all pages). */
export async function runsOfTestCase(client: QtestClient, pid: string, caseId: number, pageSize = MAX_PAGE_SIZE) {
  const out: z.infer<typeof TestRunSchema>[] = [];
  for (let page = 1; ; page++) {
    const res = await searchTestRuns(client, pid, { query: `'Test Case Id' = '${caseId}'`, page, pageSize });
    out.push(...res.items);
    if (res.items.length === 0 || page * pageSize >= res.total) return out;
  }
}

/** The opaque cursor: page to read next and the Data Query's time bound, frozen at the first page. */
export interface Cursor {
  page: number;
  since?: string;
}

export function encodeCursor(c: Cursor): string {
  return packCursor({ p: c.page, s: c.since ?? null });
}

export function decodeCursor(cursor: string): Cursor {
  return unpackCursor(cursor, 'qTest', (j: { p?: unknown; s?: unknown }) => {
    if (typeof j.p !== 'number' || !Number.isInteger(j.p) || j.p < 1) throw new Error('bad page');
    return { page: j.p, since: typeof j.s === 'string' ? j.s : undefined };
  });
}
