/**
 * Sync runs: what the history shows (counts, errors, warnings) and where an unfinished run resumes.
 */
import { StorageUse } from '../platform/kv-pacing';
import { z } from 'zod';
import { getRecord, listRecords, putRecord, readStored, storedRecord } from '../config/store';
import type { HistoryRow, RunSummary } from '../resolvers/contract';
import { kv } from '../platform/kv';
import { clipBytes, deletePlan, flushPlans } from './plan-store';
import { safeKeyPart } from './keys';
import { log } from '../platform/log';

/**
 * First, for the connection: retry the failed items that are due. Per mapping: cases, runs, then (at most
 * hourly) a look for cases deleted in the tool; then, for
 * the whole connection: re-count synced results when the status mapping changed, flush dirty properties,
 * coverage.
 */
const Phase = z.enum(['retry', 'cases', 'runs', 'deletions', 'remap', 'flush', 'coverage', 'done']);
export const FINISHED_STATES = ['succeeded', 'failed', 'partial', 'cancelled'] as const;

/** An unreadable run is left as it is and skipped: its history row goes, the run record stays for support. */
export const RunRecord = storedRecord('sync run', z.object({
  runId: z.string(),
  connectionId: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  dryRun: z.boolean(),
  state: z.enum(['queued', 'running', 'succeeded', 'failed', 'partial', 'cancelled']),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  durationMs: z.number().optional(),
  counts: z.object({
    created: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    linked: z.number(),
    failed: z.number(),
  }),
  planned: z.object({ create: z.array(z.string()), update: z.array(z.string()), link: z.array(z.string()) }).optional(),
  errors: z.array(z.object({ item: z.string().optional(), message: z.string() })),
  warnings: z.array(z.string()),
  waits: z.array(z.object({ at: z.string(), seconds: z.number(), reason: z.string() })).optional(),
  /** When a step last made progress; a run that stops progressing is resumed or ended by the scheduler. */
  heartbeatAt: z.string().optional(),
  /** When the next step is due (a continuation delayed by a rate limit). */
  resumeAt: z.string().optional(),
  /** How many times the scheduler resumed the run after it stopped progressing. */
  resumes: z.number().int().optional(),
  /** Consecutive steps that failed on a passing fault; the run ends when there are too many. */
  stepFailures: z.number().int().optional(),
  /** Consecutive steps that waited for a service's limit without progress. */
  stepWaits: z.number().int().optional(),
  cancelRequested: z.boolean().optional(),
  /** Storage units the run used in its last minute, so a continuation keeps pacing where the last step stood. */
  storageUse: StorageUse.optional(),
  /** Where the run is: advanced by every processed page, so a duplicate or stale event is recognised. */
  cursor: z.object({
    step: z.number(),
    mappingIndex: z.number(),
    phase: Phase,
    pageCursor: z.string().optional(),
    /** Ids of the items of the current page already synced, so a page is resumed where it stopped. */
    doneInPage: z.array(z.string()).optional(),
    /** Requirements whose coverage this run could not write (their markers wait for the next run). */
    coverageSkipped: z.array(z.string()).optional(),
    /** High-water marks seen so far in this mapping, committed when its phase completes. */
    casesHigh: z.string().optional(),
    runsHigh: z.string().optional(),
    /** Ids of the items of the current phase read at exactly its high-water mark. */
    highIds: z.array(z.string()).optional(),
    /** Ids of the mappings this run syncs, fixed when it starts. */
    mappings: z.array(z.string()),
  }),
}), { unreadable: 'skip' });
export type RunRecord = z.infer<typeof RunRecord>;
export type RunPhase = z.infer<typeof Phase>;

/** Run ids sort newest first: the key starts with the inverted start time. */
export function newRunId(now: Date): string {
  const inverted = (9_999_999_999_999 - now.getTime()).toString().padStart(13, '0');
  return `${inverted}-${Math.random().toString(36).slice(2, 8)}`;
}

