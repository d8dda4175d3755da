/**
 * Keeps a sync's storage use under Forge's per-installation limits (4,000 read and 4,000 write units a
 * minute, a unit being 10 KB of a key's value, at least one per key). Every call through the paced store is
 * counted in units over a sliding minute; a call that would take the minute past the pacer's share waits
 * until enough of the minute has passed. Reads are counted when answered (their size is known then), so a
 * minute can go over its share by one call's worth, never by more.
 *
 * The use of the last minute travels with the run (`snapshot`), so a continuation in a new invocation starts
 * where the previous one stood, not with a fresh minute.
 */
import { z } from 'zod';
import { KV_BATCH, type KvEntry, type KvPort } from './kv';

/** Forge's limit per installation and minute, for reads and for writes alike. */
export const FORGE_KVS_UNITS_PER_MINUTE = 4000;
const WINDOW_MS = 60_000;
const BUCKET_MS = 10_000;

export const StorageUse = z.array(z.object({ at: z.number(), read: z.number(), write: z.number() })).max(12);
export type StorageUse = z.infer<typeof StorageUse>;

/** Units of one key's value: 10 KB each, at least one. */
export function unitsOf(value: unknown): number {
  if (value === undefined) return 1;
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  return Math.max(1, Math.ceil(Buffer.byteLength(text) / 10_240));
}

/**
 * The share of the installation's minute a sync run may use: TESTSYNC_KVS_UNITS_PER_MINUTE (default 80 % of
 * Forge's limit, room for the panel and admin page), divided among the runs under way.
 */
export function storageShare(activeRuns: number): number {
  const raw = Number(process.env.TESTSYNC_KVS_UNITS_PER_MINUTE);
  const total = Number.isFinite(raw) && raw > 0 ? raw : FORGE_KVS_UNITS_PER_MINUTE * 0.8;
  return Math.max(20, Math.floor(total / Math.max(1, activeRuns)));
}

/**
 * A wait for the storage limit that would end past the step's deadline: the step ends here and the run goes on in a
 * new invocation once the minute has room (the engine continues it after `seconds`), rather than sleeping through
 * the end of its invocation's budget.
 */
export class StorageWaitPastDeadline extends Error {
  constructor(readonly seconds: number) {
    super(`Forge's storage limit asks for a ${seconds} s wait, which would end past the invocation's share of its time budget.`);
    this.name = 'StorageWaitPastDeadline';
  }
}

/** How often a pacer asks again for its share (runs start and end meanwhile). */
const SHARE_REFRESH_MS = 30_000;

export class KvPacer {
  private readonly buckets: StorageUse;
  /** Milliseconds spent waiting for the minute to free up. */
  waitedMs = 0;
  private shareAskedAt: number;
  private asking = false;
  /** When set (epoch ms), a wait that would end after it throws StorageWaitPastDeadline instead of sleeping. */
  deadline: number | undefined;
  /**
   * The step is ending on a wait: its last few bookkeeping writes (the run's record) go at once, within the room
   * Forge's limit has beyond the sync's share, instead of waiting into the budget's margin.
   */
  ending = false;

  constructor(
    public limitPerMinute: number,
    previous: StorageUse = [],
    private readonly clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    /** The run's share now, asked again every 30 s. */
    private readonly share?: () => Promise<number>,
  ) {
    this.buckets = previous.map((b) => ({ ...b }));
    this.shareAskedAt = clock();
  }

  private async refreshShare(): Promise<void> {
    if (!this.share || this.asking || this.clock() - this.shareAskedAt < SHARE_REFRESH_MS) return;
    this.asking = true;
    this.shareAskedAt = this.clock();
    try {
      this.limitPerMinute = await this.share();
    } catch {
      // Keep the share it had: asking is best effort.
    } finally {
      this.asking = false;
    }
  }

  /** The buckets of `kind` still in the minute as of `now`, oldest first. */
  private inMinute(kind: 'read' | 'write', now: number): StorageUse {
    return this.buckets.filter((b) => b.at + BUCKET_MS > now - WINDOW_MS && b[kind] > 0);
  }

