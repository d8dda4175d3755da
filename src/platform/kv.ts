/**
 * The storage port: what the app needs of a key-value store. The Forge adapter (`forgeKv`) is the default;
 * tests swap in an in-memory store (with injected faults) through `useKv`, so the engine's failure paths run
 * without the platform.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { kvs } from '@forge/kvs';
import { pacedKv, type KvPacer } from './kv-pacing';

export interface KvEntry {
  key: string;
  value: unknown;
}

export interface KvPort {
  get(key: string): Promise<unknown>;
  /**
   * Writes a value. With `ifAbsent`, answers false (and writes nothing) when the key exists; `ttlSeconds`
   * lets the platform delete it after that long.
   */
  set(key: string, value: unknown, opts?: { ifAbsent?: boolean; ttlSeconds?: number }): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Missing keys are absent from the map. */
  getMany(keys: string[]): Promise<Map<string, unknown>>;
  setMany(entries: KvEntry[]): Promise<void>;
  deleteMany(keys: string[]): Promise<void>;
  /** Keys beginning with `prefix`, in key order, at most `limit` (≤ 20) a page. */
  query(prefix: string, opts?: { cursor?: string; limit?: number }): Promise<{ results: KvEntry[]; nextCursor?: string }>;
  getSecret(key: string): Promise<unknown>;
  setSecret(key: string, value: unknown): Promise<void>;
  deleteSecret(key: string): Promise<void>;
}

/** The platform answers at most this many keys per batch or query page. */
export const KV_BATCH = 20;

/** A FAIL_IF_EXISTS write refused because the key is there (409 from the storage API). */
function isKeyExists(e: unknown): boolean {
  const err = e as { code?: string; responseDetails?: { status?: number }; message?: string };
  return err?.responseDetails?.status === 409 || err?.code === 'KEY_ALREADY_EXISTS' || /already exists/i.test(String(err?.message));
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += KV_BATCH) out.push(items.slice(i, i + KV_BATCH));
  return out;
}

/** `@forge/kvs`, batched to the platform's limits; refused batch entries fail the call with their codes. */
export const forgeKv: KvPort = {
  get: (key) => kvs.get<unknown>(key),
  async set(key, value, opts = {}) {
    const options = {
      ...(opts.ifAbsent ? { keyPolicy: 'FAIL_IF_EXISTS' as const } : {}),
      ...(opts.ttlSeconds ? { ttl: { value: Math.max(1, Math.ceil(opts.ttlSeconds)), unit: 'SECONDS' as const } } : {}),
    };
    try {
      await kvs.set(key, value, Object.keys(options).length > 0 ? options : undefined);
      return true;
    } catch (e) {
      if (opts.ifAbsent && isKeyExists(e)) return false;
      throw e;
    }
  },
  delete: (key) => kvs.delete(key),
  async getMany(keys) {
    const out = new Map<string, unknown>();
    for (const chunk of chunks(keys)) {
      const res = await kvs.batchGet<unknown>(chunk.map((key) => ({ key })));
      for (const item of res.successfulKeys) out.set(item.key, item.value);
      const failed = res.failedKeys.filter((f) => f.error.code !== 'KEY_NOT_FOUND');
      if (failed.length > 0) throw new Error(`Storage could not read ${failed.map((f) => `${f.key} (${f.error.code})`).join(', ')}`);
    }
    return out;
  },
  async setMany(entries) {
    for (const chunk of chunks(entries)) {
      const res = await kvs.batchSet(chunk.map((e) => ({ key: e.key, value: e.value })));
      if (res.failedKeys.length > 0) {
        throw new Error(`Storage refused ${res.failedKeys.map((f) => `${f.key} (${f.error.code}: ${f.error.message})`).join(', ')}`);
      }
    }
  },
  async deleteMany(keys) {
    for (const chunk of chunks(keys)) await kvs.batchDelete(chunk.map((key) => ({ key })));
  },
  async query(prefix, opts = {}) {
    let q = kvs.query().where('key', { condition: 'BEGINS_WITH', values: [prefix] }).limit(Math.min(KV_BATCH, opts.limit ?? KV_BATCH));
    if (opts.cursor) q = q.cursor(opts.cursor);
    const page = await q.getMany<unknown>();
    return { results: page.results.map((r) => ({ key: r.key, value: r.value })), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  },
  getSecret: (key) => kvs.getSecret<unknown>(key),
  setSecret: (key, value) => kvs.setSecret(key, value),
  deleteSecret: (key) => kvs.deleteSecret(key),
};

let current: KvPort = forgeKv;
const pacing = new AsyncLocalStorage<{ pacer: KvPacer; paced?: { port: KvPort; store: KvPort } }>();

/** The store in use; inside `withKvPacing`, counted and paced. */
export function kv(): KvPort {
  const scope = pacing.getStore();
  if (!scope) return current;
  if (scope.paced?.port !== current) scope.paced = { port: current, store: pacedKv(current, scope.pacer) };
  return scope.paced.store;
}

/** Runs `fn` with every storage call it makes counted and paced by `pacer`. */
export function withKvPacing<T>(pacer: KvPacer, fn: () => Promise<T>): Promise<T> {
  return pacing.run({ pacer }, fn);
}

/** Uses another store (tests); answers a function that puts the previous one back. */
export function useKv(port: KvPort): () => void {
  const previous = current;
  current = port;
  return () => {
    current = previous;
  };
}