const key = (runId: string) => `run:${runId}`;
const MAX_ERRORS = 200;

export function getRun(runId: string) {
  return getRecord(key(runId), RunRecord);
}

export async function saveRun(run: RunRecord): Promise<void> {
  if (run.errors.length > MAX_ERRORS) {
    const dropped = run.errors.length - MAX_ERRORS;
    run.errors = [...run.errors.slice(0, MAX_ERRORS - 1), { message: `…and ${dropped + 1} more errors` }];
  }
  run.warnings = [...new Set(run.warnings)].slice(0, 50);

  await putRecord(key(run.runId), RunRecord, run);
}

/** Newest first. */
export async function listRuns(limit = 20): Promise<RunRecord[]> {
  return (await listRecords('run:', RunRecord, limit)).map((r) => r.value);
}

/**
 * Run-end housekeeping: the run's plan written out, the history ledger brought up to date, and runs past the
 * retention (HISTORY_RETENTION) deleted with their plans.
 */
export async function pruneRuns(): Promise<void> {
  await flushPlans();
  await updateLedger('prune');
}

/** A run as the admin page shows it; while it is unfinished, with the phase it is in and its mapping of how many. */
export function toSummary(run: RunRecord): RunSummary {
  const { cursor, heartbeatAt: _h, resumeAt: _r, resumes: _n, stepFailures: _f, stepWaits: _w, storageUse: _s, ...summary } = run;
  if (isFinished(run)) return summary;
  const mappings = cursor.mappings.length;
  return { ...summary, phase: cursor.phase, progress: { mapping: Math.min(cursor.mappingIndex + 1, Math.max(mappings, 1)), mappings } };
}

export const isFinished = (run: RunRecord) => (FINISHED_STATES as readonly string[]).includes(run.state);

/** Records a wait for a service's limit (kept short: the latest 20). */
export function recordWait(run: RunRecord, seconds: number, reason: string, now: Date): void {
  run.waits = [...(run.waits ?? []), { at: now.toISOString(), seconds, reason }].slice(-20);
}

// ---- history: a compact ledger of each connection's runs ----
//
// Listing a connection's history from the run records alone would read every run of every connection (the
// records sort by start time only). So each connection has a ledger: a few chunk records of one small entry per
// run, brought up to date from the run records (new runs are at the front of `run:`, unfinished ones are looked
// at again) whenever a run ends and whenever the history is read, by one process at a time (a short lock; a
// reader that finds it taken adds what is new in memory). Pruning works on the ledger and deletes the runs (and
// dry-run plans) it drops.

/** Each connection's runs are kept this many days back from its latest run, at most this many, of them at most this many quiet ones. */
export const HISTORY_RETENTION = { days: 30, perConnection: 500, quietKept: 50 } as const;

const LedgerEntry = z.object({
  id: z.string(),
  tr: z.enum(['schedule', 'manual']),
  dry: z.boolean(),
  st: RunRecord.shape.state,
  at: z.string(),
  end: z.string().optional(),
  ms: z.number().optional(),
  /** created, updated, unchanged, linked, failed */
  n: z.array(z.number()).length(5),
  e: z.number(),
  w: z.number(),
  wt: z.number(),
  cause: z.string().optional(),
  ph: Phase.optional(),
  cx: z.boolean().optional(),
});
type LedgerEntry = z.infer<typeof LedgerEntry>;
const Chunk = storedRecord('history ledger chunk', z.object({ entries: z.array(LedgerEntry) }), { unreadable: 'skip' });
const Meta = storedRecord('history ledger bounds', z.object({ first: z.number().int(), last: z.number().int() }), { unreadable: 'skip' });
const Mark = storedRecord('history ledger mark', z.object({
  /** The newest run taken in. */
  newest: z.string().optional(),
  /** Runs taken in that started shortly before it (a run may be stored a little after a newer one). */
  recent: z.array(z.string()),
  /** Unfinished runs taken in, to look at again. */
  open: z.array(z.object({ id: z.string(), c: z.string() })),
}), { unreadable: 'skip' });
type Mark = z.infer<typeof Mark>;

