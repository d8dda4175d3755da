/**
 * Keeps two runs from syncing one connection at once (the active-run lock, taken when a run starts and renewed
 * by each of its steps), and one event step from being processed twice (step claims).
 */
import { z } from 'zod';
import { listRecords, readStored, storedRecord } from '../config/store';
import { kv } from '../platform/kv';

/** An unreadable lock is left to expire: a run that finds one takes the lock over. */
const ActiveRun = storedRecord('run lock', z.object({ runId: z.string(), at: z.string() }), { unreadable: 'skip' });

const activeKey = (connectionId: string) => `active:${connectionId}`;
const claimKey = (runId: string, step: number) => `claim:${runId}:${step}`;

/** The lock lapses on its own this long after the last step renewed it (a run whose process died). */
const ACTIVE_TTL_SECONDS = 30 * 60;
const CLAIM_TTL_SECONDS = 30 * 60;

/** How long a step may run before another delivery of it may take over: the consumer's timeout, and a minute. */
export function stepTimeoutMs(): number {
  const raw = Number(process.env.TESTSYNC_STEP_TIMEOUT_SECONDS);
  return (Number.isFinite(raw) && raw > 0 ? raw : 660) * 1000;
}

/** Takes the connection's lock for a run; answers the run holding it when another does. */
export async function takeActiveLock(connectionId: string, runId: string, now: Date): Promise<{ ok: true } | { ok: false; heldBy: string }> {
  const value = { runId, at: now.toISOString() };
  if (await kv().set(activeKey(connectionId), value, { ifAbsent: true, ttlSeconds: ACTIVE_TTL_SECONDS })) return { ok: true };
  const current = await readStored(activeKey(connectionId), ActiveRun, await kv().get(activeKey(connectionId)));
  if (current && current.runId !== runId) return { ok: false, heldBy: current.runId };
  await kv().set(activeKey(connectionId), value, { ttlSeconds: ACTIVE_TTL_SECONDS });
  return { ok: true };
}

/** The runs under way, one per connection holding its lock. */
export async function activeRuns(): Promise<{ connectionId: string; runId: string }[]> {
  return (await listRecords('active:', ActiveRun)).map((r) => ({ connectionId: r.key.slice('active:'.length), runId: r.value.runId }));
}

/**
 * A run's storage use stays in the installation's minute after the run ends: for that long it still counts among the
 * runs sharing the quota, so the runs still going do not take its share while its last minute is spent.
 */
const ENDED_RUN_COUNTS_MS = 60_000;
const EndedRun = storedRecord('ended run', z.object({ until: z.string() }), { unreadable: 'skip' });
const endedKey = (runId: string) => `ended-run:${runId}`;

/** Records that a run has just ended (see ENDED_RUN_COUNTS_MS); gone on its own after that. */
export async function noteRunEnded(runId: string, now: Date): Promise<void> {
  const until = new Date(now.getTime() + ENDED_RUN_COUNTS_MS).toISOString();
  await kv().set(endedKey(runId), { until }, { ttlSeconds: (2 * ENDED_RUN_COUNTS_MS) / 1000 });
}

/**
 * How many runs share the installation's storage quota now: the runs under way (one per connection holding its
 * lock) and the runs that ended within the last minute.
 */
export async function countActiveRuns(now: Date): Promise<number> {
  const ended = (await listRecords('ended-run:', EndedRun)).filter((r) => Date.parse(r.value.until) > now.getTime());
  return (await activeRuns()).length + ended.length;
}

/** The run holding the connection's lock, if any. */
export async function activeRunOf(connectionId: string): Promise<string | undefined> {
  return (await readStored(activeKey(connectionId), ActiveRun, await kv().get(activeKey(connectionId))))?.runId;
}

/** Renews the lock for the run that holds it (each step). */
export async function renewActiveLock(connectionId: string, runId: string, now: Date): Promise<void> {
  await kv().set(activeKey(connectionId), { runId, at: now.toISOString() }, { ttlSeconds: ACTIVE_TTL_SECONDS });
}

export async function releaseActiveLock(connectionId: string, runId: string): Promise<void> {
  const current = await readStored(activeKey(connectionId), ActiveRun, await kv().get(activeKey(connectionId)));
  if (current?.runId === runId) await kv().delete(activeKey(connectionId));
}

const Claim = storedRecord('step claim', z.object({ at: z.string() }), { unreadable: 'skip' });

/**
 * True for the first delivery of a step, and for a later delivery once the first one must have died (it has
 * outlived the consumer's timeout); false for a duplicate of a step that is being or was processed.
 */
export async function claimStep(runId: string, step: number, now: Date): Promise<boolean> {
  const value = { at: now.toISOString() };
  if (await kv().set(claimKey(runId, step), value, { ifAbsent: true, ttlSeconds: CLAIM_TTL_SECONDS })) return true;
  const current = await readStored(claimKey(runId, step), Claim, await kv().get(claimKey(runId, step)));
  if (current && now.getTime() - Date.parse(current.at) < stepTimeoutMs()) return false;
  await kv().set(claimKey(runId, step), value, { ttlSeconds: CLAIM_TTL_SECONDS });
  return true;
}

/** Gives a step back (its processing failed before it could schedule what comes next), so a redelivery runs it. */
export async function releaseClaim(runId: string, step: number): Promise<void> {
  await kv().delete(claimKey(runId, step));
}
