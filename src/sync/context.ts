/**
 * What a page processor works with: the run being recorded, the mapping it syncs, the tool connector, Jira,
 * and what it does with an item that could not be synced.
 */
import type { ConnectionRecord } from '../config/connections';
import type { MappingRecord } from '../config/mappings';
import type { SeenVersions, VersionMapping } from '../config/version-mappings';
import type { Connector } from '../connectors/types';
import type { StatusMapping } from '../domain/status';
import type { LinkType } from '../jira/links';
import { JiraError } from '../jira/client';
import { log } from '../platform/log';
import { StorageWaitPastDeadline } from '../platform/kv-pacing';
import { describeFailure } from './failure-causes';
import { recordPlanned } from './plan-store';
import { recordFailure, resolveFailures } from './failures';
import type { JiraPort } from './ports';
import type { RunRecord } from './run-store';

/** What the connection-level phases (retry bookkeeping, flush, re-map, coverage) work with. */
export interface ConnectionContext {
  run: RunRecord;
  connection: ConnectionRecord;
  connector: Connector;
  statusMapping: StatusMapping;
  /** The Jira version each tool version's runs count for (the admin's version mapping; others keep their name). */
  versionMapping: VersionMapping;
  /** The connection's tool versions seen in synced results, noted as runs are synced; absent when not noted (a dry run). */
  versionsSeen?: SeenVersions;
  jira: JiraPort;
  /** Resolved once per invocation, on first use. */
  linkType: () => Promise<LinkType>;
  /** The app's own Jira account, resolved once per invocation. */
  appAccountId: () => Promise<string>;
  now: () => Date;
  /**
   * Source keys of the connection's items in the failure queue, when known (loaded once per invocation), so a
   * page resolves only those; undefined means "ask storage".
   */
  knownFailures?: Set<string>;
  /** Items that failed during this invocation. */
  failedNow: Set<string>;
}

/** A page processor's context: the connection's, for one mapping. */
export interface SyncContext extends ConnectionContext {
  mapping: MappingRecord;
}

/** How many planned items of each kind the run record lists (for a glance); the whole plan is in the plan store. */
export const PLANNED_MAX = 100;
const PLANNED_COUNT = { create: 'created', update: 'updated', link: 'linked' } as const;

/**
 * Records what a dry run would do: counted, listed up to PLANNED_MAX in the run record, and kept in full in the
 * plan store (item n of a kind is the one counted n-th, so every invocation of the run writes to its own place).
 */
export function plan(ctx: ConnectionContext, kind: 'create' | 'update' | 'link', what: string): void {
  const planned = (ctx.run.planned ??= { create: [], update: [], link: [] });
  const position = ctx.run.counts[PLANNED_COUNT[kind]]++;
  if (planned[kind].length < PLANNED_MAX) planned[kind].push(what);
  recordPlanned(ctx.run.runId, kind, position, what);
}

/** The item an error concerns: enough to read it again from its tool. */
export interface FailedItem {
  sourceKey: string;
  projectId: string;
  externalId: string;
  displayId: string;
  name?: string;
  issueKey?: string;
}

/**
 * An item that did not reach Jira: counted and listed in the run, logged, and queued to be tried again
 * (so the checkpoint may move on without losing it). `notBefore` delays the next attempt; `noAttempt` marks a
 * wait that is not a failure (a create being confirmed).
 */
/**
 * A failure that pauses the whole run, which continues later from the unit's start: Jira's rate limit, or a wait
 * for the storage limit that would end past the invocation's budget. Never one item's failure.
 */
export function pausesRun(e: unknown): boolean {
  return (e instanceof JiraError && e.status === 429) || e instanceof StorageWaitPastDeadline;
}

export async function itemFailed(
  ctx: ConnectionContext,
  item: FailedItem,
  e: unknown,
  opts: { notBefore?: Date; noAttempt?: boolean } = {},
): Promise<void> {
  if (e instanceof StorageWaitPastDeadline) throw e;
  const { cause, fix } = describeFailure(e);
  ctx.failedNow.add(item.sourceKey);
  ctx.knownFailures?.add(item.sourceKey);
  if (opts.noAttempt) ctx.run.warnings.push(`${item.displayId}: ${cause}`);
  else {
    ctx.run.counts.failed++;
    ctx.run.errors.push({ item: item.displayId, message: cause });
    log.warn('item-failed', { run: ctx.run.runId, connection: ctx.connection.id, phase: ctx.run.cursor.phase, item: item.sourceKey }, e);
  }
  if (ctx.run.dryRun) return;
  const record = await recordFailure(
    { ...item, connectionId: ctx.connection.id, runId: ctx.run.runId, cause, fix, ...(opts.notBefore ? { notBefore: opts.notBefore } : {}), ...(opts.noAttempt ? { noAttempt: true } : {}) },
    ctx.now(),
  );
  if (record.state === 'parked' && !opts.noAttempt) {
    ctx.run.warnings.push(`${item.displayId} failed ${record.attempts} times and is parked: retry it from Failed items once the cause is fixed.`);
    log.error('item-parked', { run: ctx.run.runId, connection: ctx.connection.id, item: item.sourceKey, attempts: record.attempts }, e);
  }
}

/** Items that reached Jira leave the failure queue (unless they failed again in this invocation). */
export async function itemsSucceeded(ctx: ConnectionContext, sourceKeys: string[]): Promise<void> {
  if (ctx.run.dryRun) return;
  const done = sourceKeys.filter((sk) => !ctx.failedNow.has(sk) && (ctx.knownFailures?.has(sk) ?? true));
  if (done.length === 0) return;
  await resolveFailures(ctx.connection.id, done);
  for (const sk of done) ctx.knownFailures?.delete(sk);
}