/** ≤ 200 entries of ≤ ~800 bytes: a chunk stays under 160 KiB. */
const CHUNK_ENTRIES = 200;
const CAUSE_MAX_BYTES = 400;
const MARGIN_MS = 10 * 60_000;
const SCAN_MAX = 1000;
const LOCK_KEY = 'runlog-lock';
const MARK_KEY = 'runlog-mark';
const LOCK_SECONDS = 60;
const chunkKey = (connectionId: string, seq: number) => `runlog:${safeKeyPart(connectionId)}:${String(seq).padStart(6, '0')}`;
const metaKey = (connectionId: string) => `runlogmeta:${safeKeyPart(connectionId)}`;
const startOf = (runId: string) => 9_999_999_999_999 - Number(runId.slice(0, 13));

function entryOf(run: RunRecord): LedgerEntry {
  const c = run.counts;
  const cause = [...run.errors].reverse().find((e) => !e.item)?.message;
  return {
    id: run.runId,
    tr: run.trigger,
    dry: run.dryRun,
    st: run.state,
    at: run.startedAt,
    ...(run.finishedAt ? { end: run.finishedAt } : {}),
    ...(run.durationMs !== undefined ? { ms: run.durationMs } : {}),
    n: [c.created, c.updated, c.unchanged, c.linked, c.failed],
    e: run.errors.length,
    w: run.warnings.length,
    wt: run.waits?.length ?? 0,
    ...(cause ? { cause: clipBytes(cause, CAUSE_MAX_BYTES) } : {}),
    ...(!isFinished(run) ? { ph: run.cursor.phase } : {}),
    ...(run.cancelRequested ? { cx: true } : {}),
  };
}

export function historyRow(connectionId: string, e: LedgerEntry): HistoryRow {
  const [created, updated, unchanged, linked, failed] = e.n;
  return {
    runId: e.id,
    connectionId,
    trigger: e.tr,
    dryRun: e.dry,
    state: e.st,
    startedAt: e.at,
    ...(e.end ? { finishedAt: e.end } : {}),
    ...(e.ms !== undefined ? { durationMs: e.ms } : {}),
    counts: { created, updated, unchanged, linked, failed },
    errorCount: e.e,
    warningCount: e.w,
    waitCount: e.wt,
    ...(e.cause ? { cause: e.cause } : {}),
    ...(e.ph ? { phase: e.ph } : {}),
    ...(e.cx ? { cancelRequested: true } : {}),
  };
}

const unfinished = (e: LedgerEntry) => e.st === 'queued' || e.st === 'running';
/** A run that changed nothing and had nothing to say: the kind of run the history keeps only the newest of. */
const quiet = (e: LedgerEntry) => e.st === 'succeeded' && !e.dry && e.tr === 'schedule' && e.n[0] + e.n[1] + e.n[3] + e.n[4] === 0 && e.e + e.w + e.wt === 0;

/** Which entries (newest first) the retention keeps. */
function retained(entries: LedgerEntry[]): { keep: LedgerEntry[]; drop: LedgerEntry[] } {
  const newest = Math.max(...entries.map((e) => Date.parse(e.at)));
  const horizon = newest - HISTORY_RETENTION.days * 86_400_000;
  const keep: LedgerEntry[] = [];
  const drop: LedgerEntry[] = [];
  let quietKept = 0;
  for (const e of entries) {
    if (unfinished(e)) keep.push(e);
    else if (Date.parse(e.at) < horizon || keep.length >= HISTORY_RETENTION.perConnection) drop.push(e);
    else if (quiet(e) && ++quietKept > HISTORY_RETENTION.quietKept) drop.push(e);
    else keep.push(e);
  }
  return { keep, drop };
}

