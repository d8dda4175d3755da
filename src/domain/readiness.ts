/**
 * Results by context and a requirement's readiness in one: the same rules for the issue panel, the
 * traceability page, the dashboard gadget and JQL.
 *
 * A context is where a run happened, as its tool names it: the version (release / fix version), the cycle
 * (qTest cycle, Xray Test Execution, QMetry cycle) and the environment (qTest environment, Xray test
 * environment, QMetry platform). Each test keeps the latest result of each context it ran in (bounded), so
 * "3.1 in production" survives long after the last ten runs were all of 3.2.
 *
 * Readiness of a requirement in a context, from the result of each covering test there (a test with no run
 * there counts as not run), worst first:
 * - UNCOVERED: no synced test covers it.
 * - FAIL: at least one covering test failed.
 * - BLOCKED: none failed, and at least one is blocked or an open defect is linked to the requirement (a bug not
 *   done yet blocks a release whatever its tests say).
 * - NOTRUN: none failed or is blocked, and none has passed yet (not run, in progress, or skipped only).
 * - PARTIAL: some passed, others are not run or in progress yet.
 * - PASS: every covering test passed (skipped tests do not count against it, but at least one passed).
 */
import type { CanonicalStatus } from './model';
import { latestResult, type ResultEntry } from './results';

export const READINESS = ['UNCOVERED', 'FAIL', 'BLOCKED', 'NOTRUN', 'PARTIAL', 'PASS'] as const;
export type Readiness = (typeof READINESS)[number];

/** Words for each readiness, as the page, the gadget and the panel say them. */
export const READINESS_LABELS: Record<Readiness, string> = {
  UNCOVERED: 'Uncovered',
  FAIL: 'Failing',
  BLOCKED: 'Blocked',
  NOTRUN: 'Not run',
  PARTIAL: 'Partly run',
  PASS: 'Passing',
};

/** Which runs count: each field, when given, must equal the run's. */
export interface ContextFilter {
  version?: string;
  cycle?: string;
  environment?: string;
}

/** How many contexts a test keeps (the most recently run ones): within Jira's property size with room to spare. */
export const CONTEXTS_MAX = 24;

const contextId = (e: Pick<ResultEntry, 'version' | 'cycle' | 'environment'>) => JSON.stringify([e.version ?? '', e.cycle ?? '', e.environment ?? '']);

function newer(a: ResultEntry, b: ResultEntry): boolean {
  const ta = a.executedAt ?? '';
  const tb = b.executedAt ?? '';
  return ta !== tb ? ta > tb : a.runId > b.runId;
}

/**
 * The latest executed result of each context (a run never executed counts only when its context has no executed
 * one), oldest → newest, the most recent CONTEXTS_MAX kept. A re-read run replaces its old entry.
 */
export function mergeContexts(contexts: ResultEntry[], entries: ResultEntry[]): ResultEntry[] {
  const byContext = new Map<string, ResultEntry>();
  const reread = new Set(entries.map((e) => e.runId));
  for (const e of [...contexts.filter((c) => !reread.has(c.runId)), ...entries]) {
    const id = contextId(e);
    const held = byContext.get(id);
    const executed = e.status !== 'NOT_RUN';
    const heldExecuted = held !== undefined && held.status !== 'NOT_RUN';
    if (!held || (executed && !heldExecuted) || (executed === heldExecuted && newer(e, held))) byContext.set(id, e);
  }
  return [...byContext.values()].sort((a, b) => (newer(a, b) ? 1 : newer(b, a) ? -1 : 0)).slice(-CONTEXTS_MAX);
}

export function matchesContext(entry: Pick<ResultEntry, 'version' | 'cycle' | 'environment'>, filter: ContextFilter): boolean {
  return (
    (filter.version === undefined || entry.version === filter.version) &&
    (filter.cycle === undefined || entry.cycle === filter.cycle) &&
    (filter.environment === undefined || entry.environment === filter.environment)
  );
}

export const isContextFilter = (filter: ContextFilter): boolean =>
  filter.version !== undefined || filter.cycle !== undefined || filter.environment !== undefined;

/** Worst first, for consolidating a test's latest results in several environments. */
const CONSOLIDATION_ORDER: CanonicalStatus[] = ['FAIL', 'BLOCKED', 'IN_PROGRESS', 'NOT_RUN', 'SKIP', 'PASS'];

/**
 * A test's result in a context, from its recent runs and the contexts it kept: its latest run there. With no
 * environment asked for, the latest run of each environment it ran in counts, and the worst of them is the
 * result (as Xray consolidates a test run in several test environments: PASS only when the latest run of every
 * environment passed; runs without an environment count as one more environment).
 */
export function resultIn(history: ResultEntry[], contexts: ResultEntry[] | undefined, filter: ContextFilter): ResultEntry | undefined {
  const byEnvironment = new Map<string, ResultEntry[]>();
  const seen = new Set<string>();
  for (const e of [...history, ...(contexts ?? [])]) {
    if (seen.has(e.runId) || !matchesContext(e, filter)) continue;
    seen.add(e.runId);
    const env = e.environment ?? '';
    byEnvironment.set(env, [...(byEnvironment.get(env) ?? []), e]);
  }
  const latest = [...byEnvironment.values()]
    .map((runs) => latestResult(runs.sort((a, b) => (newer(a, b) ? 1 : newer(b, a) ? -1 : 0))))
    .filter((e): e is ResultEntry => e !== undefined);
  let worst: ResultEntry | undefined;
  for (const e of latest) {
    const rank = CONSOLIDATION_ORDER.indexOf(e.status);
    const held = worst ? CONSOLIDATION_ORDER.indexOf(worst.status) : Infinity;
    if (rank < held || (rank === held && worst && newer(e, worst))) worst = e;
  }
  return worst;
}

/**
 * A requirement's readiness from the statuses of its covering tests in one context (NOT_RUN for a test with no run
 * there) and how many open defects are linked to it.
 */
export function readinessOf(statuses: CanonicalStatus[], openDefects = 0): Readiness {
  const has = (s: CanonicalStatus) => statuses.includes(s);
  if (has('FAIL')) return 'FAIL';
  if (has('BLOCKED') || openDefects > 0) return 'BLOCKED';
  if (statuses.length === 0) return 'UNCOVERED';
  if (!has('PASS')) return 'NOTRUN';
  if (has('NOT_RUN') || has('IN_PROGRESS')) return 'PARTIAL';
  return 'PASS';
}

/** Worst first: the order lists of requirements are shown in. */
export const READINESS_ORDER: Readiness[] = ['FAIL', 'BLOCKED', 'NOTRUN', 'PARTIAL', 'UNCOVERED', 'PASS'];

/** The worst of several readinesses (a requirement with two fix versions is as ready as its worst). */
export function worstReadiness(values: Readiness[]): Readiness | undefined {
  for (const r of READINESS_ORDER) if (values.includes(r)) return r;
  return undefined;
}

/** The statuses of a list of entries, for counting. */
export const statusesOf = (entries: (ResultEntry | undefined)[]): CanonicalStatus[] => entries.map((e) => e?.status ?? 'NOT_RUN');
