/**
 * What the sync remembers per external test case: the Jira issue it became and fingerprints of what was
 * last written, so an unchanged case writes nothing. Also pending-create markers for crash safety.
 */
import { z } from 'zod';
import { getMany, putMany } from '../config/store';
import { kvs } from '@forge/kvs';
import { TestProperty } from './test-property';

export const ItemRecord = z.object({
  issueId: z.string(),
  issueKey: z.string(),
  /** Fingerprint of the issue fields last written. */
  contentHash: z.string(),
  /** Fingerprint of the entity property last written. */
  propertyHash: z.string(),
  property: TestProperty,
  /** Requirement keys already linked in Jira. */
  links: z.array(z.string()),
  /** URL of the remote link last written. */
  remoteLinkUrl: z.string().optional(),
  /** The run that first wrote the issue (created or annotated it): its first results are not counted again. */
  createdByRun: z.string().optional(),
});
export type ItemRecord = z.infer<typeof ItemRecord>;

export const PendingRecord = z.object({ runId: z.string(), at: z.string() });

/** Storage keys allow `[a-zA-Z0-9:._\s-#]`; source keys are built from ids, but escape anything else. */
export function safeKeyPart(value: string): string {
  return value.replace(/[^a-zA-Z0-9:._-]/g, (c) => `#${c.charCodeAt(0).toString(16)}`);
}

export const itemKey = (sourceKey: string) => `item:${safeKeyPart(sourceKey)}`;
const pendingKey = (sourceKey: string) => `pending:${safeKeyPart(sourceKey)}`;

export async function loadItems(sourceKeys: string[]): Promise<Map<string, ItemRecord>> {
  const byKey = await getMany(sourceKeys.map(itemKey), ItemRecord);
  const out = new Map<string, ItemRecord>();
  for (const sk of sourceKeys) {
    const rec = byKey.get(itemKey(sk));
    if (rec) out.set(sk, rec);
  }
  return out;
}

export async function saveItems(items: { sourceKey: string; record: ItemRecord }[]): Promise<void> {
  await putMany(items.map((i) => ({ key: itemKey(i.sourceKey), value: i.record })), ItemRecord);
}

export async function loadPending(sourceKeys: string[]): Promise<Map<string, z.infer<typeof PendingRecord>>> {
  const byKey = await getMany(sourceKeys.map(pendingKey), PendingRecord);
  const out = new Map<string, z.infer<typeof PendingRecord>>();
  for (const sk of sourceKeys) {
    const rec = byKey.get(pendingKey(sk));
    if (rec) out.set(sk, rec);
  }
  return out;
}

export async function markPending(sourceKeys: string[], runId: string, at: string): Promise<void> {
  await putMany(sourceKeys.map((sk) => ({ key: pendingKey(sk), value: { runId, at } })), PendingRecord);
}

export async function clearPending(sourceKeys: string[]): Promise<void> {
  for (let i = 0; i < sourceKeys.length; i += 20) {
    const chunk = sourceKeys.slice(i, i + 20);
    if (chunk.length > 0) await kvs.batchDelete(chunk.map((sk) => ({ key: pendingKey(sk) })));
  }
}