const newestFirst = (a: LedgerEntry, b: LedgerEntry) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id);

interface Ledger {
  connectionId: string;
  meta?: z.infer<typeof Meta>;
  chunks: Map<number, LedgerEntry[]>;
  /** The chunks as stored, so only changed ones are written. */
  stored: Map<number, string>;
}

async function loadLedgers(connectionIds: string[]): Promise<Map<string, Ledger>> {
  const metas = await kv().getMany(connectionIds.map(metaKey));
  const ledgers = new Map<string, Ledger>();
  const keys: { key: string; connectionId: string; seq: number }[] = [];
  for (const connectionId of connectionIds) {
    const meta = await readStored(metaKey(connectionId), Meta, metas.get(metaKey(connectionId)));
    ledgers.set(connectionId, { connectionId, ...(meta ? { meta } : {}), chunks: new Map(), stored: new Map() });
    if (meta) for (let seq = meta.first; seq <= meta.last; seq++) keys.push({ key: chunkKey(connectionId, seq), connectionId, seq });
  }
  const stored = await kv().getMany(keys.map((k) => k.key));
  for (const k of keys) {
    const chunk = await readStored(k.key, Chunk, stored.get(k.key));
    if (!chunk) continue;
    ledgers.get(k.connectionId)!.chunks.set(k.seq, chunk.entries);
    ledgers.get(k.connectionId)!.stored.set(k.seq, JSON.stringify(chunk.entries));
  }
  return ledgers;
}

const entriesOf = (l: Ledger) => [...l.chunks.values()].flat().sort(newestFirst);

/** What the ledgers do not hold yet: runs started since they were last brought up to date, and unfinished runs as they are now. */
interface Changes {
  mark: Mark;
  fresh: RunRecord[];
  /** Unfinished runs looked at again: the run, or null when it is gone. */
  reread: Map<string, { connectionId: string; run: RunRecord | null }>;
  seen: string[];
  complete: boolean;
}

async function changesSinceMark(): Promise<Changes> {
  const mark = (await readStored(MARK_KEY, Mark, await kv().get(MARK_KEY))) ?? { recent: [], open: [] };
  const since = mark.newest ? startOf(mark.newest) - MARGIN_MS : -Infinity;
  const recent = new Set(mark.recent);
  const fresh: RunRecord[] = [];
  const seen: string[] = [];
  let cursor: string | undefined;
  let complete = true;
  scan: do {
    const page = await kv().query('run:', { cursor, limit: 20 });
    for (const r of page.results) {
      const runId = r.key.slice('run:'.length);
      if (startOf(runId) < since) break scan;
      seen.push(runId);
      if (recent.has(runId)) continue;
      const parsed = await readStored(r.key, RunRecord, r.value);
      if (parsed) fresh.push(parsed);
    }
    cursor = page.nextCursor;
    if (fresh.length >= SCAN_MAX) complete = !cursor;
  } while (cursor && fresh.length < SCAN_MAX);
  const open = mark.open.filter((o) => !fresh.some((f) => f.runId === o.id));
  const stored = await kv().getMany(open.map((o) => key(o.id)));
  const reread = new Map<string, { connectionId: string; run: RunRecord | null }>();
  for (const o of open) {
    const parsed = await readStored(key(o.id), RunRecord, stored.get(key(o.id)));
    reread.set(o.id, { connectionId: o.c, run: parsed ?? null });
  }
  return { mark, fresh, reread, seen, complete };
}

