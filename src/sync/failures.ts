/**
 * Items that failed to reach Jira, kept as a queue per connection rather than holding the sync back: each
 * has its cause, a fix, a count of attempts and when it is tried next. After a budget of attempts an item is
 * parked until an admin retries it; a skipped item is left alone until it changes in the tool.
 */
import { z } from 'zod';
import { deleteMany, getMany, getRecord, listRecords, pageRecords, putMany, putRecord, storedRecord } from '../config/store';
import type { FailedItemView, FailedItemsView } from '../resolvers/contract';
import { safeKeyPart } from './keys';

/** Attempts before an item is parked. */
export const MAX_ATTEMPTS = 5;
/** Minutes to wait before attempt n+1 (the last value repeats). */
const BACKOFF_MINUTES = [1, 5, 15, 60];

const FailureShape = z.object({
  sourceKey: z.string(),
  connectionId: z.string(),
  /** The tool's project and id of the item, so the sync can read it again on its own. */
  projectId: z.string(),
  externalId: z.string(),
  displayId: z.string(),
  name: z.string().optional(),
  issueKey: z.string().optional(),
  cause: z.string(),
  fix: z.string(),
  attempts: z.number().int().min(0),
  firstFailedAt: z.string(),
  lastFailedAt: z.string(),
  nextAttemptAt: z.string(),
  state: z.enum(['retrying', 'parked', 'skipped']),
  /** The run that last failed it: a run that meets the item twice (a retry, then its page) counts one attempt. */
  lastRunId: z.string().optional(),
});
export type FailureRecord = z.infer<typeof FailureShape>;

export const FailureRecord = storedRecord('failed item', FailureShape, {
  unreadable: 'set-aside',
  repair: (raw) => mendedFailure(raw),
  consequence: { repaired: 'The item stays in Failed items and is tried again by the next sync.', setAside: 'It no longer names its item, which is synced again when it changes in its tool.' },
});

export interface FailureInput {
  sourceKey: string;
  connectionId: string;
  projectId: string;
  externalId: string;
  displayId: string;
  name?: string;
  issueKey?: string;
  cause: string;
  fix: string;
  /** Not before this time (e.g. an unconfirmed create's grace); else the backoff decides. */
  notBefore?: Date;
  /** Waiting for something that is not a failure (a create being confirmed): no attempt is counted. */
  noAttempt?: boolean;
  runId?: string;
}

const SET_ASIDE_FIX = 'Nothing to do: the sync reads the item again from its tool. If it keeps coming back here, send this message to support.';

