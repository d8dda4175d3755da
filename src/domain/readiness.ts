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
 * - BLOCKED: none failed, and at least one is blocked or an open defect blocks the requirement: a Bug linked to it in
 *   Jira, or linked in a test tool to the latest run there of a test covering it (a bug not done yet blocks a release
 *   whatever its tests say).
 * - NOTRUN: none failed or is blocked, and none has passed yet (not run, in progress, or skipped only).
 * - PARTIAL: some passed, others are not run or in progress yet.
 * - PASS: every covering test passed (skipped tests do not count against it, but at least one passed).
 */
import { TOOL_LABELS, type CanonicalStatus, type Tool } from './model';
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

const byTime = (a: ResultEntry, b: ResultEntry) => (newer(a, b) ? 1 : newer(b, a) ? -1 : 0);

/** The latest run of each environment among the runs in the context (each run once, however often it is kept). */
function latestByEnvironment(history: ResultEntry[], contexts: ResultEntry[] | undefined, filter: ContextFilter): ResultEntry[] {
  const byEnvironment = new Map<string, ResultEntry[]>();
  const seen = new Set<string>();
  for (const e of [...history, ...(contexts ?? [])]) {
    if (seen.has(e.runId) || !matchesContext(e, filter)) continue;
    seen.add(e.runId);
    const env = e.environment ?? '';
    byEnvironment.set(env, [...(byEnvironment.get(env) ?? []), e]);
  }
  return [...byEnvironment.values()].map((runs) => latestResult(runs.sort(byTime))).filter((e): e is ResultEntry => e !== undefined);
}

/**
 * A test's result in a context, from its recent runs and the contexts it kept: its latest run there. With no
 * environment asked for, the latest run of each environment it ran in counts, and the worst of them is the
 * result (as Xray consolidates a test run in several test environments: PASS only when the latest run of every
 * environment passed; runs without an environment count as one more environment).
 */
export function resultIn(history: ResultEntry[], contexts: ResultEntry[] | undefined, filter: ContextFilter): ResultEntry | undefined {
  const latest = latestByEnvironment(history, contexts, filter);
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

/**
 * The defects a test's tool links to its latest run in a context (Jira issue keys, or Xray's issue ids), each once:
 * the runs its result there is counted from (see resultIn) — with no environment asked for, the latest run of each
 * environment, as a defect found on staging blocks the version too. Without a context (version, cycle or
 * environment), its latest run, as its latest result is.
 */
export function defectsIn(history: ResultEntry[], contexts: ResultEntry[] | undefined, filter: ContextFilter = {}): string[] {
  let runs: ResultEntry[];
  if (isContextFilter(filter)) runs = latestByEnvironment(history, contexts, filter);
  else {
    const all = new Map<string, ResultEntry>();
    for (const e of [...history, ...(contexts ?? [])]) if (!all.has(e.runId)) all.set(e.runId, e);
    const latest = latestResult([...all.values()].sort(byTime));
    runs = latest ? [latest] : [];
  }
  return [...new Set(runs.flatMap((r) => r.defects ?? []))].sort();
}

/** Where a requirement's defect is linked: to the requirement in Jira, or in a test tool to a covering test's latest run. */
export type DefectLink = { in: 'jira' } | { in: Tool; test: string };

/** A defect of a requirement as a viewer sees it: the issue as Jira names it now, and where it is linked. */
export interface RequirementDefect {
  key: string;
  summary: string;
  /** The workflow status in Jira. */
  status: string;
  /** Not in Jira's done status category: it blocks the requirement. */
  open: boolean;
  /** Every place it is linked (at least one). */
  links: DefectLink[];
}

/** "linked in Jira", "linked in qTest to SHOP-101's run". */
export function defectLinkWords(link: DefectLink): string {
  return link.in === 'jira' ? 'linked in Jira' : `linked in ${TOOL_LABELS[link.in]} to ${link.test}'s run`;
}

/** "linked in Jira and in qTest to SHOP-101's run": every place a defect is linked, in one phrase. */
export function defectLinksWords(links: DefectLink[]): string {
  const words = links.map((l, i) => (i === 0 ? defectLinkWords(l) : defectLinkWords(l).replace(/^linked /, '')));
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

const sameLink = (a: DefectLink, b: DefectLink) => a.in === b.in && (a.in === 'jira' || (b.in !== 'jira' && a.test === b.test));
const linkOrder = (a: DefectLink, b: DefectLink) => (a.in === 'jira' ? -1 : b.in === 'jira' ? 1 : a.in.localeCompare(b.in) || a.test.localeCompare(b.test, 'en', { numeric: true }));

/** A requirement's defects, each once by issue key with every place it is linked, by key. */
export function mergeDefects(defects: RequirementDefect[]): RequirementDefect[] {
  const byKey = new Map<string, RequirementDefect>();
  for (const d of defects) {
    const held = byKey.get(d.key);
    if (!held) byKey.set(d.key, { ...d, links: [...d.links] });
    else for (const link of d.links) if (!held.links.some((l) => sameLink(l, link))) held.links.push(link);
  }
  return [...byKey.values()]
    .map((d) => ({ ...d, links: d.links.sort(linkOrder) }))
    .sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));
}
