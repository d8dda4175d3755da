/**
 * Typed access to the app's key-value storage (through the storage port). Every record is read as its kind says
 * (`migrations/record-kinds.ts`): an older record is migrated to the current shape, a record of a newer release is
 * left alone, and an unreadable one fails the read, is skipped, or is set aside, so one damaged record never stops
 * the others from being worked on. A migrated record is not written back on read: it is written in the current
 * shape the next time its owner writes it anyway.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { z } from 'zod';
import { kv } from '../platform/kv';
import { log } from '../platform/log';
import { describeProblems, kindOf, stamped, upgrade, type Problem, type RecordKind } from './migrations/record-kinds';

export { storedRecord } from './migrations/record-kinds';

export class StoredRecordError extends Error {
  constructor(key: string, detail: string) {
    super(`Stored record ${key} is not valid: ${detail}`);
    this.name = 'StoredRecordError';
  }
}

/** A record written by a newer release of the app than this one (a rollback): never read as, or replaced by, an older shape. */
export class NewerRecordError extends StoredRecordError {
  constructor(
    readonly key: string,
    readonly version: number,
    readonly known: number,
  ) {
    super(key, `it was written by a newer release of TestSync (record version ${version}; this release reads up to version ${known}). It is left unchanged until that release runs again.`);
    this.name = 'NewerRecordError';
  }
}

// ---- what happens to records that cannot be read ----

/** A record a read could not use, and what became of it. */
export interface UnreadableRecord {
  key: string;
  kind: string;
  /** The fields at fault: `property.status: Invalid option`. */
  problem: string;
  /** Moved to `quarantine:<key>`, mended in place (the damaged one kept aside), left where it is, or not written over. */
  outcome: 'set aside' | 'repaired' | 'kept' | 'not overwritten';
  newerVersion?: number;
  /** What the admin reads: the key, the field, and what happens next. */
  message: string;
}

export interface StoredRecordListener {
  report(record: UnreadableRecord): void;
  /** A dry run: unreadable records are reported and skipped, never moved. */
  readOnly?: boolean;
  /** The caller's clock (a sync's), for what is recorded about a record set aside. */
  now?: () => Date;
}

const listening = new AsyncLocalStorage<StoredRecordListener>();

/** Runs `fn` with the unreadable records its reads meet reported to `listener` (a sync run's warnings). */
export function withStoredRecordListener<T>(listener: StoredRecordListener, fn: () => Promise<T>): Promise<T> {
  return listening.run(listener, fn);
}

const clock = () => listening.getStore()?.now?.() ?? new Date();

function report(record: UnreadableRecord): void {
  log.warn('stored-record-unreadable', { key: record.key, kind: record.kind, outcome: record.outcome, problem: record.problem });
  listening.getStore()?.report(record);
}

const QUARANTINE_PREFIX = 'quarantine:';
/** Kept for support to look at, then gone on its own. */
const QUARANTINE_TTL_SECONDS = 30 * 24 * 3600;
/** A damaged value larger than this is not copied (the copy and what is said about it must fit a value). */
const QUARANTINE_VALUE_MAX_CHARS = 200_000;
const KEY_MAX = 500;

const quarantineKey = (key: string) => `${QUARANTINE_PREFIX}${key}`.slice(0, KEY_MAX);

/**
 * Records of a newer release seen through each store in use: a write of this release never replaces them. The
 * store a sync step uses is its own (paced) one, so the memory lasts a step; outside a step it lasts the process.
 */
const newerSeen = new WeakMap<object, Map<string, number>>();
const newerOf = () => {
  const port = kv();
  if (!newerSeen.has(port)) newerSeen.set(port, new Map());
  return newerSeen.get(port)!;
};

/** Whether a read met this record written by a newer release (its item is left to that release). */
export function heldByNewerRelease(key: string): boolean {
  return newerOf().has(key);
}

async function setAside(key: string, kind: RecordKind, raw: unknown, problems: Problem[]): Promise<{ repaired?: unknown }> {
  const now = clock();
  const size = JSON.stringify(raw)?.length ?? 0;
  await kv().set(
    quarantineKey(key),
    {
      key,
      kind: kind.name,
      problem: describeProblems(problems),
      at: now.toISOString(),
      ...(size <= QUARANTINE_VALUE_MAX_CHARS ? { value: raw } : { valueChars: size }),
    },
    { ttlSeconds: QUARANTINE_TTL_SECONDS },
  );
  const mended = kind.repair?.(raw);
  const repaired = mended === undefined ? undefined : upgrade(kind, mended);
  if (repaired?.ok) {
    await kv().set(key, stamped(kind, repaired.value));
    return { repaired: repaired.value };
  }
  await kv().delete(key);
  await kind.afterSetAside?.({ key, raw, now });
  return {};
}

/**
 * A stored value as its kind reads it: the current shape, or nothing when the kind says to go on without it.
 * Throws for a kind whose unreadable records must fail the read.
 */