/** A damaged failure record that still names its item: queued again, due now, with its attempts counted afresh. */
function mendedFailure(raw: unknown): FailureRecord | undefined {
  const r = (raw ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const [sourceKey, connectionId, projectId, externalId] = [text(r.sourceKey), text(r.connectionId), text(r.projectId), text(r.externalId)];
  if (!sourceKey || !connectionId || !projectId || !externalId) return undefined;
  const at = text(r.lastFailedAt) ?? text(r.firstFailedAt) ?? new Date(0).toISOString();
  return {
    sourceKey,
    connectionId,
    projectId,
    externalId,
    displayId: text(r.displayId) ?? externalId,
    ...(text(r.issueKey) ? { issueKey: text(r.issueKey) } : {}),
    cause: 'Its stored failure record could not be read; what it said about the failure is lost.',
    fix: SET_ASIDE_FIX,
    attempts: 0,
    firstFailedAt: text(r.firstFailedAt) ?? at,
    lastFailedAt: at,
    nextAttemptAt: at,
    state: 'retrying',
  };
}

/**
 * Queues an item to be read again from its tool by the next sync (its stored record was set aside): due at once,
 * with no attempt counted. Its source key says where it is (`tool:connection:project:id`).
 */
export async function queueReadAgain(sourceKey: string, item: { displayId?: string; issueKey?: string }, cause: string, now: Date): Promise<void> {
  const [, connectionId, projectId, ...id] = sourceKey.split(':');
  const externalId = id.join(':');
  if (!connectionId || !projectId || !externalId) return;
  await recordFailure(
    { sourceKey, connectionId, projectId, externalId, displayId: item.displayId ?? externalId, ...(item.issueKey ? { issueKey: item.issueKey } : {}), cause, fix: SET_ASIDE_FIX, notBefore: now, noAttempt: true },
    now,
  );
}

const prefix = (connectionId: string) => `failure:${safeKeyPart(connectionId)}:`;
const failureKey = (connectionId: string, sourceKey: string) => `${prefix(connectionId)}${safeKeyPart(sourceKey)}`;

/** Records (or updates) an item's failure; answers the stored record. */
export async function recordFailure(f: FailureInput, now: Date): Promise<FailureRecord> {
  const key = failureKey(f.connectionId, f.sourceKey);
  const previous = await getRecord(key, FailureRecord);
  const sameRun = !!f.runId && previous?.lastRunId === f.runId;
  const attempts = (previous?.attempts ?? 0) + (f.noAttempt || sameRun ? 0 : 1);
  const backoff = BACKOFF_MINUTES[Math.min(Math.max(attempts - 1, 0), BACKOFF_MINUTES.length - 1)] * 60_000;
  const next = f.notBefore ? f.notBefore.getTime() : now.getTime() + backoff;
  const state = previous?.state === 'skipped' ? 'skipped' : previous?.state === 'parked' || attempts >= MAX_ATTEMPTS ? 'parked' : 'retrying';
  const record: FailureRecord = {
    sourceKey: f.sourceKey,
    connectionId: f.connectionId,
    projectId: f.projectId,
    externalId: f.externalId,
    displayId: f.displayId,
    ...(f.name ? { name: f.name } : {}),
    ...(f.issueKey ?? previous?.issueKey ? { issueKey: f.issueKey ?? previous?.issueKey } : {}),
    cause: f.cause,
    fix: f.fix,
    attempts,
    firstFailedAt: previous?.firstFailedAt ?? now.toISOString(),
    lastFailedAt: now.toISOString(),
    nextAttemptAt: new Date(next).toISOString(),
    state,
    ...(f.runId ? { lastRunId: f.runId } : {}),
  };
  await putRecord(key, FailureRecord, record);
  return record;
}

/** The item reached Jira: it leaves the queue. */
export async function resolveFailures(connectionId: string, sourceKeys: string[]): Promise<void> {
  if (sourceKeys.length === 0) return;
  const keys = sourceKeys.map((sk) => failureKey(connectionId, sk));
  const present = await getMany(keys, FailureRecord);
  await deleteMany([...present.keys()]);
}

/** The failure records of these items, by source key. */
export async function loadFailures(connectionId: string, sourceKeys: string[]): Promise<Map<string, FailureRecord>> {
  const byKey = await getMany(sourceKeys.map((sk) => failureKey(connectionId, sk)), FailureRecord);
  return new Map([...byKey.values()].map((r) => [r.sourceKey, r]));
}

/**
 * Of these items, those an admin's decision or the attempt budget holds back (parked or skipped) and that
 * have not changed in the tool since: the sync leaves them alone.
 */
export async function heldBack(connectionId: string, items: { sourceKey: string; updatedAt: string }[]): Promise<Set<string>> {
  const records = await loadFailures(connectionId, items.map((i) => i.sourceKey));
  const held = new Set<string>();
  for (const i of items) {
    const r = records.get(i.sourceKey);
    if (r && r.state !== 'retrying' && i.updatedAt <= r.lastFailedAt) held.add(i.sourceKey);
  }
  return held;
}

/**
 * Up to `max` items due for another attempt. Walks the queue from its start (storage cursors are not kept
 * across invocations); items tried are rescheduled or resolved, so the next call finds the next ones. An
 * unreadable record is mended or set aside by the store.
 */
export async function dueFailures(
  connectionId: string,
  now: Date,
  max: number,
  wanted: (r: FailureRecord) => boolean = () => true,
): Promise<{ due: FailureRecord[] }> {
  const due: FailureRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await pageRecords(prefix(connectionId), FailureRecord, cursor);
    for (const r of page.records) if (r.value.state === 'retrying' && Date.parse(r.value.nextAttemptAt) <= now.getTime() && wanted(r.value)) due.push(r.value);
    cursor = page.nextCursor;
  } while (cursor && due.length < max);
  return { due: due.slice(0, max) };
}

