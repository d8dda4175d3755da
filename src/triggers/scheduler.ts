/**
 * The five-minute scheduled trigger: resumes runs that stopped progressing and starts a run for every
 * connection with due mappings.
 *
 * While the site's licence is not active it starts and resumes nothing, and says so once: one entry in the sync
 * history of each connection with a schedule, remembered in storage so later ticks stay quiet, and forgotten at
 * the first tick with an active licence (so a later lapse is said again).
 */
import { listConnections } from '../config/connections';
import { listMappings } from '../config/mappings';
import { kv } from '../platform/kv';
import { invocationLicence, LICENCE_SCHEDULE_NOTICE, mayWork } from '../platform/license';
import { log } from '../platform/log';
import { startDueRuns } from '../sync/schedule';
import { newRunId, pruneRuns, saveRun, type RunRecord } from '../sync/run-store';

/** Set while the history holds the notice of the current lapse. */
export const LICENCE_NOTICE_KEY = 'licence:schedule-paused';

/** What the trigger did while the licence is not active: nothing started, and whether the notice was written now. */
export interface LicencePause {
  licence: 'inactive';
  started: [];
  notice: 'recorded' | 'already-recorded';
  connections: string[];
}

/** A finished history entry for a connection whose scheduled syncs are paused: nothing queued, no lock taken. */
function noticeRun(connectionId: string, mappings: string[], now: Date): RunRecord {
  const at = now.toISOString();
  return {
    runId: newRunId(now),
    connectionId,
    trigger: 'schedule',
    dryRun: false,
    state: 'cancelled',
    startedAt: at,
    finishedAt: at,
    durationMs: 0,
    counts: { created: 0, updated: 0, unchanged: 0, linked: 0, failed: 0 },
    errors: [],
    warnings: [LICENCE_SCHEDULE_NOTICE],
    cursor: { step: 0, mappingIndex: 0, phase: 'done', mappings },
  };
}

/** Writes the notice once per lapse: the storage key is claimed first, so a duplicate tick writes nothing. */
async function notePause(now: Date): Promise<LicencePause> {
  if (!(await kv().set(LICENCE_NOTICE_KEY, { at: now.toISOString() }, { ifAbsent: true }))) {
    return { licence: 'inactive', started: [], notice: 'already-recorded', connections: [] };
  }
  const noted: string[] = [];
  try {
    for (const connection of await listConnections()) {
      if (!connection.enabled || !connection.connected) continue;
      const scheduled = (await listMappings(connection.id)).filter((m) => m.schedule !== 'off');
      if (scheduled.length === 0) continue;
      await saveRun(noticeRun(connection.id, scheduled.map((m) => m.externalProjectId), now));
      noted.push(connection.id);
    }
    if (noted.length > 0) await pruneRuns();
  } catch (e) {
    // Not written in full: the next tick tries again.
    await kv().delete(LICENCE_NOTICE_KEY).catch(() => undefined);
    throw e;
  }
  log.warn('schedule-paused-licence-inactive', { phase: 'schedule', connections: noted.length });
  return { licence: 'inactive', started: [], notice: 'recorded', connections: noted };
}

/** The licence is active (or there is none to check): the next lapse gets its own notice. */
async function forgetPause(): Promise<void> {
  if ((await kv().get(LICENCE_NOTICE_KEY)) === undefined) return;
  await kv().delete(LICENCE_NOTICE_KEY);
  log.info('schedule-resumed-licence-active', { phase: 'schedule' });
}

/** `request` is the platform's trigger request; `context` carries the site's licence (see src/platform/license.ts). */
export async function runScheduler(_request?: unknown, context?: unknown): Promise<{ statusCode: number; body: string }> {
  try {
    if (!mayWork(invocationLicence(context))) {
      return { statusCode: 200, body: JSON.stringify(await notePause(new Date())) };
    }
    await forgetPause();
    const result = await startDueRuns();
    return { statusCode: 200, body: JSON.stringify(result) };
  } catch (e) {
    // Scheduled triggers are not retried: say what failed; the next tick tries again.
    log.error('scheduler-failed', { phase: 'schedule' }, e);
    return { statusCode: 500, body: JSON.stringify({ error: e instanceof Error ? e.message : String(e) }) };
  }
}
