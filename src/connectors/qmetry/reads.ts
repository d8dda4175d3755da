/**
 * Reading test cases, their ids and runs page by page. Every read needs the project's date format (getinfo) and
 * fails with UNEXPECTED_RESPONSE naming it when QMetry's is one the connector cannot read unambiguously.
 *
 * Test cases: one viewColumns page (root folder, sub-folders included). Rows the sync already holds in that version
 * (`ReadOptions.known`, asked with the case's tcID and ISO `updatedAt`) are left out at once; the others get one
 * steps call each (at most `concurrency` in flight) and their Jira requirement links: the links already read in this
 * run (context.ts) when there are, else, for an incremental read, one forTC call per case (few cases change between
 * syncs), else, for a full read, the scan of the whole project (1 requirements list + 1 forRQ call per Jira
 * requirement), kept for the rest of the run; its unreadable rows are reported with the page that made it. A page
 * left with no case to map reads no links at all. Incremental reads sort by `updatedDate` descending and stop at the
 * first case older than the bound, instead of a filter: list filters persist in the user's UI unless
 * `isFilterSaveRequired` is false, and the vendor's client documents no `updatedDate` filter for test cases.
 *
 * Runs: one page of test suites, then per suite its suite runs (platformHome, one per platform: each names the release,
 * the cycle and the platform its runs get as version, cycle and environment) and per suite run its test case runs. Those rows name their test case by entity key: the ids of keys not seen in case reads of this
 * run are looked up (an `entityKeyId` filter on the test case list). QMetry offers no changed-since filter on these
 * lists, so incremental reads keep, client-side, the runs modified at or after the bound, and those with no time at
 * all; runs `known` to the sync are left out before their case ids, cycle or platform names are looked up.
 *
 * A run's linked issues come with its row, at no cost; a row that only counts them costs one request (defects.ts).
 *
 * Rows that cannot be read are returned in `Page.unreadable` with the rest of the page.
 */
import type { Page, TestCase, TestRun, UnreadableRecord } from '../../domain/model';
import { skippableLookupFailure } from '../optional';
import type { ReadOptions } from '../types';
import type { QmetryClient } from './client';
import { mapLimit, type ProjectLookups } from './context';
import { defectsOfRuns } from './defects';
import { mapTestCase, mapTestRun, requirementKey, runChangedAt, runTimes } from './mapping';
import {
  decodeCursor,
  encodeCursor,
  MAX_PAGE_SIZE,
  P,
  post,
  requirementsOfTestCase,
  SORT_CREATED_ASC,
  SORT_UPDATED_DESC,
  suiteRuns,
  testCaseKeyPage,
  testCasePage,
  testCaseRuns,
  testCaseSteps,
  testSuitePage,
} from './queries';
import type { CaseRow, QmetrySuite, RunRow, SuiteRun } from './records';

export interface ReadSettings {
  pageSize: number;
  suitesPerPage: number;
  concurrency: number;
}

const withNext = <T>(page: Page<T>, next: string | undefined, unreadable: UnreadableRecord[]): Page<T> => ({
  ...page,
  ...(next ? { next } : {}),
  ...(unreadable.length ? { unreadable } : {}),
});

/**
 * Maps case rows with their steps and Jira keys; a case whose steps or (read on their own) requirements cannot be
 * read is unreadable as a whole. `incremental`: read the links of each case on its own unless they are kept.
 */