const LISTED = 500;

export function failureView(r: FailureRecord): FailedItemView {
  return {
    sourceKey: r.sourceKey,
    displayId: r.displayId,
    ...(r.name ? { name: r.name } : {}),
    ...(r.issueKey ? { issueKey: r.issueKey } : {}),
    cause: r.cause,
    fix: r.fix,
    attempts: r.attempts,
    firstFailedAt: r.firstFailedAt,
    lastFailedAt: r.lastFailedAt,
    ...(r.state === 'retrying' ? { nextAttemptAt: r.nextAttemptAt } : {}),
    state: r.state,
  };
}

/** The connection's failed items for the admin page: parked first, then retrying, then skipped. */
export async function listFailures(connectionId: string): Promise<FailedItemsView> {
  const rows = await listRecords(prefix(connectionId), FailureRecord, LISTED + 1);
  const order = { parked: 0, retrying: 1, skipped: 2 } as const;
  const items = rows
    .map((r) => r.value)
    .sort((a, b) => order[a.state] - order[b.state] || b.lastFailedAt.localeCompare(a.lastFailedAt))
    .slice(0, LISTED);
  const counts = { retrying: 0, parked: 0, skipped: 0 };
  for (const r of rows) counts[r.value.state]++;
  return { connectionId, items: items.map(failureView), counts, truncated: rows.length > LISTED };
}

async function update(connectionId: string, sourceKeys: string[] | undefined, change: (r: FailureRecord) => FailureRecord): Promise<number> {
  const records = sourceKeys
    ? [...(await loadFailures(connectionId, sourceKeys)).values()]
    : (await listRecords(prefix(connectionId), FailureRecord, 10_000)).map((r) => r.value);
  await putMany(records.map((r) => ({ key: failureKey(connectionId, r.sourceKey), value: change(r) })), FailureRecord);
  return records.length;
}

/** Puts items back in the queue with a fresh budget of attempts, due now. Answers how many. */
export function retryFailures(connectionId: string, sourceKeys: string[] | undefined, now: Date): Promise<number> {
  return update(connectionId, sourceKeys, (r) => ({ ...r, state: 'retrying', attempts: 0, nextAttemptAt: now.toISOString() }));
}

/** Parks items: nothing the sync can do alone brings them in (an admin decides). Answers how many. */
export function parkFailures(connectionId: string, sourceKeys: string[]): Promise<number> {
  return update(connectionId, sourceKeys, (r) => ({ ...r, state: 'parked' }));
}

/** Stops retrying items until they change in the tool. Answers how many. */
export function skipFailures(connectionId: string, sourceKeys: string[]): Promise<number> {
  return update(connectionId, sourceKeys, (r) => ({ ...r, state: 'skipped' }));
}

/** Source keys of the connection's queued failures (at most `max`); undefined when there are more. */
export async function failureKeySet(connectionId: string, max = 2000): Promise<Set<string> | undefined> {
  const keys = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await pageRecords(prefix(connectionId), FailureRecord, cursor);
    // An unreadable record hides which item it is about: ask storage item by item instead.
    if (page.damaged.length > 0) return undefined;
    for (const r of page.records) keys.add(r.value.sourceKey);
    cursor = page.nextCursor;
  } while (cursor && keys.size <= max);
  return keys.size > max ? undefined : keys;
}
