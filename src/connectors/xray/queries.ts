/**
 * The Xray GraphQL calls the connector makes, with the zod shapes of their answers, and the connector's cursors.
 */
import { z } from 'zod';
import { packCursor, unpackCursor } from '../cursor';
import { ConnectorError } from '../types';
import type { XrayClient } from './client';
import {
  COVERAGE_PAGE,
  MAX_LIMIT,
  PROJECT_SCAN,
  PROJECT_SETTINGS,
  STATUSES,
  TEST_BY_ID,
  TEST_BY_KEY,
  TEST_EXECUTION_IDS_PAGE,
  TEST_IDS_PAGE,
  TEST_RUNS_PAGE,
  TESTS_PAGE,
} from './documents';
import {
  CoveragePageSchema,
  pageSchema,
  ProjectScanItemSchema,
  StatusSchema,
  TestIdSchema,
  TestRunSchema,
  TestSchema,
  type XrayTest,
} from './records';

const compact = <T>(items: ReadonlyArray<T | null>): T[] => items.filter((x): x is T => x !== null);

/** Xray's modifiedSince: an ISO date-time, floored to the second (so nothing changed in that second is missed). */
export function modifiedSinceArg(since: string | undefined): string | undefined {
  if (!since) return undefined;
  const t = Date.parse(since);
  if (Number.isNaN(t)) throw new ConnectorError('UNEXPECTED_RESPONSE', `"${since.slice(0, 40)}" is not a date-time`);
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * The modifiedSince sent for runs: a second before `since`, floored. Xray documents getTestRuns' modifiedSince as
 * "modified after this date"; starting a second early keeps a run modified in the very second of `since` even if
 * Xray compares strictly or drops milliseconds. The connector drops what is older than `since` itself.
 */
export function runsModifiedSinceArg(since: string | undefined): string | undefined {
  const floored = modifiedSinceArg(since);
  return floored ? new Date(Date.parse(floored) - 1000).toISOString().replace(/\.000Z$/, 'Z') : undefined;
}

export async function scanProjects(client: XrayClient, start: number, limit: number) {
  const res = await client.query(PROJECT_SCAN, { start, limit }, z.object({ getTests: pageSchema(ProjectScanItemSchema) }));
  return { total: res.getTests.total, items: compact(res.getTests.results) };
}

export async function projectIdOf(client: XrayClient, projectIdOrKey: string): Promise<string> {
  const res = await client.query(
    PROJECT_SETTINGS,
    { projectIdOrKey },
    z.object({ getProjectSettings: z.object({ projectId: z.string().nullish() }).nullish() }),
  );
  const id = res.getProjectSettings?.projectId;
  if (!id) throw new ConnectorError('PROJECT_NOT_FOUND', `Xray does not know the project ${projectIdOrKey.slice(0, 40)}`);
  return id;
}

export async function statuses(client: XrayClient, projectId: string) {
  const res = await client.query(STATUSES, { projectId }, z.object({ getStatuses: z.array(StatusSchema.nullable()).nullish() }));
  return compact(res.getStatuses ?? []);
}

export async function testsPage(client: XrayClient, v: { projectId: string; modifiedSince?: string; start: number; limit: number }) {
  const res = await client.query(TESTS_PAGE, v, z.object({ getTests: pageSchema(TestSchema) }));
  return { total: res.getTests.total, items: compact(res.getTests.results) };
}

export async function testById(client: XrayClient, issueId: string): Promise<XrayTest | null> {
  const res = await client.query(TEST_BY_ID, { issueId }, z.object({ getTest: TestSchema.nullish() }));
  return res.getTest ?? null;
}

export async function testByKey(client: XrayClient, key: string): Promise<XrayTest | null> {
  if (!/^[A-Z][A-Z0-9_]+-\d+$/i.test(key)) return null;
  const res = await client.query(TEST_BY_KEY, { jql: `key = "${key.toUpperCase()}"` }, z.object({ getTests: pageSchema(TestSchema) }));
  return compact(res.getTests.results)[0] ?? null;
}

/** The keys of the issues a test covers beyond the first `from`. */
export async function moreCoverage(client: XrayClient, issueId: string, from: number): Promise<string[]> {
  const keys: string[] = [];
  for (let start = from; ; start += MAX_LIMIT) {
    const res = await client.query(
      COVERAGE_PAGE,
      { issueId, start },
      z.object({ getTest: z.object({ coverableIssues: CoveragePageSchema.nullish() }).nullish() }),
    );
    const page = res.getTest?.coverableIssues;
    const got = compact(page?.results ?? []);
    keys.push(...got.map((c) => c.jira?.key).filter((k): k is string => !!k));
    if (got.length === 0 || start + got.length >= (page?.total ?? 0)) return keys;
  }
}

export async function testIdsPage(client: XrayClient, v: { projectId: string; start: number; limit: number }) {
  const res = await client.query(TEST_IDS_PAGE, v, z.object({ getTests: pageSchema(TestIdSchema) }));
  return { total: res.getTests.total, ids: compact(res.getTests.results).map((t) => t.issueId) };
}

export async function executionIdsPage(client: XrayClient, v: { projectId: string; start: number; limit: number }) {
  const res = await client.query(TEST_EXECUTION_IDS_PAGE, v, z.object({ getTestExecutions: pageSchema(TestIdSchema) }));
  return { total: res.getTestExecutions.total, ids: compact(res.getTestExecutions.results).map((e) => e.issueId) };
}

/** One page of the runs of some Tests or of some Test Executions (both lists: the runs in both). */
export async function runsPage(
  client: XrayClient,
  v: { testIssueIds?: string[]; testExecIssueIds?: string[]; modifiedSince?: string; start: number; limit: number },
) {
  const res = await client.query(TEST_RUNS_PAGE, v, z.object({ getTestRuns: pageSchema(TestRunSchema) }));
  // `results` as answered (nulls in place), so a field of a run can be named by its position.
  return { total: res.getTestRuns.total, items: compact(res.getTestRuns.results), results: res.getTestRuns.results };
}

/** Cursors of readTestCases and listTestCaseIds: `s` offset of tests; `m` the time bound sent to Xray (runs.ts has the run cursor). */
export interface Cursor {
  s: number;
  m?: string;
}

export function encodeCursor(c: Cursor): string {
  return packCursor(c);
}

export function decodeCursor(cursor: string): Cursor {
  return unpackCursor(cursor, 'Xray', (j: Record<string, unknown>) => {
    if (typeof j.s !== 'number' || !Number.isInteger(j.s) || j.s < 0 || (j.m !== undefined && typeof j.m !== 'string')) throw new Error('bad');
    return { s: j.s, ...(j.m ? { m: j.m as string } : {}) };
  });
}
