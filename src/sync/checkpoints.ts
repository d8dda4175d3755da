/**
 * Per-mapping high-water marks: the sync reads only what changed since them. A checkpoint remembers the
 * mapping settings it was reached with: when they change (a different Jira project, requirement links turned
 * on), the next sync reads everything again so unchanged cases get what the new settings add.
 */
import { z } from 'zod';
import { fingerprint } from '../domain/fingerprint';
import type { MappingRecord } from '../config/mappings';
import { deleteRecord, getRecord, putRecord, storedRecord } from '../config/store';

export const Checkpoint = storedRecord('checkpoint', z.object({
  /** Latest `updatedAt` of the test cases fully synced. */
  casesSince: z.string().optional(),
  /** Latest modification time of the runs fully synced. */
  runsSince: z.string().optional(),
  /**
   * Ids of the items synced at exactly those times: the tools answer "modified at or after", so these come
   * back on every read and are skipped (not synced again) unless their time moved.
   */
  casesSinceIds: z.array(z.string()).optional(),
  runsSinceIds: z.array(z.string()).optional(),
  /** When the tool's case ids were last compared with the synced ones, to find cases deleted there. */
  deletionsScannedAt: z.string().optional(),
  /** Fingerprint of the mapping settings the marks were reached with. */
  configHash: z.string().optional(),
}), {
  unreadable: 'set-aside',
  consequence: { setAside: 'Its mapping is read again from the start: what is in Jira already is left unchanged.' },
});
export type Checkpoint = z.infer<typeof Checkpoint>;

const key = (connectionId: string, externalProjectId: string) => `checkpoint:${connectionId}:${externalProjectId}`;

/** The settings of a mapping that change what the sync reads or writes. */
export function mappingConfigHash(m: MappingRecord): string {
  return fingerprint({ jiraProjectKey: m.jiraProjectKey, issueType: m.issueType, syncRuns: m.syncRuns, syncRequirementLinks: m.syncRequirementLinks });
}

/** The checkpoint for this mapping as it is now configured (empty when its settings changed). */
export async function getCheckpoint(mapping: MappingRecord): Promise<Checkpoint> {
  const cp = (await getRecord(key(mapping.connectionId, mapping.externalProjectId), Checkpoint)) ?? {};
  const hash = mappingConfigHash(mapping);
  return cp.configHash === undefined || cp.configHash === hash ? { ...cp, configHash: hash } : { configHash: hash };
}

export function saveCheckpoint(mapping: MappingRecord, cp: Checkpoint) {
  return putRecord(key(mapping.connectionId, mapping.externalProjectId), Checkpoint, { ...cp, configHash: mappingConfigHash(mapping) });
}

export function deleteCheckpoint(connectionId: string, externalProjectId: string) {
  return deleteRecord(key(connectionId, externalProjectId));
}

/** The later of two ISO times (either may be absent). */
export function later(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return a >= b ? a : b;
}
