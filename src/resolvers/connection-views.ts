/**
 * Stored connections as the admin page sees them: never with a secret.
 */
import type { ConnectionRecord } from '../config/connections';
import type { MappingRecord } from '../config/mappings';
import type { RunRecord } from '../sync/run-store';
import { toSummary } from '../sync/run-store';
import type { ConnectionView, MappingView } from './contract';

export function mappingView(m: MappingRecord): MappingView {
  return {
    connectionId: m.connectionId,
    externalProjectId: m.externalProjectId,
    externalProjectName: m.externalProjectName,
    jiraProjectKey: m.jiraProjectKey,
    issueType: m.issueType,
    schedule: m.schedule,
    syncRuns: m.syncRuns,
    syncRequirementLinks: m.syncRequirementLinks,
    onDeletedInJira: m.onDeletedInJira ?? 'leave',
  };
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
