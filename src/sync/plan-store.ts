/**
 * A dry run's whole plan, apart from its run record: every item it would create, update or link, in the order
 * it was planned, in chunks of PLAN_CHUNK_ITEMS (each well under the platform's 240 KiB value limit). Item n of
 * a kind lives in chunk floor(n / PLAN_CHUNK_ITEMS), so a chunk written by one invocation of a run and
 * completed by the next is merged, never overwritten. `plan()` is synchronous (the sync's units call it
 * without awaiting), so items are buffered and written in the background, one write at a time per run;
 * `flushPlans` waits for them (the run's end does). An item whose write was lost reads as missing, never as
 * another item.
 */
import { z } from 'zod';
import { getMany, readStored, storedRecord } from '../config/store';
import { kv } from '../platform/kv';
import { log } from '../platform/log';
import type { PlanKind } from '../resolvers/contract';
import { safeKeyPart } from './keys';

export const PLAN_CHUNK_ITEMS = 500;
/** An item's size in the chunk at most (JSON, UTF-8): 500 of them stay under 200 KiB. */
export const PLAN_ITEM_MAX_BYTES = 400;

const Chunk = storedRecord('dry-run plan chunk', z.object({ items: z.array(z.string().nullable()) }), { unreadable: 'skip' });
type Slots = (string | null)[];

const prefix = (runId: string) => `plan:${safeKeyPart(runId)}:`;
const chunkKey = (runId: string, kind: PlanKind, seq: number) => `${prefix(runId)}${kind}:${String(seq).padStart(6, '0')}`;

/** Cuts a text so that, as JSON, it takes at most `maxBytes` bytes (ends with "…" when cut). */
export function clipBytes(text: string, maxBytes: number): string {
  const size = (t: string) => Buffer.byteLength(JSON.stringify(t));
  if (size(text) <= maxBytes) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (size(`${text.slice(0, mid)}…`) <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

interface BufferedChunk {
  slots: Slots;
  /** Merged with what storage held, so a write may replace the stored chunk. */
  merged: boolean;
  dirty: boolean;
}

interface RunBuffer {
  chunks: Map<string, BufferedChunk>;
  writing: Promise<void>;
  scheduled: boolean;
}

const buffers = new Map<string, RunBuffer>();

/** Buffers item `position` of the run's plan of `kind` and starts writing it in the background. */
export function recordPlanned(runId: string, kind: PlanKind, position: number, what: string): void {
  const buffer = buffers.get(runId) ?? { chunks: new Map(), writing: Promise.resolve(), scheduled: false };
  buffers.set(runId, buffer);
  const seq = Math.floor(position / PLAN_CHUNK_ITEMS);
  const key = chunkKey(runId, kind, seq);
  const chunk = buffer.chunks.get(key) ?? { slots: [], merged: false, dirty: false };
  buffer.chunks.set(key, chunk);
  chunk.slots[position - seq * PLAN_CHUNK_ITEMS] = clipBytes(what, PLAN_ITEM_MAX_BYTES);
  chunk.dirty = true;
  if (!buffer.scheduled) {
    buffer.scheduled = true;
    buffer.writing = buffer.writing.then(() => writeDirty(runId, buffer));
  }
}

async function writeDirty(runId: string, buffer: RunBuffer): Promise<void> {
  buffer.scheduled = false;
  for (const [key, chunk] of buffer.chunks) {
    if (!chunk.dirty) continue;
    chunk.dirty = false;
    try {
      if (!chunk.merged) {
        const stored = await readStored(key, Chunk, await kv().get(key));
        stored?.items.forEach((item, i) => (chunk.slots[i] ??= item));
        chunk.merged = true;
      }
      const items = Array.from({ length: chunk.slots.length }, (_, i) => chunk.slots[i] ?? null);
      await kv().set(key, { items });
    } catch (e) {
      chunk.dirty = true;
      log.warn('plan-write-failed', { run: runId }, e);
    }
  }
  // Full chunks written are not needed in memory any more.
  for (const [key, chunk] of buffer.chunks) if (!chunk.dirty && chunk.slots.length >= PLAN_CHUNK_ITEMS) buffer.chunks.delete(key);
}

/** Waits for the plan items buffered for a run (or for every run) to be written, trying failed writes once more. */
export async function flushPlans(runId?: string): Promise<void> {
  const ids = runId ? [runId] : [...buffers.keys()];
  for (const id of ids) {
    const buffer = buffers.get(id);
    if (!buffer) continue;
    await buffer.writing;
    if ([...buffer.chunks.values()].some((c) => c.dirty)) {
      buffer.writing = buffer.writing.then(() => writeDirty(id, buffer));
      await buffer.writing;
    }
    if (![...buffer.chunks.values()].some((c) => c.dirty) && buffers.get(id) === buffer) buffers.delete(id);
  }
}

/** Items `offset` to `offset + limit` of the plan of `kind` (of `total` items); an item never written is absent. */
export async function readPlan(runId: string, kind: PlanKind, offset: number, limit: number, total: number): Promise<{ position: number; item?: string }[]> {
  const end = Math.min(offset + limit, total);
  if (end <= offset) return [];
  const seqs: number[] = [];
  for (let seq = Math.floor(offset / PLAN_CHUNK_ITEMS); seq * PLAN_CHUNK_ITEMS < end; seq++) seqs.push(seq);
  const stored = await getMany(seqs.map((s) => chunkKey(runId, kind, s)), Chunk);
  const out: { position: number; item?: string }[] = [];
  for (let position = offset; position < end; position++) {
    const seq = Math.floor(position / PLAN_CHUNK_ITEMS);
    const item = stored.get(chunkKey(runId, kind, seq))?.items[position - seq * PLAN_CHUNK_ITEMS];
    out.push(item ? { position, item } : { position });
  }
  return out;
}

/** Removes a run's plan. */
export async function deletePlan(runId: string): Promise<void> {
  buffers.delete(runId);
  // Each pass deletes up to 20 chunks; a plan has at most a few hundred.
  for (let pass = 0; pass < 10_000; pass++) {
    const page = await kv().query(prefix(runId), { limit: 20 });
    if (page.results.length === 0) return;
    await kv().deleteMany(page.results.map((r) => r.key));
    if (!page.nextCursor) return;
  }
}
