/**
 * The Key-Value Store of the local runtime: plain values and secrets in two separate namespaces, with
 * created/updated times and TTLs, persisted to `<dataDir>/kvs.json`.
 */
import * as path from 'node:path';
import { JsonFile } from './persistence';

export interface StoredItem {
  value: unknown;
  /** Seconds since the epoch, as the platform answers. */
  createdAt: number;
  updatedAt: number;
  /** ISO time after which the item no longer exists. */
  expireTime?: string;
}

export type Namespace = 'values' | 'secrets';

interface KvsFile {
  values: Record<string, StoredItem>;
  secrets: Record<string, StoredItem>;
}

export class KvsStore {
  private readonly data: Record<Namespace, Map<string, StoredItem>> = { values: new Map(), secrets: new Map() };
  private readonly file?: JsonFile<KvsFile>;

  /** Without a data directory the store lives in memory only. */
  constructor(
    dataDir?: string,
    private readonly opts: { durable?: boolean } = {},
  ) {
    if (!dataDir) return;
    this.file = new JsonFile<KvsFile>(path.join(dataDir, 'kvs.json'));
    const saved = this.file.read();
    for (const ns of ['values', 'secrets'] as const) {
      for (const [k, v] of Object.entries(saved?.[ns] ?? {})) this.data[ns].set(k, v);
    }
  }

  get(ns: Namespace, key: string): (StoredItem & { key: string }) | undefined {
    const item = this.data[ns].get(key);
    if (!item) return undefined;
    if (item.expireTime && Date.parse(item.expireTime) <= Date.now()) {
      this.data[ns].delete(key);
      this.changed();
      return undefined;
    }
    return { key, ...item };
  }

  /** Stores a value and answers the previous item (if any) and the new one. */
  set(ns: Namespace, key: string, value: unknown, ttlSeconds?: number) {
    const previous = this.get(ns, key);
    const now = Math.floor(Date.now() / 1000);
    const item: StoredItem = {
      value: structuredClone(value),
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
      ...(ttlSeconds ? { expireTime: new Date(Date.now() + ttlSeconds * 1000).toISOString() } : {}),
    };
    this.data[ns].set(key, item);
    this.changed();
    return { previous, latest: { key, ...item } };
  }

  /** Answers false when the key did not exist. */
  delete(ns: Namespace, key: string): boolean {
    const existed = this.get(ns, key) !== undefined;
    this.data[ns].delete(key);
    if (existed) this.changed();
    return existed;
  }

  /** Plain values whose key starts with `prefix`, in key order, strictly after `afterKey`. */
  list(prefix: string, afterKey: string | undefined, limit: number): { items: (StoredItem & { key: string })[]; more: boolean } {
    const keys = [...this.data.values.keys()].filter((k) => k.startsWith(prefix) && (afterKey === undefined || k > afterKey)).sort();
    const items: (StoredItem & { key: string })[] = [];
    let i = 0;
    for (; i < keys.length && items.length < limit; i++) {
      const item = this.get('values', keys[i]);
      if (item) items.push(item);
    }
    const more = keys.slice(i).some((k) => this.get('values', k) !== undefined);
    return { items, more };
  }

  /** Number of live plain values and secrets; for diagnostics. */
  size(): { values: number; secrets: number } {
    return { values: this.data.values.size, secrets: this.data.secrets.size };
  }

  clear(): void {
    this.data.values.clear();
    this.data.secrets.clear();
    this.changed();
  }

  flush(): void {
    this.file?.flush();
  }

  private changed(): void {
    this.file?.scheduleWrite(() => ({
      values: Object.fromEntries(this.data.values),
      secrets: Object.fromEntries(this.data.secrets),
    }));
    // Durable: on disk before the call is answered.
    if (this.opts.durable) this.file?.flush();
  }
}
