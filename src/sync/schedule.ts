/**
 * Which mappings are due for a scheduled sync.
 */
import { z } from 'zod';
import { listConnections } from '../config/connections';
import { listMappings } from '../config/mappings';
import { getMany, putMany, storedRecord } from '../config/store';
import type { Schedule } from '../resolvers/contract';
import { RunBusyError, startRun } from './engine';
import { reapStalledRuns, type ReapResult } from './run-control';

const INTERVAL_MS: Record<Exclude<Schedule, 'off'>, number> = {
  fiveMinute: 5 * 60_000,
  hour: 60 * 60_000,
  day: 24 * 60 * 60_000,
};
/** The trigger fires about every five minutes; allow for its jitter. */
const TOLERANCE_MS = 60_000;

const LastScheduled = storedRecord('last scheduled sync', z.object({ at: z.string() }), {
  unreadable: 'set-aside',
  consequence: { setAside: 'Its mapping is synced at this tick.' },
});
const lastKey = (connectionId: string, projectId: string) => `scheduled:${connectionId}:${projectId}`;

export function isDue(schedule: Schedule, lastAt: string | undefined, now: Date): boolean {
  if (schedule === 'off') return false;
  // The trigger itself fires every five minutes: a five-minute mapping syncs at every tick.
  if (!lastAt || schedule === 'fiveMinute') return true;
  return now.getTime() - Date.parse(lastAt) >= INTERVAL_MS[schedule] - TOLERANCE_MS;
}

export interface ScheduleResult {
  started: { connectionId: string; runId: string; mappings: string[] }[];
  /** Connections whose previous run is still going: their due mappings wait for the next tick. */
  busy: { connectionId: string; runId: string }[];
  reaped: ReapResult;
}

/**
 * Resumes or ends runs that stopped progressing, then starts one run per enabled connection that has due
 * mappings and no run going.
 */
export async function startDueRuns(now = new Date()): Promise<ScheduleResult> {
  const result: ScheduleResult = { started: [], busy: [], reaped: await reapStalledRuns(now) };
  for (const connection of await listConnections()) {
    if (!connection.enabled || !connection.connected) continue;
    const mappings = await listMappings(connection.id);
    const last = await getMany(mappings.map((m) => lastKey(m.connectionId, m.externalProjectId)), LastScheduled);
    const due = mappings.filter((m) => isDue(m.schedule, last.get(lastKey(m.connectionId, m.externalProjectId))?.at, now));
    if (due.length === 0) continue;
    let run;
    try {
      run = await startRun(connection.id, 'schedule', false, { now, mappingIds: due.map((m) => m.externalProjectId) });
    } catch (e) {
      if (!(e instanceof RunBusyError)) throw e;
      result.busy.push({ connectionId: connection.id, runId: e.heldBy });
      continue;
    }
    await putMany(due.map((m) => ({ key: lastKey(m.connectionId, m.externalProjectId), value: { at: now.toISOString() } })), LastScheduled);
    result.started.push({ connectionId: connection.id, runId: run.runId, mappings: due.map((m) => m.externalProjectId) });
  }
  return result;
}
