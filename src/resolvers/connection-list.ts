/**
 * The connections as the admin page's table shows them: settings (never a secret), mappings, the latest run,
 * health with the latest failure's cause and fix, the next scheduled sync and the failed items' counts.
 */
import { z } from 'zod';
import * as connections from '../config/connections';
import type { ConnectionRecord } from '../config/connections';
import * as mappings from '../config/mappings';
import { kv } from '../platform/kv';
import { listFailures } from '../sync/failures';
import { getRun, historyOf, type RunRecord } from '../sync/run-store';
import { lastChecks } from './checks';
import { connectionView, healthOf, nextSyncOf } from './connection-views';
import type { ConnectionView, HistoryRow } from './contract';

const LastScheduled = z.object({ at: z.string() });
/** The scheduler's record of when it last started a mapping's sync (src/sync/schedule.ts). */
const scheduledKey = (connectionId: string, projectId: string) => `scheduled:${connectionId}:${projectId}`;

export async function connectionViews(records: ConnectionRecord[], now = new Date()): Promise<ConnectionView[]> {
  if (records.length === 0) return [];
  const ids = records.map((c) => c.id);
  const [history, checks] = await Promise.all([historyOf(ids), lastChecks(ids)]);
  const newest = new Map<string, HistoryRow>();
  const lastFinished = new Map<string, HistoryRow>();
  for (const row of history) {
    if (!newest.has(row.connectionId)) newest.set(row.connectionId, row);
    if (!lastFinished.has(row.connectionId) && row.state !== 'queued' && row.state !== 'running') lastFinished.set(row.connectionId, row);
  }
  const runs = new Map<string, RunRecord>();
  await Promise.all(
    [...newest.values()].map(async (row) => {
      const run = await getRun(row.runId).catch(() => undefined);
      if (run) runs.set(row.connectionId, run);
    }),
  );
  return Promise.all(
    records.map(async (c) => {
      const [secret, maps, failed] = await Promise.all([
        connections.getSecret(c.id).catch(() => undefined),
        mappings.listMappings(c.id),
        listFailures(c.id).catch(() => undefined),
      ]);
      const stored = await kv().getMany(maps.map((m) => scheduledKey(c.id, m.externalProjectId)));
      const lastScheduled = new Map<string, string>();
      for (const m of maps) {
        const parsed = LastScheduled.safeParse(stored.get(scheduledKey(c.id, m.externalProjectId)));
        if (parsed.success) lastScheduled.set(m.externalProjectId, parsed.data.at);
      }
      const view = connectionView(c, !!secret, maps, runs.get(c.id), now);
      const check = checks.get(c.id);
      const finished = lastFinished.get(c.id);
      return {
        ...view,
        health: healthOf(c, {
          hasSecret: !!secret,
          mappings: maps.length,
          ...(finished ? { lastFinished: finished } : {}),
          ...(check ? { lastCheck: check } : {}),
          ...(failed ? { failed: failed.counts } : {}),
          ...(view.expiresInDays !== undefined ? { expiresInDays: view.expiresInDays } : {}),
        }),
        nextSync: nextSyncOf(c, maps, lastScheduled, now),
        ...(failed ? { failedCounts: failed.counts } : {}),
        ...(check ? { lastCheck: check } : {}),
      };
    }),
  );
}

/** One connection's view, or undefined when it does not exist. */
export async function connectionViewOf(id: string): Promise<ConnectionView | undefined> {
  const c = await connections.getConnection(id);
  return c ? (await connectionViews([c]))[0] : undefined;
}