  /** Waits until `units` more of `kind` fit in the last minute (or, for a call larger than the share, until the minute is empty). */
  async before(kind: 'read' | 'write', units: number): Promise<void> {
    await this.refreshShare();
    if (this.ending) return;
    for (;;) {
      // One reading of the clock for the sum and the oldest bucket: read twice, a bucket could leave the minute
      // between the two (the sum counted it, the search found none).
      const now = this.clock();
      const buckets = this.inMinute(kind, now);
      const used = buckets.reduce((sum, b) => sum + b[kind], 0);
      if (used === 0 || used + units <= this.limitPerMinute) return;
      const ms = Math.max(50, buckets[0].at + BUCKET_MS + WINDOW_MS - now);
      if (this.deadline !== undefined && now + ms > this.deadline) throw new StorageWaitPastDeadline(Math.ceil(ms / 1000));
      this.waitedMs += ms;
      await this.sleep(ms);
    }
  }

  charge(kind: 'read' | 'write', units: number): void {
    const at = Math.floor(this.clock() / BUCKET_MS) * BUCKET_MS;
    let bucket = this.buckets[this.buckets.length - 1];
    if (!bucket || bucket.at !== at) this.buckets.push((bucket = { at, read: 0, write: 0 }));
    bucket[kind] += units;
    const from = this.clock() - WINDOW_MS - BUCKET_MS;
    while (this.buckets.length > 0 && this.buckets[0].at < from) this.buckets.shift();
  }

  /** The last minute's use, to carry into the next invocation. */
  snapshot(): StorageUse {
    const from = this.clock() - WINDOW_MS - BUCKET_MS;
    return this.buckets.filter((b) => b.at >= from).map((b) => ({ ...b }));
  }
}

/** The store, counted and paced. */
export function pacedKv(port: KvPort, pacer: KvPacer): KvPort {
  const read = async <T>(keys: number, call: () => Promise<T>, units: (answer: T) => number): Promise<T> => {
    await pacer.before('read', keys);
    const answer = await call();
    pacer.charge('read', units(answer));
    return answer;
  };
  const write = async <T>(units: number, call: () => Promise<T>): Promise<T> => {
    await pacer.before('write', units);
    const answer = await call();
    pacer.charge('write', units);
    return answer;
  };
  const entriesUnits = (entries: KvEntry[]) => entries.reduce((sum, e) => sum + unitsOf(e.value), 0);
  // Many keys are paced a batch (the platform's 20) at a time, so one large call cannot take a minute past the share.
  const batches = <T>(items: T[]): T[][] => {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += KV_BATCH) out.push(items.slice(i, i + KV_BATCH));
    return out;
  };
  return {
    get: (key) => read(1, () => port.get(key), unitsOf),
    set: (key, value, opts) => write(unitsOf(value), () => port.set(key, value, opts)),
    delete: (key) => write(1, () => port.delete(key)),
    async getMany(keys) {
      const out = new Map<string, unknown>();
      for (const batch of batches(keys)) {
        const answer = await read(batch.length, () => port.getMany(batch), (m) => batch.reduce((sum, k) => sum + unitsOf(m.get(k)), 0));
        for (const [k, v] of answer) out.set(k, v);
      }
      return out;
    },
    async setMany(entries) {
      for (const batch of batches(entries)) await write(entriesUnits(batch), () => port.setMany(batch));
    },
    async deleteMany(keys) {
      for (const batch of batches(keys)) await write(batch.length, () => port.deleteMany(batch));
    },
    query: (prefix, opts) => read(1, () => port.query(prefix, opts), (page) => Math.max(1, entriesUnits(page.results))),
    getSecret: (key) => read(1, () => port.getSecret(key), unitsOf),
    setSecret: (key, value) => write(unitsOf(value), () => port.setSecret(key, value)),
    deleteSecret: (key) => write(1, () => port.deleteSecret(key)),
  };
}
