/**
 * readRuns of the Xray connector: a project's Test Runs as the runs of its Test Executions.
 *
 * Xray keeps every Test Run in a Test Execution (a run is a Test scheduled for execution within a Test Execution),
 * and getTestRuns filters by Test Execution and by modification time (`modifiedSince`, on TestRun.lastModified). A
 * read therefore needs no Test ids:
 * - the issue ids of the project's Test Executions, getTestExecutions pages of 100, read once per sync run: they are
 *   kept in memory and in the RunCache, so pages read in later invocations (a new connector each) read none again;
 * - getTestRuns of up to EXECUTIONS_PER_CALL of those executions since the time bound, a page of up to `pageSize`
 *   runs per request.
 * A read of R runs in E ≤ 100 Test Executions costs 1 + ⌈R / 100⌉ requests; a read that finds nothing costs 2. Each run
 * comes with its Test Execution's key (the cycle), fix versions (the version), test environments and its defects (Jira
 * issue ids), so they cost no request of their own; a fix version that cannot be read is reported with its run, which
 * is read without it, as is a defect that is no Jira issue.
 *
 * Runs of Tests of other projects (a Test Execution may hold them) are left out: only the project's Tests' runs are
 * answered. Runs of the project's Tests inside Test Executions of other projects are not read here (readTestCase
 * reads every run of one Test).
 */
import { z } from 'zod';
import type { Page, TestRun, UnreadableRecord } from '../../domain/model';
import { packCursor, unpackCursor } from '../cursor';
import type { ReadOptions, RunCache } from '../types';
import type { XrayClient } from './client';
import { MAX_LIMIT } from './documents';
import { executionVersion, mapTestRun, runDefects } from './mapping';
import { executionIdsPage, runsModifiedSinceArg, runsPage } from './queries';

/** Test Executions per getTestRuns request: a page of getTestExecutions (Xray states no limit for the list). */
export const EXECUTIONS_PER_CALL = MAX_LIMIT;

/**
 * The run cursor: `e` offset of the batch of Test Executions in the project's list, `r` offset of runs within that
 * batch, `m` the time bound sent to Xray, `u` the exact bound runs are kept from.
 */
export interface RunCursor {
  e: number;
  r: number;
  m?: string;
  u?: string;
}

export function encodeRunCursor(c: RunCursor): string {
  return packCursor({ e: c.e, r: c.r, ...(c.m ? { m: c.m } : {}), ...(c.u ? { u: c.u } : {}) });
}

const offset = z.number().int().min(0);
const RunCursorSchema = z.object({ e: offset, r: offset, m: z.string().optional(), u: z.string().optional() });
/** A cursor of the earlier run reader, which walked the project's tests (`s`): read again from the first execution. */
const TestBatchCursorSchema = z.object({ s: offset, r: offset.optional(), m: z.string().optional(), u: z.string().optional() });

export function decodeRunCursor(cursor: string): RunCursor {
  return unpackCursor(cursor, 'Xray', (j: unknown) => {
    const now = RunCursorSchema.safeParse(j);
    const c = now.success ? now.data : { ...TestBatchCursorSchema.parse(j), e: 0, r: 0 };
    return { e: c.e, r: c.r, ...(c.m ? { m: c.m } : {}), ...(c.u ? { u: c.u } : {}) };
  });
}

/** What the RunCache keeps per project: the issue ids of its Test Executions. */
const CachedExecutionsSchema = z.object({ v: z.literal(1), ids: z.array(z.string()) });

export const executionsCacheKey = (projectId: string) => `xray:executions:${projectId}`;

/** How an unreadable field of a run is located: the GraphQL endpoint and the operation. */
export const RUNS_ENDPOINT = 'POST /api/v2/graphql (XrayTestRuns)';

export interface RunReaderOptions {
  client: () => XrayClient;
  /** Runs per getTestRuns request (1..100). */
  pageSize: number;
  runCache?: RunCache;
  jiraSiteUrl?: string;
}

