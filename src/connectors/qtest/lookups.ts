/**
 * What the connector keeps between pages of a project's reads: its supporting lists (module paths, requirement keys,
 * where runs sit (cycle names and releases), users, execution statuses), each read only when a page has rows that need
 * it (index.ts decides), and the project's test logs read ahead by a first read of runs (logs.ts). Kept:
 * - in memory for the connector's life;
 * - in the sync run's RunCache when the connector has one (`qtest:<what>:<projectId>`), so a continuation, which starts
 *   with a new connector, does not read them from qTest again. What is read back is validated with zod; a value that
 *   is missing, damaged or of another shape is read from qTest again, and a storage failure only costs that read.
 * Without a RunCache a connector may outlive a sync, so what a read's first page needs is read again there
 * (`refresh`); with one, the run it belongs to bounds what is kept. The unreadable rows of what was read are reported
 * by the read that fetched them, never again.
 */
import { z, type ZodType } from 'zod';
import type { UnreadableRecord } from '../../domain/model';
import type { RunCache } from '../types';
import type { RunPlace } from './trees';

export interface Kept<T> {
  value: T;
  /** Rows that could not be read: only on the call that read them from qTest. */
  unreadable: UnreadableRecord[];
  /**
   * Part of the value could not be read at all (a request failed): it serves the read that made it and is not kept,
   * so the next page asks qTest again instead of going without for the rest of the sync.
   */
  partial?: boolean;
}

/** How a kept value is written to the RunCache as JSON and read back. */
export interface Codec<T, S> {
  schema: ZodType<S>;
  encode(value: T): S;
  decode(stored: S): T;
}

export interface KeptCache {
  /**
   * The value kept under `key`, else read by `read` and kept; without `read`, only what is kept (undefined when
   * nothing is).
   */
  get<T, S>(key: string, opts: { refresh: boolean; codec: Codec<T, S>; read?: () => Promise<Kept<T>> }): Promise<Kept<T> | undefined>;
}

export function createKeptCache(runCache: RunCache | undefined): KeptCache {
  const memory = new Map<string, Promise<unknown>>();

  async function stored<T, S>(key: string, codec: Codec<T, S>): Promise<T | undefined> {
    if (!runCache) return undefined;
    try {
      const parsed = codec.schema.safeParse(await runCache.get(key));
      return parsed.success ? codec.decode(parsed.data) : undefined;
    } catch {
      return undefined;
    }
  }

  async function store<T, S>(key: string, codec: Codec<T, S>, value: T): Promise<void> {
    try {
      await runCache?.set(key, codec.encode(value));
    } catch {
      // Kept in memory all the same; a continuation reads it from qTest again.
    }
  }

  return {
    async get<T, S>(key: string, opts: { refresh: boolean; codec: Codec<T, S>; read?: () => Promise<Kept<T>> }) {
      const inMemory = memory.get(key) as Promise<T | undefined> | undefined;
      if (inMemory && !(opts.refresh && !runCache)) {
        const value = await inMemory;
        if (value !== undefined) return { value, unreadable: [] };
      }
      let fetched: Kept<T> | undefined;
      const pending = (async () => {
        const found = await stored(key, opts.codec);
        if (found !== undefined || !opts.read) return found;
        fetched = await opts.read();
        if (!fetched.partial) await store(key, opts.codec, fetched.value);
        return fetched.value;
      })();
      memory.set(key, pending);
      try {
        const value = await pending;
        if (value === undefined || fetched?.partial) {
          if (memory.get(key) === pending) memory.delete(key);
          if (value === undefined) return undefined;
        }
        return { value, unreadable: fetched?.unreadable ?? [] };
      } catch (e) {
        if (memory.get(key) === pending) memory.delete(key);
        throw e;
      }
    },
  };
}

/** A lookup list: id (or `test-suite:<id>` for cycles) → name, kept as `{ entries: [[key, name], …] }`. */
export const numberNames: Codec<Map<number, string>, { entries: [number, string][] }> = {
  schema: z.object({ entries: z.array(z.tuple([z.number().int(), z.string()])) }),
  encode: (m) => ({ entries: [...m] }),
  decode: (s) => new Map(s.entries),
};
/** Where runs sit: `test-suite:<id>` (or `test-cycle:`, `release:`) → its cycle name and version, kept as tuples. */
export const placeNames: Codec<Map<string, RunPlace>, { entries: [string, string | null, string | null][] }> = {
  schema: z.object({ entries: z.array(z.tuple([z.string(), z.string().nullable(), z.string().nullable()])) }),
  encode: (m) => ({ entries: [...m].map(([k, p]) => [k, p.cycle ?? null, p.version ?? null]) }),
  decode: (s) => new Map(s.entries.map(([k, cycle, version]) => [k, { ...(cycle !== null ? { cycle } : {}), ...(version !== null ? { version } : {}) }])),
};
