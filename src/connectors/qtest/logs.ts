/**
 * Run history from test logs: every execution of every run of a page of runs becomes one TestRun (mapping.ts).
 *
 * Why these endpoints: a page of runs comes from POST /search (object_type test-runs, filtered server-side on
 * `'Last Modified Date'`, which qTest stamps when a log is submitted, so incremental reads still work on modification
 * time); the logs of all the page's runs then come from POST /search with object_type test-logs and one Data Query
 * naming every run of the page (the body is JSON, so the query is not bound by a URL's length), 999 logs a page: a
 * page of 999 runs with one log each costs one request. The criteria `'Test Run Id' in (…)` is a guess (the Swagger
 * documents the test-logs object type and its Execution Start/End Date criteria, not a run criteria): when qTest
 * answers it with HTTP 400, the connector falls back, for the rest of its life, to each executed run's own log list
 * (GET …/test-runs/{testRunId}/test-logs, documented, one request per executed run). The documented criteria cannot
 * stand in for it: a log entered after the fact has an execution date older than the run's modification time, so a
 * search by execution date would miss it on an incremental read.
 *
 * A first read of several pages of runs wants every log of the project: it reads them ahead on its first page, by the
 * documented criteria `'Execution Start Date'` (every log has one), 999 a request whatever page of runs each belongs
 * to, and keeps them by run for the other pages (lookups.ts; in the RunCache as `keptLogs`). A run whose latest log is
 * not among them (executed since) has its logs read by run on its page.
 *
 * The tester is read from test step logs' `user_id` (mapping.ts testerOf) and named through the project's users,
 * fetched only when a log names one; a log whose status carries only an id is named through the execution statuses,
 * fetched only then. A log whose status cannot be named is reported unreadable; the rest of the page is kept.
 */
import type { TestRun, UnreadableRecord } from '../../domain/model';
import { z } from 'zod';
import { defectRefs } from '../defects';
import { ConnectorError, type ReadOptions } from '../types';
import type { QtestClient } from './client';
import type { Codec, Kept } from './lookups';
import { logStatus, mapRunWithoutLogs, mapTestLog, type RunContext } from './mapping';
import { searchProjectLogs, searchTestLogsOfRuns, testLogsOfRun, type LocatedLog } from './queries';
import { LinkedDefectResourceSchema, type QtestTestRun } from './records';
import type { PlaceKey, RunPlace } from './trees';

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

/** qTest refused a Data Query (HTTP 400): a criteria it does not know. */
export const refusedQuery = (e: unknown) => e instanceof ConnectorError && e.code === 'UNEXPECTED_RESPONSE' && e.details.status === 400;

