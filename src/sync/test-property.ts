/**
 * The entity property stored on each synced test issue: what the issue panel and JQL read.
 */
import { z } from 'zod';
import { CANONICAL_STATUSES, TOOLS, type TestCase } from '../domain/model';
import { isFlaky, latestResult, mergeHistory, type ResultEntry } from '../domain/results';
import { mergeContexts } from '../domain/readiness';
import { PROPERTY_MAX_CHARS } from '../jira/properties';

export const DELETED_IN_SOURCE = 'DELETED_IN_SOURCE';
/** The label a test issue gets when its case was deleted in the tool. */
export const DELETED_LABEL = 'testsync-deleted-in-source';
import { safeUrl } from '../domain/limits';

const Entry = z.object({
  runId: z.string(),
  status: z.enum(CANONICAL_STATUSES),
  rawStatus: z.string(),
  executedAt: z.string().optional(),
  version: z.string().optional(),
  toolVersion: z.string().optional(),
  cycle: z.string().optional(),
  environment: z.string().optional(),
  defects: z.array(z.string()).optional(),
});

export const TestProperty = z.object({
  sourceKey: z.string(),
  tool: z.enum(TOOLS),
  connectionId: z.string(),
  projectId: z.string(),
  externalId: z.string(),
  displayId: z.string(),
  name: z.string(),
  url: z.string(),
  /**
   * Latest canonical status (indexed: testsyncStatus), or DELETED_IN_SOURCE once the case was deleted in its
   * tool (the issue is kept, and no longer counts in coverage).
   */
  status: z.enum([...CANONICAL_STATUSES, DELETED_IN_SOURCE]),
  rawStatus: z.string().optional(),
  /** Time of the latest run (indexed: testsyncLastRun). */
  lastRunAt: z.string().optional(),
  cycle: z.string().optional(),
  flaky: z.boolean(),
  /** Requirement issue keys this test covers (indexed: testsyncCovers). */
  covers: z.array(z.string()),
  history: z.array(Entry),
  /**
   * The latest result of each context (version, cycle, environment) the test ran in, the most recent CONTEXTS_MAX
   * (absent in records of earlier releases: their history stands in).
   */
  contexts: z.array(Entry).optional(),
  steps: z.array(z.object({ index: z.number(), action: z.string(), data: z.string().optional(), expected: z.string() })),
  /** True when the steps were cut to fit Jira's property size limit. */
  stepsTruncated: z.boolean().optional(),
});
export type TestProperty = z.infer<typeof TestProperty>;

const clip = (s: string | undefined, n: number) => (s && s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function buildTestProperty(
  sourceKey: string,
  connectionId: string,
  tc: TestCase,
  history: ResultEntry[],
  covers: string[],
  contexts?: ResultEntry[],
): TestProperty {
  const latest = latestResult(history);
  const prop: TestProperty = {
    sourceKey,
    tool: tc.tool,
    connectionId,
    projectId: tc.projectId,
    externalId: tc.externalId,
    displayId: tc.displayId,
    name: clip(tc.name, 255) ?? '',
    // Only an http(s) link is kept: the panel makes it clickable.
    url: safeUrl(tc.url) ?? '',
    status: latest?.status ?? 'NOT_RUN',
    ...(latest ? { rawStatus: latest.rawStatus } : {}),
    ...(latest?.executedAt ? { lastRunAt: latest.executedAt } : {}),
    ...(latest?.cycle ? { cycle: latest.cycle } : {}),
    flaky: isFlaky(history),
    covers: [...covers].sort(),
    history,
    ...(contexts ? { contexts } : {}),
    steps: tc.steps.map((s) => ({
      index: s.index,
      action: clip(s.action, 1000) ?? '',
      ...(s.data ? { data: clip(s.data, 500) } : {}),
      expected: clip(s.expected, 1000) ?? '',
    })),
  };
  // Keep within Jira's property size: drop trailing steps first (as many as needed, found by halving); history
  // and identity always stay.
  const fits = (n: number) => JSON.stringify({ ...prop, steps: prop.steps.slice(0, n), stepsTruncated: true }).length <= PROPERTY_MAX_CHARS;
  if (JSON.stringify(prop).length > PROPERTY_MAX_CHARS) {
    let lo = 0;
    let hi = prop.steps.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(mid)) lo = mid;
      else hi = mid - 1;
    }
    prop.steps = prop.steps.slice(0, lo);
    prop.stepsTruncated = true;
  }
  return prop;
}

/** The same property with new runs merged into its history and contexts (runs synced without a change to the case). */
export function withRuns(prop: TestProperty, entries: ResultEntry[]): TestProperty {
  return withHistory({ ...prop, contexts: mergeContexts(prop.contexts ?? prop.history, entries) }, mergeHistory(prop.history, entries));
}

/** The same property with a new run history. */
export function withHistory(prop: TestProperty, history: ResultEntry[]): TestProperty {
  const latest = latestResult(history);
  const next: TestProperty = { ...prop, history, flaky: isFlaky(history), status: latest?.status ?? 'NOT_RUN' };
  delete next.rawStatus;
  delete next.lastRunAt;
  delete next.cycle;
  if (latest) next.rawStatus = latest.rawStatus;
  if (latest?.executedAt) next.lastRunAt = latest.executedAt;
  if (latest?.cycle) next.cycle = latest.cycle;
  return next;
}
