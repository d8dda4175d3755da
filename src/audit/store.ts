/**
 * The audit log in storage. Entries are numbered in order; a key holds the number inverted
 * (`audit:e:<9999999999 - seq>`), so keys sort newest first, like run ids, and one query of one key finds the
 * newest entry. Each entry is written twice: once in the whole log and once in its connection's log
 * (`audit:c:<connection>:<inverted connSeq>`), so a page, filtered or not, is one batch read of keys known in
 * advance. Where each log begins is kept in a small tail record (`audit:tail`, `audit:tail:<connection>`).
 *
 * Appending prunes in the same path: beyond the newest 2,000, entries older than 90 days go, and beyond
 * 10,000 the oldest go whatever their age, a few per append (an entry and its connection copy together).
 * Every record is read as its kind says (migrated when older); an unreadable entry is left where it is (the log is
 * evidence: nothing in it is moved), skipped and counted.
 */
import { z } from 'zod';
import { getMany, readStored, storedRecord } from '../config/store';
import { kv } from '../platform/kv';
import { log } from '../platform/log';
import { safeKeyPart } from '../sync/keys';
import { AUDIT_RETENTION, AuditEntry, type AuditInput } from './entry';

const TOP = 9_999_999_999;
const GLOBAL = 'audit:e:';
const connPrefix = (connectionId: string) => `audit:c:${safeKeyPart(connectionId)}:`;
const GLOBAL_TAIL = 'audit:tail';
const connTail = (connectionId: string) => `audit:tail:${safeKeyPart(connectionId)}`;

const keyOf = (prefix: string, seq: number) => `${prefix}${String(TOP - seq).padStart(10, '0')}`;
/** At most this many entries leave the log per append, so an append stays cheap. */
const PRUNE_PER_APPEND = 5;
/** Attempts at a number another writer took at the same moment. */
const CLAIM_ATTEMPTS = 8;
const DAY_MS = 86_400_000;

const Tail = storedRecord('audit log tail', z.object({ seq: z.number().int().min(0) }), { unreadable: 'skip' });
/** The entries as stored; `v` on them is the record version (1). */
const StoredEntry = storedRecord('audit entry', AuditEntry, { unreadable: 'skip' });

/** The newest entry's number under a prefix, or -1 when there is none. */
async function newest(prefix: string): Promise<number> {
  const { results } = await kv().query(prefix, { limit: 1 });
  const key = results[0]?.key;
  if (!key) return -1;
  const inverted = Number(key.slice(prefix.length));
  return Number.isInteger(inverted) ? TOP - inverted : -1;
}

/** Where a log begins (0 when it was never pruned). */
async function tailOf(key: string): Promise<number> {
  return (await readStored(key, Tail, await kv().get(key)))?.seq ?? 0;
}

/** Writes the first free number from `seq` on (another admin's change may have taken it); answers the number. */
async function claim(prefix: string, seq: number, value: (seq: number) => unknown): Promise<number> {
  for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++, seq++) {
    if (await kv().set(keyOf(prefix, seq), value(seq), { ifAbsent: true })) return seq;
  }
  throw new Error(`No free audit entry number under ${prefix} after ${CLAIM_ATTEMPTS} attempts`);
}

/** Records a change; answers the stored entry. */
export async function appendAudit(input: AuditInput, now: Date = new Date()): Promise<AuditEntry> {
  const own = connPrefix(input.connectionId);
  const [last, lastOwn] = await Promise.all([newest(GLOBAL), newest(own)]);
  const base = { ...input, v: 1 as const, at: input.at ?? now.toISOString(), changes: input.changes ?? [] };
  let entry = AuditEntry.parse({ ...base, seq: last + 1, connSeq: lastOwn + 1 });
  const seq = await claim(GLOBAL, entry.seq, (s) => ({ ...entry, seq: s }));
  entry = { ...entry, seq };
  const connSeq = await claim(own, entry.connSeq, (s) => ({ ...entry, connSeq: s }));
  if (connSeq !== entry.connSeq) {
    entry = { ...entry, connSeq };
    await kv().set(keyOf(GLOBAL, seq), entry);
  }
  // The entry is stored: a failure to prune is only logged, and the next append prunes instead.
  await prune(seq, now).catch((e) => log.warn('audit-prune-failed', { phase: 'audit' }, e));
  return entry;
}