/** Applies the changes to the ledgers in memory; answers the connections whose ledger changed. */
function applyChanges(ledgers: Map<string, Ledger>, changes: Changes): Set<string> {
  const touched = new Set<string>();
  const put = (connectionId: string, entry: LedgerEntry | null, id: string) => {
    const ledger = ledgers.get(connectionId);
    if (!ledger) return;
    touched.add(connectionId);
    for (const [seq, entries] of ledger.chunks) {
      const i = entries.findIndex((e) => e.id === id);
      if (i < 0) continue;
      const next = [...entries];
      if (entry) next[i] = entry;
      else next.splice(i, 1);
      ledger.chunks.set(seq, next);
      return;
    }
    if (!entry) return;
    const last = ledger.meta?.last ?? 0;
    const head = ledger.chunks.get(last) ?? [];
    if (head.length < CHUNK_ENTRIES) ledger.chunks.set(last, [...head, entry]);
    else ledger.chunks.set(last + 1, [entry]);
    ledger.meta = { first: ledger.meta?.first ?? 0, last: Math.max(last, ...ledger.chunks.keys()) };
  };
  for (const run of changes.fresh) put(run.connectionId, entryOf(run), run.runId);
  for (const [id, { connectionId, run }] of changes.reread) put(connectionId, run ? entryOf(run) : null, id);
  return touched;
}

/** The mark after the changes: the newest run, the ones just before it, the unfinished ones. */
function nextMark(changes: Changes): Mark {
  const { mark, fresh, reread, seen, complete } = changes;
  const open = [
    ...fresh.filter((r) => !isFinished(r)).map((r) => ({ id: r.runId, c: r.connectionId })),
    ...[...reread].filter(([, v]) => v.run && !isFinished(v.run)).map(([id, v]) => ({ id, c: v.connectionId })),
  ];
  if (!complete) return { ...mark, recent: [...new Set([...mark.recent, ...seen])], open };
  const newest = seen[0] ?? mark.newest;
  const floor = newest ? startOf(newest) - MARGIN_MS : -Infinity;
  return { ...(newest ? { newest } : {}), recent: seen.filter((id) => startOf(id) >= floor), open };
}

/** Writes the touched ledgers after pruning them; answers the run ids dropped. */
async function saveLedgers(ledgers: Map<string, Ledger>, touched: Set<string>): Promise<string[]> {
  const dropped: string[] = [];
  const writes: { key: string; value: unknown }[] = [];
  const deletes: string[] = [];
  for (const connectionId of touched) {
    const ledger = ledgers.get(connectionId)!;
    const all = entriesOf(ledger);
    const { keep, drop } = retained(all);
    dropped.push(...drop.map((e) => e.id));
    const gone = new Set(drop.map((e) => e.id));
    let chunks = new Map([...ledger.chunks].map(([seq, entries]) => [seq, entries.filter((e) => !gone.has(e.id))] as const).filter(([, e]) => e.length > 0));
    // Thinned chunks are packed again when there are more of them than the entries need.
    if (chunks.size > Math.ceil(keep.length / CHUNK_ENTRIES) + 2) {
      const first = Math.min(...chunks.keys());
      const oldestFirst = [...keep].reverse();
      chunks = new Map();
      for (let i = 0; i < oldestFirst.length; i += CHUNK_ENTRIES) chunks.set(first + i / CHUNK_ENTRIES, oldestFirst.slice(i, i + CHUNK_ENTRIES));
    }
    for (const seq of ledger.stored.keys()) if (!chunks.has(seq)) deletes.push(chunkKey(connectionId, seq));
    for (const [seq, entries] of chunks) if (ledger.stored.get(seq) !== JSON.stringify(entries)) writes.push({ key: chunkKey(connectionId, seq), value: { entries } });
    if (chunks.size === 0) deletes.push(metaKey(connectionId));
    else writes.push({ key: metaKey(connectionId), value: { first: Math.min(...chunks.keys()), last: Math.max(...chunks.keys()) } });
    ledger.chunks = chunks;
    ledger.stored = new Map([...chunks].map(([seq, entries]) => [seq, JSON.stringify(entries)]));
  }
  await kv().setMany(writes);
  if (deletes.length > 0) await kv().deleteMany(deletes);
  return dropped;
}

async function takeLock(): Promise<boolean> {
  return kv().set(LOCK_KEY, { at: new Date().toISOString() }, { ifAbsent: true, ttlSeconds: LOCK_SECONDS });
}

