/**
 * Project mappings: an external project synced into a Jira project, and when.
 */
import { z } from 'zod';
import { ON_DELETED_IN_JIRA, SCHEDULES } from '../resolvers/contract';
import { deleteRecord, getRecord, listRecords, putRecord, storedRecord } from './store';

export const MappingRecord = storedRecord('project mapping', z.object({
  connectionId: z.string(),
  externalProjectId: z.string(),
  externalProjectName: z.string(),
  jiraProjectKey: z.string(),
  issueType: z.string(),
  schedule: z.enum(SCHEDULES),
  syncRuns: z.boolean(),
  syncRequirementLinks: z.boolean(),
  /** Records written before this setting existed read as the default. */
  onDeletedInJira: z.enum(ON_DELETED_IN_JIRA).default('leave'),
  createdAt: z.string(),
  updatedAt: z.string(),
}));
export type MappingRecord = z.infer<typeof MappingRecord>;

/** What an admin chose for a mapping (the record without its connection and times), as pages and files show it. */
export function mappingSettings(m: MappingRecord) {
  return {
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

const key = (connectionId: string, externalProjectId: string) => `mapping:${connectionId}:${externalProjectId}`;

export function getMapping(connectionId: string, externalProjectId: string) {
  return getRecord(key(connectionId, externalProjectId), MappingRecord);
}

export async function listMappings(connectionId?: string): Promise<MappingRecord[]> {
  const rows = await listRecords(connectionId ? `mapping:${connectionId}:` : 'mapping:', MappingRecord);
  return rows.map((r) => r.value).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export function saveMapping(record: MappingRecord) {
  return putRecord(key(record.connectionId, record.externalProjectId), MappingRecord, record);
}

export function deleteMapping(connectionId: string, externalProjectId: string) {
  return deleteRecord(key(connectionId, externalProjectId));
}
