/**
 * Test results: merging runs into a per-test history, the latest result, flakiness and coverage counts.
 */
import { CANONICAL_STATUSES, type CanonicalStatus } from './model';

export interface ResultEntry {
  runId: string;
  status: CanonicalStatus;
  rawStatus: string;
  executedAt?: string;
  /** The Jira version the run counts for: the tool's version after the connection's version mapping (see readiness.ts). */
  version?: string;
  /** The tool's own name of the version, kept when the mapping counts it for another, so a later mapping is applied to it. */
  toolVersion?: string;
  cycle?: string;
  environment?: string;
  /** Jira issues the tool links to the run as its defects (keys, or Xray's issue ids): see TestRun.defects. */
  defects?: string[];
}

/** How many recent runs are kept per test. */
export const HISTORY_LENGTH = 10;

function byTime(a: ResultEntry, b: ResultEntry): number {
  const ta = a.executedAt ?? '';
  const tb = b.executedAt ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0;
}

/**
 * Merges new runs into a history (oldest → newest), one entry per run id (a re-read run replaces its old
 * entry), keeping the last HISTORY_LENGTH.
 */
export function mergeHistory(history: ResultEntry[], runs: ResultEntry[]): ResultEntry[] {
  const byId = new Map(history.map((e) => [e.runId, e]));
  for (const run of runs) byId.set(run.runId, run);
  // An execution of a run (`<run>:<execution>`, e.g. a qTest test log) supersedes the run's own entry: the
  // placeholder of a run not executed yet, or an entry stored before executions were read one by one.
  const runsWithExecutions = new Set([...byId.keys()].filter((id) => id.includes(':')).map((id) => id.slice(0, id.indexOf(':'))));
  for (const id of runsWithExecutions) byId.delete(id);
  return [...byId.values()].sort(byTime).slice(-HISTORY_LENGTH);
}

/** The latest executed result, ignoring runs never executed when an executed one exists. */
export function latestResult(history: ResultEntry[]): ResultEntry | undefined {
  const executed = history.filter((e) => e.status !== 'NOT_RUN');
  const pool = executed.length > 0 ? executed : history;
  return pool.length > 0 ? pool[pool.length - 1] : undefined;
}

/** A test is flaky when, among its recent executed runs, the result flipped between PASS and FAIL twice or more. */
export function isFlaky(history: ResultEntry[]): boolean {
  const outcomes = history.map((e) => e.status).filter((s) => s === 'PASS' || s === 'FAIL');
  let flips = 0;
  for (let i = 1; i < outcomes.length; i++) if (outcomes[i] !== outcomes[i - 1]) flips++;
  return flips >= 2;
}

export function emptyCounts(): Record<CanonicalStatus, number> {
  return Object.fromEntries(CANONICAL_STATUSES.map((s) => [s, 0])) as Record<CanonicalStatus, number>;
}

/** Counts covering tests by their latest status. */
export function coverageCounts(statuses: CanonicalStatus[]): Record<CanonicalStatus, number> {
  const counts = emptyCounts();
  for (const s of statuses) counts[s]++;
  return counts;
}

/** One word for a requirement's coverage, worst first: FAIL, BLOCKED, IN_PROGRESS, NOT_RUN, PASS, or NONE. */
export function coverageStatus(counts: Record<CanonicalStatus, number>): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (total === 0) return 'NONE';
  for (const s of ['FAIL', 'BLOCKED', 'IN_PROGRESS', 'NOT_RUN'] as const) if (counts[s] > 0) return s;
  return counts.PASS > 0 ? 'PASS' : 'SKIP';
}
