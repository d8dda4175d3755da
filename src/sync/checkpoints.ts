/**
 * Per-mapping high-water marks: the sync reads only what changed since them.
 */
import { z } from 'zod';
import { deleteRecord, getRecord, putRecord } from '../config/store';

export const Checkpoint = z.object({
  /** Latest `updatedAt` of the test cases fully synced. */
  casesSince: z.string().optional(),
  /** Latest `executedAt` of the runs fully synced. */
  runsSince: z.string().optional(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

const key = (connectionId: string, externalProjectId: string) => `checkpoint:${connectionId}:${externalProjectId}`;

export async function getCheckpoint(connectionId: string, externalProjectId: string): Promise<Checkpoint> {
  return (await getRecord(key(connectionId, externalProjectId), Checkpoint)) ?? {};
}

export function saveCheckpoint(connectionId: string, externalProjectId: string, cp: Checkpoint) {
  return putRecord(key(connectionId, externalProjectId), Checkpoint, cp);
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
