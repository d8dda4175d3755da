/**
 * Keeps two runs from syncing one connection at once, and one event step from being processed twice.
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';

const LockRecord = z.object({ runId: z.string(), at: z.string() });

const lockKey = (connectionId: string) => `lock:${connectionId}`;
const claimKey = (runId: string, step: number) => `claim:${runId}:${step}`;

/** A lock outlives a crashed run by this long at most. */
const LOCK_TTL_MINUTES = 20;
/** Longer than the consumer's timeout, so a crashed step can be retried once its claim lapses. */
const CLAIM_TTL_MINUTES = 11;

/** A FAIL_IF_EXISTS write refused because the key is there (409 from the storage API). */
function isKeyExists(e: unknown): boolean {
  const err = e as { code?: string; responseDetails?: { status?: number }; message?: string };
  return err?.responseDetails?.status === 409 || err?.code === 'KEY_ALREADY_EXISTS' || /already exists/i.test(String(err?.message));
}

/**
 * Takes or renews the connection's lock for this run. Answers the run id holding it when another run does.
 */
export async function acquireConnectionLock(connectionId: string, runId: string): Promise<{ ok: true } | { ok: false; heldBy: string }> {
  const value = { runId, at: new Date().toISOString() };
  try {
    await kvs.set(lockKey(connectionId), value, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: LOCK_TTL_MINUTES, unit: 'MINUTES' } });
    return { ok: true };
  } catch (e) {
    if (!isKeyExists(e)) throw e;
  }
  const current = LockRecord.safeParse(await kvs.get(lockKey(connectionId)));
  if (current.success && current.data.runId !== runId) return { ok: false, heldBy: current.data.runId };
  // Ours (a continuation) or unreadable: renew it for this run.
  await kvs.set(lockKey(connectionId), value, { ttl: { value: LOCK_TTL_MINUTES, unit: 'MINUTES' } });
  return { ok: true };
}

export async function releaseConnectionLock(connectionId: string, runId: string): Promise<void> {
  const current = LockRecord.safeParse(await kvs.get(lockKey(connectionId)));
  if (current.success && current.data.runId === runId) await kvs.delete(lockKey(connectionId));
}

/** True for the first delivery of a step; false for a duplicate delivery of the same event. */
export async function claimStep(runId: string, step: number): Promise<boolean> {
  try {
    await kvs.set(claimKey(runId, step), { at: new Date().toISOString() }, {
      keyPolicy: 'FAIL_IF_EXISTS',
      ttl: { value: CLAIM_TTL_MINUTES, unit: 'MINUTES' },
    });
    return true;
  } catch (e) {
    if (isKeyExists(e)) return false;
    throw e;
  }
}
