/**
 * Sync runs: what the history shows (counts, errors, warnings) and where an unfinished run resumes.
 */
import { z } from 'zod';
import { getRecord, listRecords, putRecord, deleteRecord } from '../config/store';
import type { RunSummary } from '../resolvers/contract';

/**
 * First, for the connection: retry the failed items that are due. Per mapping: cases, runs, then (at most
 * hourly) a look for cases deleted in the tool; then, for
 * the whole connection: re-count synced results when the status mapping changed, flush dirty properties,
 * coverage.
 */
const Phase = z.enum(['retry', 'cases', 'runs', 'deletions', 'remap', 'flush', 'coverage', 'done']);
export const FINISHED_STATES = ['succeeded', 'failed', 'partial', 'cancelled'] as const;

export const RunRecord = z.object({
  runId: z.string(),
  connectionId: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  dryRun: z.boolean(),
  state: z.enum(['queued', 'running', 'succeeded', 'failed', 'partial', 'cancelled']),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  durationMs: z.number().optional(),
  counts: z.object({
    created: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    linked: z.number(),
    failed: z.number(),
  }),
  planned: z.object({ create: z.array(z.string()), update: z.array(z.string()), link: z.array(z.string()) }).optional(),
  errors: z.array(z.object({ item: z.string().optional(), message: z.string() })),
  warnings: z.array(z.string()),
  waits: z.array(z.object({ at: z.string(), seconds: z.number(), reason: z.string() })).optional(),
  /** When a step last made progress; a run that stops progressing is resumed or ended by the scheduler. */
  heartbeatAt: z.string().optional(),
  /** When the next step is due (a continuation delayed by a rate limit). */
  resumeAt: z.string().optional(),
  /** How many times the scheduler resumed the run after it stopped progressing. */
  resumes: z.number().int().optional(),
  /** Consecutive steps that failed on a passing fault; the run ends when there are too many. */
  stepFailures: z.number().int().optional(),
  /** Consecutive steps that waited for a service's limit without progress. */
  stepWaits: z.number().int().optional(),
  cancelRequested: z.boolean().optional(),
  /** Where the run is: advanced by every processed page, so a duplicate or stale event is recognised. */
  cursor: z.object({
    step: z.number(),
    mappingIndex: z.number(),
    phase: Phase,
    pageCursor: z.string().optional(),
    /** Ids of the items of the current page already synced, so a page is resumed where it stopped. */
    doneInPage: z.array(z.string()).optional(),
    /** Requirements whose coverage this run could not write (their markers wait for the next run). */
    coverageSkipped: z.array(z.string()).optional(),
    /** High-water marks seen so far in this mapping, committed when its phase completes. */
    casesHigh: z.string().optional(),
    runsHigh: z.string().optional(),
    /** Ids of the mappings this run syncs, fixed when it starts. */
    mappings: z.array(z.string()),
  }),
});
export type RunRecord = z.infer<typeof RunRecord>;
export type RunPhase = z.infer<typeof Phase>;

/** Run ids sort newest first: the key starts with the inverted start time. */
export function newRunId(now: Date): string {
  const inverted = (9_999_999_999_999 - now.getTime()).toString().padStart(13, '0');
  return `${inverted}-${Math.random().toString(36).slice(2, 8)}`;
}

const key = (runId: string) => `run:${runId}`;
const MAX_ERRORS = 200;
const HISTORY_KEPT = 50;

export function getRun(runId: string) {
  return getRecord(key(runId), RunRecord);
}

export async function saveRun(run: RunRecord): Promise<void> {
  if (run.errors.length > MAX_ERRORS) {
    const dropped = run.errors.length - MAX_ERRORS;
    run.errors = [...run.errors.slice(0, MAX_ERRORS - 1), { message: `…and ${dropped + 1} more errors` }];
  }
  run.warnings = [...new Set(run.warnings)].slice(0, 50);

  await putRecord(key(run.runId), RunRecord, run);
}

/** Newest first. */
export async function listRuns(limit = 20): Promise<RunRecord[]> {
  return (await listRecords('run:', RunRecord, limit)).map((r) => r.value);
}

/** Keeps the newest runs and deletes the rest. */
export async function pruneRuns(): Promise<void> {
  const all = await listRecords('run:', RunRecord, HISTORY_KEPT + 40);
  for (const r of all.slice(HISTORY_KEPT)) await deleteRecord(r.key);
}

export function toSummary(run: RunRecord): RunSummary {
  const { cursor: _cursor, heartbeatAt: _h, resumeAt: _r, resumes: _n, stepFailures: _f, stepWaits: _w, ...summary } = run;
  return summary;
}

export const isFinished = (run: RunRecord) => (FINISHED_STATES as readonly string[]).includes(run.state);

/** Records a wait for a service's limit (kept short: the latest 20). */
export function recordWait(run: RunRecord, seconds: number, reason: string, now: Date): void {
  run.waits = [...(run.waits ?? []), { at: now.toISOString(), seconds, reason }].slice(-20);
}
