/**
 * Creates whose outcome may be unknown. Before a bulk create is sent, one marker lists its cases; once the
 * created issues are recorded (or Jira refused them) the marker goes. A marker left behind (the answer was
 * lost, the process died) makes the next create of its cases wait for the grace and search first. One marker
 * per bulk request, not per case: the normal path costs one write and one delete per 50 cases, and finding the
 * markers of a page of cases is one storage query (there are none, or a few).
 */
import { z } from 'zod';
import { deleteMany, pageRecords, putMany, storedRecord } from '../config/store';
import { connectionOf } from './item-index';
import { safeKeyPart } from './keys';

export const PendingRecord = z.object({ runId: z.string(), at: z.string() });
export type PendingRecord = z.infer<typeof PendingRecord>;

const PendingCreate = storedRecord('pending create marker', PendingRecord.extend({ sourceKeys: z.array(z.string()) }), {
  unreadable: 'set-aside',
  consequence: { setAside: 'The cases it named are created without waiting, once a search of Jira finds no issue for them.' },
});
type PendingCreate = z.infer<typeof PendingCreate>;

/** Where a connection's markers are kept (deleted with the connection). */
export const pendingPrefix = (connectionId: string) => `pending:${safeKeyPart(connectionId)}:`;

let sequence = 0;

async function markersOf(connectionId: string): Promise<{ key: string; value: PendingCreate }[]> {
  const out: { key: string; value: PendingCreate }[] = [];
  let cursor: string | undefined;
  do {
    // An unreadable marker names no case it could protect: the store sets it aside.
    const page = await pageRecords(pendingPrefix(connectionId), PendingCreate, cursor);
    out.push(...page.records);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** The markers of these cases, by source key. */
export async function loadPending(sourceKeys: string[]): Promise<Map<string, PendingRecord>> {
  const wanted = new Set(sourceKeys);
  const out = new Map<string, PendingRecord>();
  for (const connectionId of new Set(sourceKeys.map(connectionOf))) {
    for (const { value } of await markersOf(connectionId)) {
      for (const sk of value.sourceKeys) if (wanted.has(sk)) out.set(sk, { runId: value.runId, at: value.at });
    }
  }
  return out;
}

/** Marks the cases of one bulk create (all of one connection). */
export async function markPending(sourceKeys: string[], runId: string, at: string): Promise<void> {
  if (sourceKeys.length === 0) return;
  const key = `${pendingPrefix(connectionOf(sourceKeys[0]))}${safeKeyPart(runId)}:${Date.parse(at)}-${process.pid}-${sequence++}`;
  await putMany([{ key, value: { runId, at, sourceKeys } }], PendingCreate);
}

/** Takes these cases off their markers; a marker left with none goes. */
export async function clearPending(sourceKeys: string[]): Promise<void> {
  const done = new Set(sourceKeys);
  for (const connectionId of new Set(sourceKeys.map(connectionOf))) {
    const markers = (await markersOf(connectionId)).filter((m) => m.value.sourceKeys.some((sk) => done.has(sk)));
    const emptied = markers.filter((m) => m.value.sourceKeys.every((sk) => done.has(sk)));
    const kept = markers.filter((m) => !emptied.includes(m)).map((m) => ({ key: m.key, value: { ...m.value, sourceKeys: m.value.sourceKeys.filter((sk) => !done.has(sk)) } }));
    await putMany(kept, PendingCreate);
    await deleteMany(emptied.map((m) => m.key));
  }
}