export type RunReader = (projectId: string, xrayProjectId: string, opts: ReadOptions) => Promise<Page<TestRun>>;

export function createRunReader(o: RunReaderOptions): RunReader {
  const listed = new Map<string, string[]>();

  /**
   * The project's Test Execution ids: for a continuation from memory; else from the RunCache, when it holds a
   * readable list (the sync run's); else read from Xray and kept in both.
   */
  async function executionIds(pid: string, continuation: boolean): Promise<string[]> {
    const inMemory = continuation ? listed.get(pid) : undefined;
    if (inMemory) return inMemory;
    const key = executionsCacheKey(pid);
    const cached = o.runCache ? CachedExecutionsSchema.safeParse(await o.runCache.get(key).catch(() => undefined)) : undefined;
    if (cached?.success) {
      listed.set(pid, cached.data.ids);
      return cached.data.ids;
    }
    const ids: string[] = [];
    for (let start = 0; ; ) {
      const page = await executionIdsPage(o.client(), { projectId: pid, start, limit: MAX_LIMIT });
      ids.push(...page.ids);
      start += page.ids.length;
      if (page.ids.length === 0 || start >= page.total) break;
    }
    const unique = [...new Set(ids)];
    listed.set(pid, unique);
    // A cache that cannot keep the list only costs a continuation this read again.
    await o.runCache?.set(key, { v: 1, ids: unique }).catch(() => undefined);
    return unique;
  }

  return async (projectId, pid, ropts) => {
    const cursor = ropts.cursor
      ? decodeRunCursor(ropts.cursor)
      : { e: 0, r: 0, ...(ropts.modifiedSince ? { m: runsModifiedSinceArg(ropts.modifiedSince), u: ropts.modifiedSince } : {}) };
    const executions = await executionIds(pid, ropts.cursor !== undefined);
    const bound = cursor.u ? Date.parse(cursor.u) : undefined;
    let { e, r } = cursor;
    for (;;) {
      const batch = executions.slice(e, e + EXECUTIONS_PER_CALL);
      if (batch.length === 0) return { items: [] };
      const runs = await runsPage(o.client(), { testExecIssueIds: batch, modifiedSince: cursor.m, start: r, limit: o.pageSize });
      const items: TestRun[] = [];
      const unreadable: UnreadableRecord[] = [];
      runs.results.forEach((x, i) => {
        if (!x || (x.test?.projectId && x.test.projectId !== pid)) return;
        const defects = runDefects(x, RUNS_ENDPOINT, `getTestRuns.results[${i}]`);
        const run = mapTestRun(x, { projectId, jiraSiteUrl: o.jiraSiteUrl }, defects.refs);
        if (!run || (bound !== undefined && run.updatedAt && Date.parse(run.updatedAt) < bound)) return;
        if (ropts.known?.(run.externalId, run.updatedAt ?? run.executedAt)) return;
        items.push(run);
        unreadable.push(...defects.dropped);
        // A fix version the app cannot read leaves the run without a version; which one is said.
        const problem = executionVersion(x).problem;
        if (problem) {
          unreadable.push({
            externalId: run.externalId,
            ...(run.cycle ? { displayId: run.cycle } : {}),
            endpoint: RUNS_ENDPOINT,
            field: `getTestRuns.results[${i}].${problem.field}`,
            message: `${problem.message}: the run is read without its version`,
          });
        }
      });
      let next: RunCursor | undefined;
      if (runs.items.length > 0 && r + runs.items.length < runs.total) next = { ...cursor, e, r: r + runs.items.length };
      else if (e + batch.length < executions.length) next = { ...cursor, e: e + batch.length, r: 0 };
      // A batch of executions with no run to read gives no page of its own: the next batch is read at once.
      if (runs.items.length === 0 && next) {
        ({ e, r } = next);
        continue;
      }
      return { items, ...(next ? { next: encodeRunCursor(next) } : {}), ...(unreadable.length ? { unreadable } : {}) };
    }
  };
}
