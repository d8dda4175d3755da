/**
 * Run history from test logs: every execution of every run of a page of runs becomes one TestRun (mapping.ts).
 *
 * Why these endpoints: a page of runs comes from POST /search (object_type test-runs, filtered server-side on
 * `'Last Modified Date'`, which qTest stamps when a log is submitted, so incremental reads still work on modification
 * time); the logs of all the page's runs then come from POST /search with object_type test-logs, up to 999 per page
 * and 200 runs per query, so a page of 999 runs costs a handful of requests instead of one per run. The test-log
 * criteria `'Test Run Id' in (…)` is a guess (the Swagger documents the test-logs object type and its Execution
 * Start/End Date criteria, not a run criteria): when qTest answers it with HTTP 400, the connector falls back, for the
 * rest of its life, to each executed run's own log list (GET …/test-runs/{testRunId}/test-logs, documented, one
 * request per executed run).
 *
 * The tester is read from test step logs' `user_id` (mapping.ts testerOf) and named through the project's users,
 * fetched only when a log names one; a log whose status carries only an id is named through the execution statuses,
 * fetched only then. A log whose status cannot be named is reported unreadable; the rest of the page is kept.
 */
import type { TestRun, UnreadableRecord } from '../../domain/model';
import { ConnectorError } from '../types';
import type { QtestClient } from './client';
import { logStatus, mapRunWithoutLogs, mapTestLog, type RunContext } from './mapping';
import { searchTestLogsOfRuns, testLogsOfRun, type LocatedLog } from './queries';
import type { QtestTestRun } from './records';

export interface HistoryLookups {
  /** Status id → name. */
  statuses(): Promise<Map<number, string>>;
  /** User id → tester name. */
  users(): Promise<Map<number, string>>;
}

/** Whether test-log searches by run work on this site (false after qTest refused one). */
export interface LogReadMode {
  searchByRun: boolean;
}

async function logsOf(client: QtestClient, pid: string, runs: QtestTestRun[], pageSize: number, mode: LogReadMode) {
  if (runs.length === 0) return { logs: [] as LocatedLog[], unreadable: [] as UnreadableRecord[] };
  if (mode.searchByRun) {
    try {
      return await searchTestLogsOfRuns(client, pid, runs.map((r) => r.id), pageSize);
    } catch (e) {
      if (!(e instanceof ConnectorError && e.code === 'UNEXPECTED_RESPONSE' && e.details.status === 400)) throw e;
      mode.searchByRun = false;
    }
  }
  const out = { logs: [] as LocatedLog[], unreadable: [] as UnreadableRecord[] };
  // One request per run: only runs qTest says were executed (they carry a latest_test_log).
  for (const run of runs.filter((r) => r.latest_test_log)) {
    const one = await testLogsOfRun(client, pid, run.id, pageSize);
    out.logs.push(...one.logs);
    out.unreadable.push(...one.unreadable);
  }
  return out;
}

const namesUser = (l: LocatedLog) => (l.log.test_step_logs ?? []).some((s) => typeof (s as { user_id?: unknown } | null)?.user_id === 'number');

/** The history entries of a page of runs, oldest log first within each run. */
export async function runHistory(
  client: QtestClient,
  pid: string,
  runs: QtestTestRun[],
  opts: { pageSize: number; cycles: Map<string, string>; lookups: HistoryLookups; mode: LogReadMode },
): Promise<{ items: TestRun[]; unreadable: UnreadableRecord[] }> {
  const read = await logsOf(client, pid, runs, opts.pageSize, opts.mode);
  const [statuses, users] = await Promise.all([
    read.logs.some((l) => !l.log.status.name) ? opts.lookups.statuses() : new Map<number, string>(),
    read.logs.some(namesUser) ? opts.lookups.users() : new Map<number, string>(),
  ]);
  const ctx: RunContext = { projectId: pid, cycles: opts.cycles, users, statuses };
  const byRun = new Map<number, LocatedLog[]>();
  for (const l of read.logs) byRun.set(l.runId, [...(byRun.get(l.runId) ?? []), l]);

  const items: TestRun[] = [];
  const unreadable = [...read.unreadable];
  for (const run of runs) {
    const logs = [...new Map((byRun.get(run.id) ?? []).map((l) => [l.log.id, l])).values()].sort((a, b) => a.log.id - b.log.id);
    if (logs.length === 0) {
      items.push(mapRunWithoutLogs(run, ctx));
      continue;
    }
    for (const l of logs) {
      const status = logStatus(l.log, statuses);
      if (status) items.push(mapTestLog(run, l.log, status, ctx));
      else {
        unreadable.push({
          externalId: `${run.id}:${l.log.id}`,
          endpoint: l.endpoint,
          field: `${l.field}.status.id`,
          message: `is ${l.log.status.id}, which is not among the project's execution statuses`,
        });
      }
    }
  }
  return { items, unreadable };
}