async function storedConnectionIds(): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await kv().query('connection:', { cursor, limit: 20 });
    for (const r of page.results) ids.add(r.key.slice('connection:'.length));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

/**
 * Brings the ledgers up to date and prunes them (unless another process is doing it) and answers the ledgers
 * of `wanted` connections with what is new. Run-end housekeeping (`prune`) fails when storage does; a reader
 * (`read`) gets the ledgers with what is new added in memory even when writing them failed.
 */
async function updateLedger(mode: 'prune' | 'read', wanted: string[] = []): Promise<Map<string, Ledger>> {
  const tolerate = <T>(work: Promise<T>, fallback: T): Promise<T> =>
    mode === 'prune' ? work : work.catch((e) => (log.warn('history-ledger-not-saved', { phase: 'history' }, e), fallback));
  const locked = await tolerate(takeLock(), false);
  try {
    const changes = await changesSinceMark();
    const known = await storedConnectionIds();
    const involved = new Set([...wanted, ...changes.fresh.map((r) => r.connectionId), ...[...changes.reread.values()].map((v) => v.connectionId)]);
    const ledgers = await loadLedgers([...involved].filter((c) => known.has(c)));
    const touched = applyChanges(ledgers, changes);
    if (!locked) return ledgers;
    await tolerate(
      (async () => {
        const dropped = await saveLedgers(ledgers, touched);
        // Finished runs of connections that were deleted meanwhile go too.
        const runs = [...changes.fresh, ...[...changes.reread.values()].flatMap((v) => (v.run ? [v.run] : []))];
        for (const r of runs) if (!known.has(r.connectionId) && isFinished(r)) dropped.push(r.runId);
        await putRecord(MARK_KEY, Mark, nextMark(changes));
        await deleteRuns(dropped);
      })(),
      undefined,
    );
    return ledgers;
  } finally {
    if (locked) await tolerate(kv().delete(LOCK_KEY), undefined);
  }
}

async function deleteRuns(runIds: string[]): Promise<void> {
  for (let i = 0; i < runIds.length; i += 20) await kv().deleteMany(runIds.slice(i, i + 20).map(key));
  for (const runId of runIds) await deletePlan(runId);
}

/** The history of these connections (all of them when none are named), newest first, up to date. */
export async function historyOf(connectionIds?: string[]): Promise<HistoryRow[]> {
  const ids = connectionIds ?? [...(await storedConnectionIds())];
  const ledgers = await updateLedger('read', ids);
  const rows: HistoryRow[] = [];
  for (const id of ids) {
    const ledger = ledgers.get(id);
    if (ledger) rows.push(...entriesOf(ledger).map((e) => historyRow(id, e)));
  }
  return rows.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.runId.localeCompare(b.runId));
}

/** Removes a connection's whole history (its runs, their plans, its ledger); answers how many runs. */
export async function deleteHistoryOf(connectionId: string): Promise<number> {
  for (let attempt = 0; !(await takeLock()); attempt++) {
    if (attempt >= 20) throw new Error('The sync history is being updated; try again in a minute.');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  try {
    const ledger = (await loadLedgers([connectionId])).get(connectionId)!;
    const ids = new Set(entriesOf(ledger).map((e) => e.id));
    const mark = await readStored(MARK_KEY, Mark, await kv().get(MARK_KEY));
    for (const o of mark?.open ?? []) if (o.c === connectionId) ids.add(o.id);
    if (mark) await putRecord(MARK_KEY, Mark, { ...mark, open: mark.open.filter((o) => o.c !== connectionId) });
    await deleteRuns([...ids]);
    const keys = [...ledger.chunks.keys()].map((seq) => chunkKey(connectionId, seq));
    await kv().deleteMany([...keys, metaKey(connectionId)]);
    return ids.size;
  } finally {
    await kv().delete(LOCK_KEY);
  }
}