/**
 * Drops the oldest entries the retention no longer covers, at most PRUNE_PER_APPEND of them, with their
 * connection copies; moves the tails on.
 */
async function prune(head: number, now: Date): Promise<void> {
  const tail = await tailOf(GLOBAL_TAIL);
  const { newest: keep, max, days } = AUDIT_RETENTION;
  const beyond = head - keep + 1 - tail;
  if (beyond <= 0) return;
  const seqs = Array.from({ length: Math.min(beyond, 20) }, (_, i) => tail + i);
  const found = await kv().getMany(seqs.map((s) => keyOf(GLOBAL, s)));
  const cutoff = now.getTime() - days * DAY_MS;
  const gone: string[] = [];
  const connTails = new Map<string, number>();
  let oldest = tail;
  let dropped = 0;
  for (const s of seqs) {
    const raw = found.get(keyOf(GLOBAL, s));
    if (raw !== undefined) {
      const parsed = await readStored(keyOf(GLOBAL, s), StoredEntry, raw);
      const overMax = head - s + 1 > max;
      if (parsed && !overMax && Date.parse(parsed.at) >= cutoff) break;
      if (dropped >= PRUNE_PER_APPEND) break;
      dropped++;
      gone.push(keyOf(GLOBAL, s));
      if (parsed) {
        const { connectionId, connSeq } = parsed;
        gone.push(keyOf(connPrefix(connectionId), connSeq));
        connTails.set(connectionId, Math.max(connTails.get(connectionId) ?? 0, connSeq + 1));
      }
    }
    oldest = s + 1;
  }
  if (oldest === tail) return;
  if (gone.length > 0) await kv().deleteMany(gone);
  const ids = [...connTails.keys()];
  const current = await getMany(ids.map(connTail), Tail);
  await kv().setMany([
    { key: GLOBAL_TAIL, value: { seq: oldest } },
    ...ids.map((id) => {
      return { key: connTail(id), value: { seq: Math.max(current.get(connTail(id))?.seq ?? 0, connTails.get(id)!) } };
    }),
  ]);
}

export interface AuditEntriesPage {
  entries: AuditEntry[];
  total: number;
  page: number;
  unreadable: number;
}

/** One page of the log (of one connection, when named), newest first. */
export async function readAuditPage(opts: { connectionId?: string; page: number; pageSize: number }): Promise<AuditEntriesPage> {
  const prefix = opts.connectionId ? connPrefix(opts.connectionId) : GLOBAL;
  const [head, tail] = await Promise.all([newest(prefix), tailOf(opts.connectionId ? connTail(opts.connectionId) : GLOBAL_TAIL)]);
  const total = Math.max(0, head - tail + 1);
  const page = Math.min(Math.max(1, opts.page), Math.max(1, Math.ceil(total / opts.pageSize)));
  if (total === 0) return { entries: [], total: 0, page: 1, unreadable: 0 };
  const top = head - (page - 1) * opts.pageSize;
  const bottom = Math.max(tail, top - opts.pageSize + 1);
  const keys = Array.from({ length: top - bottom + 1 }, (_, i) => keyOf(prefix, top - i));
  const found = await kv().getMany(keys);
  const entries: AuditEntry[] = [];
  let unreadable = 0;
  for (const key of keys) {
    const raw = found.get(key);
    if (raw === undefined) continue;
    const parsed = await readStored(key, StoredEntry, raw);
    if (parsed) entries.push(parsed);
    else unreadable++;
  }
  if (unreadable > 0) log.warn('audit-entries-unreadable', { phase: 'audit', count: unreadable });
  return { entries, total, page, unreadable };
}

/** Keys of the audit log (for tests and support): the whole log, a connection's, and the tails. */
export const AUDIT_KEYS = { global: GLOBAL, connection: connPrefix, keyOf };