async function readValue<S extends z.ZodType>(key: string, schema: S, raw: unknown): Promise<{ value: z.output<S> } | undefined> {
  const kind = kindOf(schema);
  const read = upgrade(kind, raw);
  if (read.ok) return { value: read.value };
  const problem = describeProblems(read.problems);
  if (read.newer !== undefined) {
    newerOf().set(key, read.newer);
    if (kind.unreadable === 'throw') throw new NewerRecordError(key, read.newer, kind.version);
    const message = `Stored record ${key} was written by a newer release of TestSync (record version ${read.newer}; this release reads up to version ${kind.version}); it is left unchanged and skipped.`;
    report({ key, kind: kind.name, problem, outcome: 'kept', newerVersion: read.newer, message });
    return undefined;
  }
  // Never the value itself: it may be all that is wrong, or a secret.
  if (kind.unreadable === 'throw') throw new StoredRecordError(key, kind.secret ? 'the stored value does not have the expected shape' : problem);
  if (kind.unreadable === 'skip' || listening.getStore()?.readOnly) {
    report({ key, kind: kind.name, problem, outcome: 'kept', message: `Stored record ${key} could not be read (${problem}); it is skipped.` });
    return undefined;
  }
  const { repaired } = await setAside(key, kind, raw, read.problems);
  const aside = quarantineKey(key);
  if (repaired !== undefined) {
    const next = kind.consequence?.repaired ? ` ${kind.consequence.repaired}` : '';
    const message = `Stored record ${key} could not be read (${problem}); what could be read of it was kept, and the damaged record as ${aside}.${next}`;
    report({ key, kind: kind.name, problem, outcome: 'repaired', message });
    return { value: repaired as z.output<S> };
  }
  const next = kind.consequence?.setAside ? ` ${kind.consequence.setAside}` : '';
  report({ key, kind: kind.name, problem, outcome: 'set aside', message: `Stored record ${key} could not be read (${problem}); it was set aside as ${aside}.${next}` });
  return undefined;
}

/** The stored value as its kind reads it (for modules that read storage through `kv()` themselves). */
export async function readStored<S extends z.ZodType>(key: string, schema: S, raw: unknown): Promise<z.output<S> | undefined> {
  return raw === undefined ? undefined : (await readValue(key, schema, raw))?.value;
}

export async function getRecord<S extends z.ZodType>(key: string, schema: S): Promise<z.output<S> | undefined> {
  return readStored(key, schema, await kv().get(key));
}

export async function putRecord<S extends z.ZodType>(key: string, schema: S, value: z.output<S>): Promise<void> {
  const newer = newerOf().get(key);
  if (newer !== undefined) throw new NewerRecordError(key, newer, kindOf(schema).version);
  await kv().set(key, stamped(kindOf(schema), value));
}

/** Every readable record whose key begins with the prefix (the platform returns at most 20 a page). */
export async function listRecords<S extends z.ZodType>(prefix: string, schema: S, max = 1000): Promise<{ key: string; value: z.output<S> }[]> {
  const out: { key: string; value: z.output<S> }[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv().query(prefix, { cursor, limit: Math.min(20, max - out.length) });
    for (const r of page.results) {
      const read = await readValue(r.key, schema, r.value);
      if (read) out.push({ key: r.key, value: read.value });
    }
    cursor = page.nextCursor;
  } while (cursor && out.length < max);
  return out;
}

/**
 * One page of records under a prefix, with the unusable ones reported apart rather than failing the page (and
 * skipped, set aside or mended as their kind says; a mended one is among the records).
 */
export async function pageRecords<S extends z.ZodType>(
  prefix: string,
  schema: S,
  cursor?: string,
): Promise<{ records: { key: string; value: z.output<S> }[]; damaged: { key: string; error: string }[]; nextCursor?: string }> {
  const page = await kv().query(prefix, { cursor, limit: 20 });
  const records: { key: string; value: z.output<S> }[] = [];
  const damaged: { key: string; error: string }[] = [];
  const kind = kindOf(schema);
  for (const r of page.results) {
    const read = upgrade(kind, r.value);
    if (read.ok) {
      records.push({ key: r.key, value: read.value });
      continue;
    }
    // A kind whose reads fail is only reported here, so the page goes on; the others are skipped, set aside or mended.
    if (kind.unreadable === 'throw') {
      if (read.newer !== undefined) newerOf().set(r.key, read.newer);
      damaged.push({ key: r.key, error: describeProblems(read.problems) });
      continue;
    }
    const mended = await readValue(r.key, schema, r.value);
    if (mended) records.push({ key: r.key, value: mended.value });
    else damaged.push({ key: r.key, error: describeProblems(read.problems) });
  }
  return { records, damaged, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

export async function deleteRecord(key: string): Promise<void> {
  await kv().delete(key);
  newerOf().delete(key);
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
  if (keys.length === 0) return;
  await kv().deleteMany(keys);
  const newer = newerOf();
  for (const key of keys) newer.delete(key);
}

/** Reads many keys at once; missing keys, and records their kind goes on without, are absent from the map. */
export async function getMany<S extends z.ZodType>(keys: string[], schema: S): Promise<Map<string, z.output<S>>> {
  const records = new Map<string, z.output<S>>();
  if (keys.length === 0) return records;
  for (const [key, raw] of await kv().getMany(keys)) {
    const read = await readValue(key, schema, raw);
    if (read) records.set(key, read.value);
  }
  return records;
}

/**
 * Writes many records at once; fails when the platform refused any of them. A record a newer release wrote is
 * left as it is (and said so), so one such record does not stop the others.
 */
export async function putMany<S extends z.ZodType>(items: { key: string; value: z.output<S> }[], schema: S): Promise<void> {
  const kind = kindOf(schema);
  const newer = newerOf();
  const writes: { key: string; value: unknown }[] = [];
  for (const it of items) {
    const version = newer.get(it.key);
    if (version === undefined) writes.push({ key: it.key, value: stamped(kind, it.value) });
    else {
      const message = `Stored record ${it.key} was written by a newer release of TestSync (record version ${version}); this release did not write over it.`;
      report({ key: it.key, kind: kind.name, problem: `v: is ${version}`, outcome: 'not overwritten', newerVersion: version, message });
    }
  }
  if (writes.length > 0) await kv().setMany(writes);
}