async function logsOf(client: QtestClient, pid: string, runs: QtestTestRun[], pageSize: number, mode: LogReadMode) {
  if (runs.length === 0) return { logs: [] as LocatedLog[], unreadable: [] as UnreadableRecord[] };
  if (mode.searchByRun) {
    try {
      return await searchTestLogsOfRuns(client, pid, runs.map((r) => r.id), pageSize);
    } catch (e) {
      if (!refusedQuery(e)) throw e;
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

/** Logs by run id, read ahead for the pages of a read that follow. */
export type LogsByRun = Map<number, LocatedLog[]>;

/**
 * Every test log of the project, by run: what a first read of several pages of runs reads on its first page, in pages
 * of 999 logs whatever page of runs each belongs to (queries.ts searchProjectLogs), instead of a search per page of runs
 * that ends on a part page each time.
 */
export async function readProjectLogs(client: QtestClient, pid: string, pageSize: number): Promise<Kept<LogsByRun>> {
  const read = await searchProjectLogs(client, pid, pageSize);
  const value: LogsByRun = new Map();
  for (const l of read.logs) value.set(l.runId, [...(value.get(l.runId) ?? []), l]);
  return { value, unreadable: read.unreadable };
}

const SEARCH = 'POST /api/v3/projects/{projectId}/search';
const userIds = (l: LocatedLog) => [
  ...new Set((l.log.test_step_logs ?? []).map((s) => (s as { user_id?: unknown } | null)?.user_id).filter((u): u is number => typeof u === 'number')),
];
const int = z.number().int();
const str = z.string().nullable();
/** A defect of a kept log: its external (Jira) id and qTest's pid, as LinkedDefectResource has them. */
type KeptDefect = [string | null, string | null];
type KeptLog = [number, number, number | null, string | null, string | null, string | null, number[], string, KeptDefect[]?];

const keptDefects = (l: LocatedLog): KeptDefect[] =>
  (l.log.defects ?? []).map((d) => {
    const parsed = LinkedDefectResourceSchema.safeParse(d);
    return parsed.success ? [parsed.data.external_defect_id ?? null, parsed.data.pid ?? null] : [null, null];
  });

/**
 * The project's logs as kept in the RunCache: per log its id, run, status id and name, execution start and end, the
 * users its step logs name (in order, each once: the tester is the first the project knows), where it was read and
 * its defects (absent in what a connector of an earlier release kept: read as none).
 */
export const keptLogs: Codec<LogsByRun, { logs: KeptLog[] }> = {
  schema: z.object({
    logs: z.array(z.tuple([int, int, int.nullable(), str, str, str, z.array(int), z.string(), z.array(z.tuple([str, str])).optional()])),
  }),
  encode: (byRun) => ({
    logs: [...byRun.values()].flat().map((l): KeptLog => {
      const { id, status, exe_start_date: start, exe_end_date: end } = l.log;
      const defects = keptDefects(l);
      return [id, l.runId, status.id ?? null, status.name ?? null, start ?? null, end ?? null, userIds(l), l.field, ...(defects.length ? [defects] : [])] as KeptLog;
    }),
  }),
  decode: ({ logs }) => {
    const byRun: LogsByRun = new Map();
    for (const [id, runId, statusId, statusName, start, end, users, field, defects] of logs) {
      const log = {
        id,
        test_run_id: runId,
        status: { id: statusId, name: statusName },
        exe_start_date: start,
        exe_end_date: end,
        test_step_logs: users.map((u) => ({ user_id: u })),
        ...(defects?.length ? { defects: defects.map(([external, pid]) => ({ external_defect_id: external, pid })) } : {}),
      };
      byRun.set(runId, [...(byRun.get(runId) ?? []), { log, runId, endpoint: SEARCH, field }]);
    }
    return byRun;
  },
};

/**
 * The logs of a page of runs from those read ahead; a run whose latest log is not among them (executed after they were
 * read, or missed by them) has its logs read by run.
 */
async function logsFrom(ahead: LogsByRun, client: QtestClient, pid: string, runs: QtestTestRun[], pageSize: number, mode: LogReadMode) {
  const logs: LocatedLog[] = [];
  const behind: QtestTestRun[] = [];
  for (const run of runs) {
    const own = ahead.get(run.id) ?? [];
    const latest = run.latest_test_log?.id;
    if (latest != null && !own.some((l) => l.log.id === latest)) behind.push(run);
    else logs.push(...own);
  }
  const more = await logsOf(client, pid, behind, pageSize, mode);
  return { logs: [...logs, ...more.logs], unreadable: more.unreadable };
}

const NO_NAMES: RunContext = { projectId: '', places: new Map(), users: new Map(), statuses: new Map() };

/**
 * Whether the sync already holds a run as it is now, so its logs need not be read: the entry its latest execution maps
 * to (its only entry when never executed), with that entry's time, is `known`. Every entry of a run shares the run's
 * modification time, so a known latest entry means the run has not changed since the sync read all of it. A run whose
 * latest log has no id cannot be matched to its entries and is always read.
 */
export function runKnown(run: QtestTestRun, known: ReadOptions['known']): boolean {
  if (!known || (run.latest_test_log && run.latest_test_log.id == null)) return false;
  const head = mapRunWithoutLogs(run, NO_NAMES);
  return known(head.externalId, head.updatedAt ?? head.executedAt);
}

/**
 * The Jira issues among a log's defects (TestLogResource.defects, LinkedDefectResource): each one's
 * `external_defect_id`, the issue key qTest's Jira integration keeps; a defect with none is qTest's own, left out and
 * said so, as is one whose external id is not a Jira issue key.
 */
export function logDefects(l: LocatedLog, externalId: string): { refs: string[]; dropped: UnreadableRecord[] } {
  const raw = l.log.defects ?? [];
  const dropped: UnreadableRecord[] = [];
  const external: { at: number; value: string }[] = [];
  raw.forEach((d, i) => {
    const parsed = LinkedDefectResourceSchema.safeParse(d);
    const value = parsed.success ? parsed.data.external_defect_id : undefined;
    if (value) return void external.push({ at: i, value });
    const own = parsed.success ? (parsed.data.pid ?? parsed.data.id ?? undefined) : undefined;
    dropped.push({
      externalId,
      endpoint: l.endpoint,
      field: `${l.field}.defects[${i}]${parsed.success ? '.external_defect_id' : ''}`,
      message: own !== undefined ? `is missing: qTest defect ${own} is linked to no Jira issue, so it is left out` : 'is not a linked defect qTest describes (LinkedDefectResource): left out',
    });
  });
  const read = defectRefs(
    external.map((e) => e.value),
    ['key'],
    { externalId, endpoint: l.endpoint, field: `${l.field}.defects`, tool: 'qTest', fieldOf: (i) => `${l.field}.defects[${external[i].at}].external_defect_id` },
  );
  return { refs: read.refs, dropped: [...dropped, ...read.dropped] };
}

const namesUser = (l: LocatedLog) => (l.log.test_step_logs ?? []).some((s) => typeof (s as { user_id?: unknown } | null)?.user_id === 'number');

/** The history entries of a page of runs, oldest log first within each run. */
export async function runHistory(
  client: QtestClient,
  pid: string,
  runs: QtestTestRun[],
  opts: { pageSize: number; places: Map<PlaceKey, RunPlace>; lookups: HistoryLookups; mode: LogReadMode; ahead?: LogsByRun },
): Promise<{ items: TestRun[]; unreadable: UnreadableRecord[] }> {
  const read = opts.ahead
    ? await logsFrom(opts.ahead, client, pid, runs, opts.pageSize, opts.mode)
    : await logsOf(client, pid, runs, opts.pageSize, opts.mode);
  const [statuses, users] = await Promise.all([
    read.logs.some((l) => !l.log.status.name) ? opts.lookups.statuses() : new Map<number, string>(),
    read.logs.some(namesUser) ? opts.lookups.users() : new Map<number, string>(),
  ]);
  const ctx: RunContext = { projectId: pid, places: opts.places, users, statuses };
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
      if (status) {
        const defects = logDefects(l, `${run.id}:${l.log.id}`);
        unreadable.push(...defects.dropped);
        items.push(mapTestLog(run, l.log, status, ctx, defects.refs));
      } else {
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
