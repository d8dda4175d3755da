/**
 * Typed access to the app's key-value storage: every stored record is validated with zod when read, so a
 * damaged or outdated record is reported instead of flowing into the sync.
 */
import { kvs } from '@forge/kvs';
import type { z } from 'zod';

export class StoredRecordError extends Error {
  constructor(key: string, detail: string) {
    super(`Stored record ${key} is not valid: ${detail}`);
    this.name = 'StoredRecordError';
  }
}

export async function getRecord<S extends z.ZodType>(key: string, schema: S): Promise<z.infer<S> | undefined> {
  const raw = await kvs.get<unknown>(key);
  if (raw === undefined) return undefined;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new StoredRecordError(key, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

export async function putRecord<S extends z.ZodType>(key: string, schema: S, value: z.infer<S>): Promise<void> {
  await kvs.set(key, schema.parse(value));
}

/** Every record whose key begins with the prefix (the platform returns at most 20 a page). */
export async function listRecords<S extends z.ZodType>(
  prefix: string,
  schema: S,
  max = 1000,
): Promise<{ key: string; value: z.infer<S> }[]> {
  const out: { key: string; value: z.infer<S> }[] = [];
  let cursor: string | undefined;
  do {
    let q = kvs.query().where('key', { condition: 'BEGINS_WITH', values: [prefix] }).limit(Math.min(20, max - out.length));
    if (cursor) q = q.cursor(cursor);
    const page = await q.getMany<unknown>();
    for (const r of page.results) {
      const parsed = schema.safeParse(r.value);
      if (!parsed.success) throw new StoredRecordError(r.key, parsed.error.issues[0]?.message ?? 'invalid');
      out.push({ key: r.key, value: parsed.data });
    }
    cursor = page.nextCursor;
  } while (cursor && out.length < max);
  return out;
}

export async function deleteRecord(key: string): Promise<void> {
  await kvs.delete(key);
}

/** Reads many keys at once; missing keys are absent from the map. */
export async function getMany<S extends z.ZodType>(keys: string[], schema: S): Promise<Map<string, z.infer<S>>> {
  const out = new Map<string, z.infer<S>>();
  for (let i = 0; i < keys.length; i += 20) {
    const chunk = keys.slice(i, i + 20);
    if (chunk.length === 0) continue;
    const res = await kvs.batchGet<unknown>(chunk.map((key) => ({ key })));
    for (const item of res.successfulKeys) {
      const parsed = schema.safeParse(item.value);
      if (!parsed.success) throw new StoredRecordError(item.key, parsed.error.issues[0]?.message ?? 'invalid');
      out.set(item.key, parsed.data);
    }
    const failed = res.failedKeys.filter((f) => f.error.code !== 'KEY_NOT_FOUND');
    if (failed.length > 0) throw new Error(`Storage could not read ${failed.map((f) => `${f.key} (${f.error.code})`).join(', ')}`);
  }
  return out;
}

/** Writes many records at once; fails when the platform refused any of them. */
export async function putMany<S extends z.ZodType>(items: { key: string; value: z.infer<S> }[], schema: S): Promise<void> {
  for (let i = 0; i < items.length; i += 20) {
    const chunk = items.slice(i, i + 20);
    if (chunk.length === 0) continue;
    const res = await kvs.batchSet(chunk.map((it) => ({ key: it.key, value: schema.parse(it.value) })));
    if (res.failedKeys.length > 0) {
      throw new Error(`Storage refused ${res.failedKeys.map((f) => `${f.key} (${f.error.code}: ${f.error.message})`).join(', ')}`);
    }
  }
}
