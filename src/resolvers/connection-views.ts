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
  };
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
