/**
 * Reading test cases, their ids and runs page by page.
 *
 * Test cases: one viewColumns page (root folder, sub-folders included) + one steps call per case (at most
 * `concurrency` in flight); on the first page also project info and the Jira requirement links
 * (1 requirements list + 1 forRQ call per Jira requirement). Incremental reads sort by `updatedDate`
 * descending (a documented sort property) and stop at the first case older than the bound, instead of a
 * filter: QMetry documents no `updatedDate` filter for test cases, and list filters persist in the user's UI.
 *
 * Runs: one page of test suites, then per suite its suite runs (platformHome, one per platform) and per suite
 * run its test case runs. QMetry offers no documented changed-since filter on these lists, so incremental
 * reads fetch every run of the page's suites and keep, client-side, those modified at or after the bound
 * (`runChangedAt`: the later of updatedDate and executedDate, the run's `updatedAt`).
 */
import type { Page, TestCase, TestRun } from '../../domain/model';
import type { ReadOptions } from '../types';
import type { QmetryClient } from './client';
import { mapLimit, type ProjectLookups } from './context';
import { isoDate, mapTestCase, mapTestRun, runChangedAt } from './mapping';
import {
  decodeCursor,
  encodeCursor,
  MAX_PAGE_SIZE,
  SORT_CREATED_ASC,
  SORT_UPDATED_DESC,
  suiteRuns,
  testCasePage,
  testCaseRuns,
  testCaseSteps,
  testSuitePage,
} from './queries';
import type { QmetryTestCaseRow } from './records';

export interface ReadSettings {
  pageSize: number;
  suitesPerPage: number;
  concurrency: number;
}

const updatedMs = (row: QmetryTestCaseRow) => Date.parse(isoDate(row.updatedDate) ?? '') || 0;

export async function mapCases(
  client: QmetryClient,
  lookups: ProjectLookups,
  projectKey: string,
  rows: readonly QmetryTestCaseRow[],
  settings: ReadSettings,
  refresh: boolean,
): Promise<TestCase[]> {
  if (rows.length === 0) return [];
  const links = await lookups.links(projectKey, refresh);
  return mapLimit(rows, settings.concurrency, async (row) =>
    mapTestCase(row, {
      projectKey,
      baseUrl: client.baseUrl,
      steps: await testCaseSteps(client, projectKey, row.tcID, Number(row.associatedVersion) || 1, settings.pageSize),
      requirementKeys: links.get(row.entityKey) ?? [],
    }),
  );
}

export async function readTestCasePage(
  client: QmetryClient,
  lookups: ProjectLookups,
  projectKey: string,
  ropts: ReadOptions,
  settings: ReadSettings,
): Promise<Page<TestCase>> {
  const cursor = ropts.cursor ? decodeCursor(ropts.cursor) : { start: 0, since: ropts.modifiedSince };
  const first = cursor.start === 0;
  const info = await lookups.info(projectKey, first);
  const limit = settings.pageSize;
  const res = await testCasePage(client, projectKey, {
    viewId: info.latestViews.TC.viewId,
    start: cursor.start,
    limit,
    sort: cursor.since ? SORT_UPDATED_DESC : SORT_CREATED_ASC,
  });
  const bound = cursor.since ? Date.parse(cursor.since) : undefined;
  const rows = bound === undefined ? res.data : res.data.filter((r) => updatedMs(r) >= bound);
  const total = res.total ?? res.totalCount;
  const end = cursor.start + res.data.length;
  const more = res.data.length === limit && rows.length === res.data.length && (total == null || end < total);
  const items = await mapCases(client, lookups, projectKey, rows, settings, first);
  return { items, ...(more ? { next: encodeCursor({ start: end, since: cursor.since }) } : {}) };
}

/**
 * One page of the ids of every test case of the project: one viewColumns page of MAX_PAGE_SIZE rows, oldest first.
 * QMetry documents no way to ask for fewer columns, so the rows come whole and only `tcID` is kept.
 */
export async function readTestCaseIdPage(
  client: QmetryClient,
  lookups: ProjectLookups,
  projectKey: string,
  cursor: string | undefined,
): Promise<Page<string>> {
  const start = cursor ? decodeCursor(cursor).start : 0;
  const info = await lookups.info(projectKey, start === 0);
  const res = await testCasePage(client, projectKey, { viewId: info.latestViews.TC.viewId, start, limit: MAX_PAGE_SIZE, sort: SORT_CREATED_ASC });
  const total = res.total ?? res.totalCount;
  const end = start + res.data.length;
  const more = res.data.length === MAX_PAGE_SIZE && (total == null || end < total);
  return { items: res.data.map((r) => r.tcID), ...(more ? { next: encodeCursor({ start: end }) } : {}) };
}

export async function readRunPage(
  client: QmetryClient,
  lookups: ProjectLookups,
  projectKey: string,
  ropts: ReadOptions,
  settings: ReadSettings,
): Promise<Page<TestRun>> {
  const cursor = ropts.cursor ? decodeCursor(ropts.cursor) : { start: 0, since: ropts.modifiedSince };
  const first = cursor.start === 0;
  const info = await lookups.info(projectKey, first);
  const [statuses, cycles, platforms] = await Promise.all([
    lookups.statuses(projectKey, first),
    lookups.cycles(projectKey, first),
    lookups.platforms(projectKey, first),
  ]);
  const limit = settings.suitesPerPage;
  const suites = await testSuitePage(client, projectKey, { viewId: info.latestViews.TS.viewId, start: cursor.start, limit });
  const bound = cursor.since ? Date.parse(cursor.since) : undefined;

  const perSuite = await mapLimit(suites.data, settings.concurrency, async (suite) => {
    const out: TestRun[] = [];
    for (const sr of await suiteRuns(client, projectKey, suite.id, info.latestViews.TEL.viewId, settings.pageSize)) {
      const ctx = {
        projectKey,
        baseUrl: client.baseUrl,
        statuses,
        cycle: (sr.buildID ? cycles.get(sr.buildID) : undefined) ?? suite.name,
        environment: sr.platformName ?? (sr.platformID ? platforms.get(sr.platformID) : undefined),
      };
      for (const run of await testCaseRuns(client, projectKey, sr.tsRunID, info.latestViews.TE.viewId, settings.pageSize)) {
        if (bound === undefined || runChangedAt(run) >= bound) out.push(mapTestRun(run, ctx));
      }
    }
    return out;
  });

  const total = suites.total ?? suites.totalCount;
  const end = cursor.start + suites.data.length;
  const more = suites.data.length === limit && (total == null || end < total);
  return { items: perSuite.flat(), ...(more ? { next: encodeCursor({ start: end, since: cursor.since }) } : {}) };
}
