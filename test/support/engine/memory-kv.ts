/**
 * An in-memory storage port with the platform's limits that matter to the engine (20 keys a page, TTLs,
 * FAIL_IF_EXISTS, the key rule) and fault injection: throw at the n-th write, or hang there for ever (the process died).
 */
import type { KvEntry, KvPort } from '../../../src/platform/kv';
import { KVS_LIMITS } from '../../../local/runtime/kvs-api';

/** The platform refuses a key that breaks its rule (pattern, length): so does this store, for every call. */
function checked(key: string): string {
  if (key.length > KVS_LIMITS.maxKeyLength || !KVS_LIMITS.keyPattern.test(key)) {
    throw new StorageError(`The provided key does not match the regex: ${String(KVS_LIMITS.keyPattern)} (${key.slice(0, 80)})`, { status: 400 });
  }
  return key;
}

export type WriteKind = 'set' | 'setMany' | 'delete' | 'deleteMany' | 'setSecret' | 'deleteSecret';

export interface WriteFault {
  /** 0-based index of the write (counted across kinds) the fault hits. */
  at: number;
  mode: 'throw' | 'hang';
  /** What the thrown error looks like (default: a storage 429). */
  error?: () => Error;
}

export class StorageError extends Error {
  constructor(
    message: string,
    readonly responseDetails: { status: number },
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

export class MemoryKv implements KvPort {
  readonly values = new Map<string, { value: unknown; expires?: number }>();
  readonly secrets = new Map<string, unknown>();
  writes = 0;
  fault?: WriteFault;

  constructor(private readonly now: () => number) {}

  private live(key: string): unknown {
    const entry = this.values.get(key);
    if (!entry) return undefined;
    if (entry.expires !== undefined && entry.expires <= this.now()) {
      this.values.delete(key);
      return undefined;
    }
    return structuredClone(entry.value);
  }

  /** Counts a write; throws or hangs when the fault says so. */
  private async write(_kind: WriteKind): Promise<void> {
    const n = this.writes++;
    if (this.fault && this.fault.at === n) {
      if (this.fault.mode === 'hang') await new Promise(() => undefined);
      throw this.fault.error?.() ?? new StorageError('Too many requests to storage', { status: 429 });
    }
  }

  async get(key: string) {
    return this.live(checked(key));
  }

  async set(key: string, value: unknown, opts: { ifAbsent?: boolean; ttlSeconds?: number } = {}) {
    checked(key);
    await this.write('set');
    if (opts.ifAbsent && this.live(key) !== undefined) return false;
    this.values.set(key, { value: structuredClone(value), ...(opts.ttlSeconds ? { expires: this.now() + opts.ttlSeconds * 1000 } : {}) });
    return true;
  }

  async delete(key: string) {
    checked(key);
    await this.write('delete');
    this.values.delete(key);
  }

  async getMany(keys: string[]) {
    const out = new Map<string, unknown>();
    for (const k of keys) {
      const v = this.live(checked(k));
      if (v !== undefined) out.set(k, v);
    }
    return out;
  }

  async setMany(entries: KvEntry[]) {
    for (const e of entries) checked(e.key);
    await this.write('setMany');
    for (const e of entries) this.values.set(e.key, { value: structuredClone(e.value) });
  }

  async deleteMany(keys: string[]) {
    keys.forEach(checked);
    await this.write('deleteMany');
    for (const k of keys) this.values.delete(k);
  }

  async query(prefix: string, opts: { cursor?: string; limit?: number } = {}) {
    const limit = Math.min(20, opts.limit ?? 20);
    const keys = [...this.values.keys()].filter((k) => k.startsWith(prefix) && (!opts.cursor || k > opts.cursor) && this.live(k) !== undefined).sort();
    const page = keys.slice(0, limit);
    return {
      results: page.map((key) => ({ key, value: this.live(key) })),
      ...(keys.length > limit ? { nextCursor: page[page.length - 1] } : {}),
    };
  }

  async getSecret(key: string) {
    return structuredClone(this.secrets.get(checked(key)));
  }

  async setSecret(key: string, value: unknown) {
    checked(key);
    await this.write('setSecret');
    this.secrets.set(key, structuredClone(value));
  }

  async deleteSecret(key: string) {
    checked(key);
    await this.write('deleteSecret');
    this.secrets.delete(key);
  }

  /** Keys under a prefix (for assertions). */
  keys(prefix: string): string[] {
    return [...this.values.keys()].filter((k) => k.startsWith(prefix) && this.live(k) !== undefined).sort();
  }
}
