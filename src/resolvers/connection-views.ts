/**
 * Stored connections as the admin page sees them: never with a secret.
 */
import type { ConnectionRecord } from '../config/connections';
import { mappingSettings, type MappingRecord } from '../config/mappings';
import { secretLabelOf, signsInWithPassword } from '../config/connections';
import { TOOL_LABELS } from '../domain/model';
import type { RunRecord } from '../sync/run-store';
import { toSummary } from '../sync/run-store';
import type { CheckRecord } from './checks';
import type { ConnectionHealth, ConnectionView, FailedItemsView, HistoryRow, MappingView, NextSync } from './contract';

export function mappingView(m: MappingRecord): MappingView {
  return { connectionId: m.connectionId, ...mappingSettings(m) };
}

/**
 * Whether two connections read the same tool site, so an external project id means the same project on
 * both: the same tool and URL (case and a trailing slash ignored). Xray's project ids are Jira project ids,
 * which repeat across Jira sites, and its region only picks an API host: two Xray connections read the same
 * projects when both are on this Jira site or use the same API key (client ID), whatever their regions.
 */
export function sameToolSite(a: ConnectionRecord, b: ConnectionRecord): boolean {
  if (a.tool !== b.tool) return false;
  if (a.tool === 'xray') {
    const bothOnThisSite = a.settings.sameSite !== false && b.settings.sameSite !== false;
    const sameKey = !!a.settings.clientId?.trim() && a.settings.clientId.trim() === b.settings.clientId?.trim();
    return !!a.baseUrl && !!b.baseUrl && (bothOnThisSite || sameKey);
  }
  const url = (c: ConnectionRecord) => c.baseUrl.trim().replace(/\/+$/, '').toLowerCase();
  return !!url(a) && url(a) === url(b);
}

export function daysUntil(date: string, now: Date): number {
  const end = Date.parse(`${date}T00:00:00Z`);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((end - today) / 86_400_000);
}

export function connectionView(
  c: ConnectionRecord,
  hasSecret: boolean,
  mappings: MappingRecord[],
  lastRun: RunRecord | undefined,
  now: Date,
): ConnectionView {
  return {
    id: c.id,
    tool: c.tool,
    name: c.name,
    baseUrl: c.baseUrl,
    settings: { ...c.settings },
    enabled: c.enabled && c.connected,
    hasSecret,
    ...(c.expiresOn ? { expiresOn: c.expiresOn, expiresInDays: daysUntil(c.expiresOn, now) } : {}),
    mappings: mappings.map(mappingView),
    ...(lastRun ? { lastRun: toSummary(lastRun) } : {}),
  };
}

/** How to replace a lapsed secret: a new token or key is created in the tool; a login's password is changed there. */
function renewSecret(c: Pick<ConnectionRecord, 'tool' | 'settings'>): string {
  return signsInWithPassword(c) ? `Change the password of ${c.settings.username} in ${TOOL_LABELS[c.tool]}` : `Create a new ${secretLabelOf(c)} in ${TOOL_LABELS[c.tool]}`;
}

/** What an admin can do about a run that failed, from the words of its cause. */
export function fixForRunFailure(cause: string, c: Pick<ConnectionRecord, 'tool' | 'settings'>): string {
  const secret = secretLabelOf(c);
  const tool = TOOL_LABELS[c.tool];
  const rejected = signsInWithPassword(c)
    ? `Edit the connection and check its username (${c.settings.username}) and password; saving checks them.`
    : `Edit the connection and enter a valid ${secret}; saving checks it.`;
  const rules: [RegExp, string][] = [
    [/disconnected/i, `Edit the connection and enter its settings and ${secret} again.`],
    [/disabled/i, 'Edit the connection and turn "Enabled" on.'],
    [/expired/i, `${renewSecret(c)}, then enter it under Edit; saving checks it.`],
    [/no .* is stored|rejected|invalid|unauthori[sz]ed|\b401\b|credential/i, rejected],
    [/region|not found|\b404\b|unknown project|url/i, 'Run "Test connection": it names the setting at fault (site URL, region or project); fix it under Edit.'],
    [/permission|forbidden|\b403\b/i, `Give the account behind the ${secret} read access to the mapped projects in ${tool}.`],
    [/rate limit|quota|budget|\b429\b/i, 'Nothing to do: syncs wait for the limit to reset. If it keeps happening, sync less often or raise the budget.'],
    [/stopped progressing/i, "Nothing to do: the next sync starts again from the last checkpoint. If it keeps stopping, look for the run in the app's logs."],
    [/stored record .* is not valid|damaged/i, 'Enter the connection\'s settings again under Edit; the damaged record is replaced.'],
  ];
  return rules.find(([re]) => re.test(cause))?.[1] ?? 'Open the run in Sync history for its errors; "Test connection" names connection problems.';
}

