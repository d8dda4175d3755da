/**
 * Runs that need a hand: an admin's cancel, and the scheduler's check for runs that stopped progressing (their
 * process died, an event was lost) — resumed from their saved cursor a few times, then ended with the cause.
 */
import { listConnections } from '../config/connections';
import { log } from '../platform/log';
import { finishRun } from './engine';
import { forgeQueue } from './forge-ports';
import { activeRunOf, releaseActiveLock, renewActiveLock, stepTimeoutMs } from './lock';
import type { QueuePort } from './ports';
import { getRun, isFinished, listRuns, saveRun, type RunRecord } from './run-store';

/** Times a stalled run is resumed before it is ended. */
export const MAX_RESUMES = 3;
/** A run asked to cancel whose step shows no progress for this long is ended without waiting for it. */
const CANCEL_WAIT_MS = 2 * 60_000;
/** The newest runs the scheduler looks at for stalled ones (older ones were ended long ago). */
const HISTORY_LOOKED_AT = 200;

/** When the run last showed it is alive (or is due to continue). */
function lastSignOfLife(run: RunRecord): number {
  return Math.max(Date.parse(run.heartbeatAt ?? run.startedAt), run.resumeAt ? Date.parse(run.resumeAt) : 0);
}

/** A run that should have made progress by now and has not: its step died, or its event was lost. */
export function isStalled(run: RunRecord, now: Date): boolean {
  return !isFinished(run) && now.getTime() - lastSignOfLife(run) > stepTimeoutMs();
}

export async function cancelRun(runId: string, now = new Date()): Promise<{ outcome: 'cancelled' | 'cancelling' | 'not-active'; run?: RunRecord }> {
  const run = await getRun(runId);
  if (!run || isFinished(run)) return { outcome: 'not-active', ...(run ? { run } : {}) };
  const idle = now.getTime() - lastSignOfLife(run);
  if (run.state === 'queued' || idle > CANCEL_WAIT_MS) {
    run.warnings.push('Cancelled by an admin.');
    await finishRun(run, 'cancelled', now);
    return { outcome: 'cancelled', run };
  }
  run.cancelRequested = true;
  await saveRun(run);
  return { outcome: 'cancelling', run };
}

export interface ReapResult {
  resumed: string[];
  ended: string[];
}

/**
 * Looks at every unfinished run: a stalled one is resumed from its saved cursor (a new step, so a lost or dead
 * delivery of the old one cannot block it), or ended once it was resumed MAX_RESUMES times. A connection lock
 * whose run is over or gone is released.
 */
export async function reapStalledRuns(now = new Date(), queue: QueuePort = forgeQueue): Promise<ReapResult> {
  const result: ReapResult = { resumed: [], ended: [] };
  // The runs holding a connection's lock, and any other unfinished run among the newest (a dead run's lock
  // lapses after its TTL, its record stays).
  const unfinished = new Map<string, RunRecord>();
  for (const connection of await listConnections()) {
    const runId = await activeRunOf(connection.id);
    const run = runId ? await getRun(runId) : undefined;
    if (runId && (!run || isFinished(run))) await releaseActiveLock(connection.id, runId);
    else if (run) unfinished.set(run.runId, run);
  }
  for (const run of await listRuns(HISTORY_LOOKED_AT)) if (!isFinished(run)) unfinished.set(run.runId, run);
  for (const run of unfinished.values()) {
    if (run.cancelRequested && now.getTime() - lastSignOfLife(run) > CANCEL_WAIT_MS) {
      await finishRun(run, 'cancelled', now);
      result.ended.push(run.runId);
      continue;
    }
    if (!isStalled(run, now)) continue;
    const phase = run.cursor.phase;
    if ((run.resumes ?? 0) >= MAX_RESUMES) {
      await finishRun(run, 'failed', now, `The sync stopped progressing in its ${phase} phase ${MAX_RESUMES + 1} times and was ended; the next sync starts again from its last checkpoint.`);
      result.ended.push(run.runId);
      continue;
    }
    run.resumes = (run.resumes ?? 0) + 1;
    run.warnings.push(`The sync stopped progressing in its ${phase} phase (its process ended or an event was lost); it was resumed from where it had saved.`);
    run.cursor.step++;
    run.heartbeatAt = now.toISOString();
    delete run.resumeAt;
    await renewActiveLock(run.connectionId, run.runId, now);
    await saveRun(run);
    await queue.push({ runId: run.runId, connectionId: run.connectionId, step: run.cursor.step });
    log.warn('run-resumed', { run: run.runId, connection: run.connectionId, phase, resumes: run.resumes });
    result.resumed.push(run.runId);
  }
  return result;
}
