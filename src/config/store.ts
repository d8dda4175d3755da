/**
 * Typed access to the app's key-value storage (through the storage port): every stored record is validated
 * with zod when read, so a damaged or outdated record is reported instead of flowing into the sync.
 */
import type { z } from 'zod';
import { kv } from '../platform/kv';

export class StoredRecordError extends Error {
  constructor(key: string, detail: string) {
    super(`Stored record ${key} is not valid: ${detail}`);
    this.name = 'StoredRecordError';
  }
}

function parse<S extends z.ZodType>(key: string, schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new StoredRecordError(key, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

export async function getRecord<S extends z.ZodType>(key: string, schema: S): Promise<z.infer<S> | undefined> {
  const raw = await kv().get(key);
  return raw === undefined ? undefined : parse(key, schema, raw);
}

export async function putRecord<S extends z.ZodType>(key: string, schema: S, value: z.infer<S>): Promise<void> {
  await kv().set(key, schema.parse(value));
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
    const page = await kv().query(prefix, { cursor, limit: Math.min(20, max - out.length) });
    for (const r of page.results) out.push({ key: r.key, value: parse(r.key, schema, r.value) });
    cursor = page.nextCursor;
  } while (cursor && out.length < max);
  return out;
}

/**
 * One page of records under a prefix, with unreadable ones reported apart rather than failing the page:
 * one damaged record must not stop the others from being worked on.
 */
export async function pageRecords<S extends z.ZodType>(
  prefix: string,
  schema: S,
  cursor?: string,
): Promise<{ records: { key: string; value: z.infer<S> }[]; damaged: { key: string; error: string }[]; nextCursor?: string }> {
  const page = await kv().query(prefix, { cursor, limit: 20 });
  const records: { key: string; value: z.infer<S> }[] = [];
  const damaged: { key: string; error: string }[] = [];
  for (const r of page.results) {
    const parsed = schema.safeParse(r.value);
    if (parsed.success) records.push({ key: r.key, value: parsed.data });
    else damaged.push({ key: r.key, error: parsed.error.issues[0]?.message ?? 'invalid' });
  }
  return { records, damaged, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

export async function deleteRecord(key: string): Promise<void> {
  await kv().delete(key);
}

/** Deletes every key under a prefix, a page at a time; answers how many. */
export async function deletePrefix(prefix: string): Promise<number> {
  let deleted = 0;
  for (let pass = 0; pass < 100_000; pass++) {
    const page = await kv().query(prefix, { limit: 20 });
    if (page.results.length === 0) break;
    await kv().deleteMany(page.results.map((r) => r.key));
    deleted += page.results.length;
  }
  return deleted;
}

export async function deleteMany(keys: string[]): Promise<void> {
  if (keys.length > 0) await kv().deleteMany(keys);
}

/** Reads many keys at once; missing keys are absent from the map. */
export async function getMany<S extends z.ZodType>(keys: string[], schema: S): Promise<Map<string, z.infer<S>>> {
  const out = new Map<string, z.infer<S>>();
  if (keys.length === 0) return out;
  for (const [key, raw] of await kv().getMany(keys)) out.set(key, parse(key, schema, raw));
  return out;
}

/** Writes many records at once; fails when the platform refused any of them. */
export async function putMany<S extends z.ZodType>(items: { key: string; value: z.infer<S> }[], schema: S): Promise<void> {
  if (items.length === 0) return;
  await kv().setMany(items.map((it) => ({ key: it.key, value: schema.parse(it.value) })));
}