/**
 * The connection's health for its row: the most pressing problem with its cause and fix (disconnected, no
 * credential, a failed check newer than the last sync, a failed sync, items that did not reach Jira, an
 * expiring credential, nothing mapped), or healthy.
 */
export function healthOf(
  c: ConnectionRecord,
  facts: { hasSecret: boolean; mappings: number; lastFinished?: HistoryRow; lastCheck?: CheckRecord; failed?: FailedItemsView['counts']; expiresInDays?: number },
): ConnectionHealth {
  const secret = secretLabelOf(c);
  const { lastFinished: run, lastCheck: check, failed } = facts;
  if (!c.connected) return { status: 'disconnected', label: 'Disconnected', cause: `Its settings and ${secret} were removed; it does not sync.`, fix: `Edit the connection and enter them again.` };
  if (!facts.hasSecret) return { status: 'failing', label: `No ${secret}`, cause: `No ${secret} is stored, so it cannot sync.`, fix: `Edit the connection and enter the ${secret}.` };
  if (facts.expiresInDays !== undefined && facts.expiresInDays < 0) {
    return { status: 'failing', label: `${secret} expired`, cause: `The ${secret} expired on ${c.expiresOn}.`, fix: `${renewSecret(c)} and enter it under Edit.` };
  }
  if (check && !check.ok && (!run || check.at > (run.finishedAt ?? run.startedAt))) {
    return { status: 'failing', label: 'Check failed', cause: check.message, ...(check.fix ? { fix: check.fix } : {}), at: check.at };
  }
  if (run?.state === 'failed') {
    const cause = run.cause ?? 'The sync failed.';
    return { status: 'failing', label: run.dryRun ? 'Last dry run failed' : 'Last sync failed', cause, fix: fixForRunFailure(cause, c), at: run.finishedAt ?? run.startedAt };
  }
  const stuck = (failed?.parked ?? 0) + (failed?.retrying ?? 0);
  if (stuck > 0) {
    const parked = failed?.parked ? ` (${failed.parked} parked after five attempts)` : '';
    return {
      status: 'warning',
      label: 'Items failed',
      cause: `${stuck} ${stuck === 1 ? 'item' : 'items'} did not reach Jira${parked}.`,
      fix: 'Open Failed items: each names its cause and fix; retry once fixed.',
    };
  }
  if (!c.enabled) return { status: 'disabled', label: 'Disabled', cause: 'It is not synced.', fix: 'Edit the connection and turn "Enabled" on to sync it.' };
  if (facts.expiresInDays !== undefined && facts.expiresInDays <= 14) {
    return { status: 'warning', label: `${secret} expires soon`, cause: `The ${secret} expires on ${c.expiresOn}.`, fix: `${renewSecret(c)} and enter it under Edit before then.` };
  }
  if (facts.mappings === 0) return { status: 'new', label: 'No project mapped', fix: 'Open the connection and add a project mapping.' };
  if (!run) return { status: 'new', label: 'Not synced yet' };
  return { status: 'ok', label: 'Healthy', at: run.finishedAt ?? run.startedAt };
}

const INTERVAL_MS = { fiveMinute: 5 * 60_000, hour: 60 * 60_000, day: 24 * 60 * 60_000 } as const;
/** The scheduler fires about every five minutes and allows a minute of jitter (src/sync/schedule.ts). */
const TOLERANCE_MS = 60_000;

/** When the scheduler next syncs the connection: the earliest mapping due. `lastScheduled` maps project id → time. */
export function nextSyncOf(c: ConnectionRecord, mappings: MappingRecord[], lastScheduled: Map<string, string>, now: Date): NextSync {
  if (!c.connected) return { note: 'Disconnected' };
  if (!c.enabled) return { note: 'Disabled' };
  if (mappings.length === 0) return { note: 'No project mapped' };
  let next: number | undefined;
  for (const m of mappings) {
    if (m.schedule === 'off') continue;
    const last = lastScheduled.get(m.externalProjectId);
    const due = !last ? now.getTime() : m.schedule === 'fiveMinute' ? Date.parse(last) + INTERVAL_MS.fiveMinute : Date.parse(last) + INTERVAL_MS[m.schedule] - TOLERANCE_MS;
    next = next === undefined ? due : Math.min(next, due);
  }
  if (next === undefined) return { note: 'Manual only' };
  return { at: new Date(next).toISOString() };
}