export async function mapCases(
  client: QmetryClient,
  lookups: ProjectLookups,
  projectKey: string,
  rows: readonly CaseRow[],
  settings: ReadSettings,
  incremental: boolean,
): Promise<{ items: TestCase[]; unreadable: UnreadableRecord[] }> {
  if (rows.length === 0) return { items: [], unreadable: [] };
  const kept = await lookups.keptLinks(projectKey);
  const scanned = kept || incremental ? undefined : await lookups.scanLinks(projectKey);
  const byCase = kept ?? scanned?.byCase;
  const unreadable = [...(scanned?.unreadable ?? [])];
  const mapped = await mapLimit(rows, settings.concurrency, async (row) => {
    const steps = await testCaseSteps(client, projectKey, row.tcID, row.version, settings.pageSize);
    if (steps.unreadable.length) {
      const u = steps.unreadable[0];
      unreadable.push({ ...u, externalId: row.tcID, displayId: row.entityKey, message: `${u.message} (steps of version ${row.version})` });
      return undefined;
    }
    let requirementKeys = byCase?.get(row.entityKey) ?? [];
    if (!byCase) {
      const linked = await requirementsOfTestCase(client, projectKey, row.tcID, settings.pageSize);
      if (linked.unreadable.length) {
        const u = linked.unreadable[0];
        unreadable.push({ ...u, externalId: row.tcID, displayId: row.entityKey, message: `${u.message} (requirements linked to the test case)` });
        return undefined;
      }
      requirementKeys = linked.rows.map(requirementKey).filter((k): k is string => k !== undefined);
    }
    return mapTestCase(row, { projectKey, baseUrl: client.baseUrl, steps: steps.rows, requirementKeys });
  });
  return { items: mapped.filter((c): c is TestCase => c !== undefined), unreadable };
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
  await lookups.info(projectKey, first);
  const format = await lookups.dateFormat(projectKey, false);
  const limit = settings.pageSize;
  const sort = cursor.since ? SORT_UPDATED_DESC : SORT_CREATED_ASC;
  const res = await testCasePage(client, projectKey, { viewId: await lookups.view(projectKey, 'TC'), start: cursor.start, limit, sort }, format);
  lookups.rememberCases(projectKey, res.rows);
  await lookups.keepCaseIds(projectKey);

  // Newest first when incremental: everything before the first case older than the bound is in range.
  const bound = cursor.since ? Date.parse(cursor.since) : undefined;
  const firstOld = bound === undefined ? -1 : res.rows.findIndex((r) => Date.parse(r.updatedAt) < bound);
  const cut = firstOld < 0 ? Number.POSITIVE_INFINITY : res.positions[firstOld];
  // mapTestCase makes `tcID` the externalId and `updatedAt` the updatedAt: what `known` is asked with.
  const rows = res.rows.filter((r, i) => res.positions[i] < cut && !ropts.known?.(r.tcID, r.updatedAt));
  const unreadable = res.unreadable.filter((_, i) => res.unreadablePositions[i] < cut);

  const total = res.total;
  const end = cursor.start + res.count;
  const more = res.count === limit && firstOld < 0 && (total === undefined || end < total);
  const mapped = await mapCases(client, lookups, projectKey, rows, settings, cursor.since !== undefined);
  return withNext({ items: mapped.items }, more ? encodeCursor({ start: end, since: cursor.since }) : undefined, [...unreadable, ...mapped.unreadable]);
}

/** One page of the ids of every test case of the project: one viewColumns page of MAX_PAGE_SIZE rows, oldest first. */
export async function readTestCaseIdPage(
  client: QmetryClient,
  lookups: ProjectLookups,
  projectKey: string,
  cursor: string | undefined,
): Promise<Page<string>> {
  const start = cursor ? decodeCursor(cursor).start : 0;
  await lookups.info(projectKey, start === 0);
  const res = await testCaseKeyPage(client, projectKey, { viewId: await lookups.view(projectKey, 'TC'), start, limit: MAX_PAGE_SIZE });
  lookups.rememberCases(projectKey, res.rows);
  const end = start + res.count;
  const more = res.count === MAX_PAGE_SIZE && (res.total === undefined || end < res.total);
  return withNext({ items: res.rows.map((r) => r.tcID) }, more ? encodeCursor({ start: end }) : undefined, res.unreadable);
}

interface FoundRun {
  run: RunRow;
  /** Where the run was in its answer's list. */
  at: number;
  suite: QmetrySuite;
  suiteRun: SuiteRun;
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
  const format = await lookups.dateFormat(projectKey, false);
  const [statuses, headers, suiteView, runView] = await Promise.all([
    lookups.statuses(projectKey, first),
    lookups.scopeHeaders(projectKey),
    lookups.view(projectKey, 'TS'),
    lookups.view(projectKey, 'TE'),
  ]);
  // The suite-run list takes an optional view (the vendor's FetchExecutionsByTestSuitePayload): sent when known.
  const telRaw = info.latestViews?.TEL?.viewId;
  const executionView = typeof telRaw === 'number' ? telRaw : undefined;
  const limit = settings.suitesPerPage;
  const suites = await testSuitePage(client, projectKey, { viewId: suiteView, start: cursor.start, limit });
  const bound = cursor.since ? Date.parse(cursor.since) : undefined;
  const unreadable: UnreadableRecord[] = [...suites.unreadable];

  const perSuite = await mapLimit(suites.rows, settings.concurrency, async (suite) => {
    const found: FoundRun[] = [];
    const runsOfSuite = await suiteRuns(client, projectKey, suite.id, executionView, settings.pageSize);
    unreadable.push(...runsOfSuite.unreadable);
    runsOfSuite.rows.forEach((suiteRun, k) => {
      for (const p of suiteRun.problems ?? []) {
        unreadable.push({
          displayId: suite.entityKey ?? suite.name,
          endpoint: post(P.suiteRuns),
          field: `data[${runsOfSuite.positions[k]}].${p.field}`,
          message: `${p.message} (test suite run ${suiteRun.tsRunID}): its runs are read without it`,
        });
      }
    });
    for (const suiteRun of runsOfSuite.rows) {
      const runs = await testCaseRuns(client, projectKey, { tsRunID: suiteRun.tsRunID, viewId: runView, headers, format, statuses }, settings.pageSize);
      unreadable.push(...runs.unreadable.map((u) => ({ ...u, message: `${u.message} (test suite run ${suiteRun.tsRunID})` })));
      runs.rows.forEach((run, i) => {
        // A run with no time at all (never executed; the vendor's rows carry no updatedDate) cannot be shown unchanged:
        // it is kept, and the sync finds it unchanged by its content.
        const changed = runChangedAt(run);
        if (bound === undefined || changed === 0 || changed >= bound) found.push({ run, at: runs.positions[i], suite, suiteRun });
      });
    }
    return found;
  });
  // The TestRun's `updatedAt ?? executedAt` (runTimes) is what `known` is asked with.
  const known = ropts.known;
  const found = perSuite.flat().filter((f) => {
    const t = runTimes(f.run);
    return !known?.(f.run.tcRunID, t.updatedAt ?? t.executedAt);
  });
  const items = await mapRuns(client, lookups, projectKey, found, unreadable, settings.concurrency);

