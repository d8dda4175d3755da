/**
 * How current the issue panel's results are: from the run history, the latest sync of each connection the shown
 * tests come from. A connection whose latest finished sync failed makes the panel say so (with when its results
 * were last brought up to date, and what a tester can do), so stale results are never taken for current ones.
 */
import type { ConnectionRecord } from '../config/connections';
import type { RunRecord } from '../sync/run-store';
import type { PanelSync } from './contract';

const isActive = (r: RunRecord) => r.state === 'queued' || r.state === 'running';
const succeeded = (r: RunRecord) => r.state === 'succeeded' || r.state === 'partial';
const when = (r: RunRecord) => r.finishedAt ?? r.startedAt;

/** What a tester can do about a failed sync, from its cause (the admin page has the details and the fix). */
export function actionFor(connection: ConnectionRecord, run: RunRecord | undefined): string {
  const place = 'in Jira settings → Apps → TestSync';
  const reason = run?.errors.map((e) => e.message).join(' ') ?? '';
  if (!connection.connected || /token|credential|secret|api key|unauthori[sz]ed|rejected|expired|revoked|licen[cs]e|\b40[13]\b|permission/i.test(reason)) {
    return `Ask a Jira admin to reconnect ${connection.name} ${place}.`;
  }
  if (/rate limit|\b429\b|quota|budget|timed? ?out|network|unavailable|\b5\d\d\b|try again/i.test(reason)) {
    return `The next sync tries again by itself; if this stays, tell a Jira admin.`;
  }
  return `Ask a Jira admin to look at the sync history of ${connection.name} ${place}.`;
}

/**
 * The sync state of these connections (all when `ids` is absent) from the recent runs (newest first, as
 * `listRuns` answers them). Dry runs change nothing and are left out.
 */
export function syncStateOf(connections: ConnectionRecord[], runs: RunRecord[], ids?: Set<string>): PanelSync {
  const relevant = connections.filter((c) => (ids ? ids.has(c.id) : c.enabled));
  const out: PanelSync = { failed: [], running: false };
  for (const connection of relevant) {
    const own = runs.filter((r) => r.connectionId === connection.id && !r.dryRun);
    if (own.some(isActive)) out.running = true;
    const latest = own.find((r) => !isActive(r) && r.state !== 'cancelled');
    const lastGood = own.find(succeeded);
    if (lastGood && (!out.lastSyncedAt || when(lastGood) > out.lastSyncedAt)) out.lastSyncedAt = when(lastGood);
    if (latest?.state === 'failed' || !connection.connected) {
      out.failed.push({
        connection: connection.name,
        tool: connection.tool,
        failedAt: latest ? when(latest) : connection.updatedAt,
        ...(lastGood ? { lastSucceededAt: when(lastGood) } : {}),
        action: actionFor(connection, latest),
      });
    }
  }
  return out;
}

/** True when some connection has finished a sync that wrote (succeeded or partly succeeded). */
export function everSynced(runs: RunRecord[]): boolean {
  return runs.some((r) => !r.dryRun && succeeded(r));
}
