/** Syncs and their history: starting one, what a run did, failed items, dry-run plans. */
import { z } from 'zod';
import type { Tool } from '../../domain/model';
import { id } from './fields';

export const SyncNowInput = z.object({ connectionId: id, dryRun: z.boolean().default(false) });

export const RunRef = z.object({ runId: id });

/** Items that failed to sync: `sourceKeys` names them; absent means every failed item of the connection. */
export const FailedItemsInput = z.object({
  connectionId: id,
  sourceKeys: z.array(z.string().min(1).max(400)).min(1, 'Choose at least one item').max(500, 'Choose at most 500 items').optional(),
});

export interface RunError {
  /** The external item, e.g. `TC-12`, or absent for a run-level error. */
  item?: string;
  message: string;
}

export interface RunSummary {
  runId: string;
  connectionId: string;
  trigger: 'schedule' | 'manual';
  dryRun: boolean;
  state: 'queued' | 'running' | 'succeeded' | 'failed' | 'partial' | 'cancelled';
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  /** What the run did; for a dry run, what a sync would do. */
  counts: { created: number; updated: number; unchanged: number; linked: number; failed: number };
  /** For dry runs: the first items of each kind that would be done (the counts hold the totals). */
  planned?: { create: string[]; update: string[]; link: string[] };
  errors: RunError[];
  warnings: string[];
  /** When the run waited for a service's rate limit or budget, and why. */
  waits?: { at: string; seconds: number; reason: string }[];
  /** Set while an admin's cancel is being carried out. */
  cancelRequested?: boolean;
  /** While the run is queued or running: the phase it is in. */
  phase?: RunPhase;
  /** While the run is queued or running: which of its mappings it is syncing (1-based) and how many it has. */
  progress?: { mapping: number; mappings: number };
}

/**
 * An item that failed to reach Jira. `retrying` items are tried again by the next syncs (from
 * `nextAttemptAt`); after a budget of attempts they are `parked` until an admin retries them; `skipped`
 * items are left alone until the item changes in the tool.
 */
export interface FailedItemView {
  sourceKey: string;
  /** The tool's id of the item, e.g. `TC-12`. */
  displayId: string;
  name?: string;
  /** The Jira issue, when one exists. */
  issueKey?: string;
  /** What went wrong, in words an admin can act on. */
  cause: string;
  /** What to do about it. */
  fix: string;
  attempts: number;
  firstFailedAt: string;
  lastFailedAt: string;
  nextAttemptAt?: string;
  state: 'retrying' | 'parked' | 'skipped';
  /** The item in its tool, when known. */
  toolUrl?: string;
}

export interface FailedItemsView {
  connectionId: string;
  items: FailedItemView[];
  counts: { retrying: number; parked: number; skipped: number };
  /** True when there are more failed items than listed. */
  truncated: boolean;
}

export const RUN_STATES = ['queued', 'running', 'succeeded', 'failed', 'partial', 'cancelled'] as const;
export type RunState = (typeof RUN_STATES)[number];

/** Where a run is: failed items due again, then per mapping cases, runs and deletions, then re-map, results and coverage. */
export const RUN_PHASES = ['retry', 'cases', 'runs', 'deletions', 'remap', 'flush', 'coverage', 'done'] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

export const HISTORY_TRIGGERS = ['schedule', 'manual', 'dryRun'] as const;
export const HISTORY_SORT_KEYS = ['started', 'duration', 'created', 'updated', 'linked', 'failed'] as const;
export type HistorySortKey = (typeof HISTORY_SORT_KEYS)[number];

export const HistoryQuery = z.object({
  connectionId: id.optional(),
  state: z.enum(RUN_STATES, { message: `State must be one of ${RUN_STATES.join(', ')}` }).optional(),
  /** `dryRun` picks dry runs; `manual` and `schedule` pick syncs started that way. */
  trigger: z.enum(HISTORY_TRIGGERS, { message: 'Trigger must be one of schedule, manual, dryRun' }).optional(),
  sortKey: z.enum(HISTORY_SORT_KEYS).default('started'),
  sortOrder: z.enum(['ASC', 'DESC']).default('DESC'),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});
export type HistoryQuery = z.input<typeof HistoryQuery>;

/** One run in the history table (its errors, warnings and waits are counted; the run's details list them). */
export interface HistoryRow {
  runId: string;
  connectionId: string;
  trigger: RunSummary['trigger'];
  dryRun: boolean;
  state: RunState;
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  counts: RunSummary['counts'];
  errorCount: number;
  warningCount: number;
  waitCount: number;
  /** The run-level error, when it failed. */
  cause?: string;
  phase?: RunPhase;
  cancelRequested?: boolean;
}

/** How long the history keeps runs. */
export interface HistoryRetention {
  /** Each connection's runs are kept this many days back from its latest run… */
  days: number;
  /** …and at most this many per connection… */
  perConnection: number;
  /** …of which at most this many runs that changed nothing. */
  quietKept: number;
}

export interface HistoryPage {
  rows: HistoryRow[];
  /** Runs that match the filter, on every page. */
  total: number;
  page: number;
  pageSize: number;
  retention: HistoryRetention;
}

export const RunsRef = z.object({ runIds: z.array(id).min(1, 'Name at least one run').max(50, 'Name at most 50 runs') });

export const PLAN_KINDS = ['create', 'update', 'link'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

export const PlanPageInput = z.object({
  runId: id,
  kind: z.enum(PLAN_KINDS, { message: 'Kind must be one of create, update, link' }),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(50),
});

/** A page of what a dry run would do, in the order it was planned. */
export interface PlanPage {
  runId: string;
  kind: PlanKind;
  /** Items of this kind in the whole plan. */
  total: number;
  offset: number;
  /** `item` is absent for an item the plan could not keep (its write was lost). */
  items: { position: number; item?: string }[];
}

/** What a run did: the run, its connection, and the items it left under Failed items. */
export interface RunDetailsView {
  run: RunSummary;
  connection?: { id: string; name: string; tool: Tool };
  /** Items whose last failure was in this run (parked or retrying), with links to Jira and the tool. */
  failedItems: FailedItemView[];
}