  const end = cursor.start + suites.count;
  const more = suites.count === limit && (suites.total === undefined || end < suites.total);
  return withNext({ items }, more ? encodeCursor({ start: end, since: cursor.since }) : undefined, unreadable);
}

/**
 * Runs → TestRuns: their cases' ids by entity key; release, cycle and platform names from the suite run's row, else
 * looked up (the scope tree, the platform list) only when a row lacks them. The release is the run's version: the
 * row's `releaseName`, else the release its `releaseID` names, else the release holding its cycle. A scope tree that
 * cannot be read leaves the runs without what it would name (the release; the cycle falls back to the suite's name)
 * and is reported.
 */
async function mapRuns(
  client: QmetryClient,
  lookups: ProjectLookups,
  projectKey: string,
  found: readonly FoundRun[],
  unreadable: UnreadableRecord[],
  concurrency: number,
): Promise<TestRun[]> {
  const keys = found.filter((f) => !f.run.tcID && f.run.caseKey).map((f) => f.run.caseKey!);
  const ids = keys.length ? await lookups.caseIds(projectKey, keys) : new Map<string, string>();
  const scope = await scopeIfNeeded(lookups, projectKey, found, unreadable);
  const platformOf = (f: FoundRun) => f.suiteRun.platformID ?? f.run.platformID;
  const platforms = found.some((f) => !f.suiteRun.platformName && !f.run.platformName && platformOf(f))
    ? await lookups.platforms(projectKey)
    : new Map<string, string>();
  const defects = await defectsOfRuns(client, projectKey, found.map((f) => ({ run: f.run, endpoint: post(P.runs), at: f.at })), concurrency);

  const items: TestRun[] = [];
  for (const f of found) {
    const tcID = f.run.tcID ?? ids.get(f.run.caseKey!);
    if (!tcID) {
      unreadable.push({
        externalId: f.run.tcRunID,
        displayId: f.run.caseKey,
        endpoint: post(P.runs),
        field: `data[${f.at}].entityKey`,
        message: `names test case ${f.run.caseKey}, which the project's test case list does not hold (test suite run ${f.suiteRun.tsRunID})`,
      });
      continue;
    }
    const p = platformOf(f);
    const { cycleID, releaseID } = f.suiteRun;
    items.push(
      mapTestRun(f.run, {
        projectKey,
        baseUrl: client.baseUrl,
        tcID,
        version: f.suiteRun.releaseName ?? (releaseID ? scope?.releases.get(releaseID) : undefined) ?? (cycleID ? scope?.releaseOfCycle.get(cycleID) : undefined),
        cycle: f.suiteRun.cycleName ?? (cycleID ? scope?.cycles.get(cycleID) : undefined) ?? f.suite.name,
        environment: f.suiteRun.platformName ?? f.run.platformName ?? (p ? platforms.get(p) : undefined),
        defects: defects.byRun.get(f.run.tcRunID),
      }),
    );
  }
  // Reported only for the runs read: a run whose test case could not be named is left out with its defects.
  const read = new Set(items.map((i) => i.externalId));
  unreadable.push(...defects.unreadable.filter((u) => u.externalId === undefined || read.has(u.externalId)));
  return items;
}

/** The scope tree when a row lacks a name it holds; undefined (reported) when it cannot be read. */
async function scopeIfNeeded(lookups: ProjectLookups, projectKey: string, found: readonly FoundRun[], unreadable: UnreadableRecord[]) {
  const needed = found.some(({ suiteRun: s }) => (!s.cycleName && s.cycleID) || (!s.releaseName && (s.releaseID || s.cycleID)));
  if (!needed) return undefined;
  try {
    return await lookups.scope(projectKey);
  } catch (e) {
    if (!skippableLookupFailure(e)) throw e;
    unreadable.push({
      endpoint: post(P.scopeTree),
      field: e.details.field || '(answer)',
      message: `could not be read (${e.message}), so runs are read without their release, and with their suite's name for a cycle their row does not name`,
    });
    return undefined;
  }
}
