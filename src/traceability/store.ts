/**
 * The traceability index in storage, per Jira project (see docs/decisions/0009-traceability-index.md):
 *
 *   trace:<P>:c:<bucket>:<generation>:<part>   the requirements whose issue number falls in the bucket (format.ts)
 *   trace:<P>:d:<requirement>:<stamp>          a requirement a writer could not fold in (the lock was busy)
 *   trace:<P>:s                                whether the index is complete, and what is left to rebuild
 *   trace:<P>:lock                             one writer at a time
 *
 * A page open reads the whole prefix: a handful of query calls, values of up to 200 KB each. A bucket is rewritten
 * under a new generation and the old one deleted after, so a reader never mixes the parts of two writes.
 */
import { z } from 'zod';
import { kv } from '../platform/kv';
import { decodeChunk, encodeParts, joinParts, StoredChunk } from './format';
import type { TraceRequirement } from './model';

/** Issue numbers per bucket: a bucket holds at most this many requirements. */
export const BUCKET_SPAN = 256;

export const bucketOf = (requirementKey: string): number => Math.floor(Number(requirementKey.slice(requirementKey.lastIndexOf('-') + 1)) / BUCKET_SPAN);

const projectPrefix = (project: string) => `trace:${project}:`;
const bucketPrefix = (project: string, bucket: number) => `${projectPrefix(project)}c:${String(bucket).padStart(5, '0')}:`;
const stateKey = (project: string) => `${projectPrefix(project)}s`;
const lockKey = (project: string) => `${projectPrefix(project)}lock`;
const dirtyPrefix = (project: string) => `${projectPrefix(project)}d:`;

/** Time-ordered and unique: a later write sorts after an earlier one (base 36 milliseconds, then randomness). */
function stamp(): string {
  return `${Date.now().toString(36).padStart(9, '0')}${Math.floor(Math.random() * 36 ** 3).toString(36).padStart(3, '0')}`;
}

export const IndexState = z.object({
  v: z.literal(1),
  /** Every requirement with coverage is in the index. */
  built: z.boolean(),
  /** Issue-number prefixes of the requirements left to rebuild (`12` = SHOP-12, SHOP-120..; `12=` = SHOP-12 alone). */
  todo: z.array(z.string().regex(/^[1-9][0-9]*=?$/)).optional(),
  /** The buckets written so far: one listed here but not found in storage is missing, and the index is rebuilt. */
  buckets: z.array(z.number().int().min(0)).optional(),
});
export type IndexState = z.infer<typeof IndexState>;

const Dirty = z.object({ requirementKey: z.string() });
const Lock = z.object({ owner: z.string(), at: z.string() });

interface ChunkKey {
  bucket: number;
  generation: string;
  part: number;
}

function chunkKeyOf(project: string, key: string): ChunkKey | undefined {
  const m = /^c:(\d{5}):([0-9a-z]+):(\d{3})$/.exec(key.slice(projectPrefix(project).length));
  return m ? { bucket: Number(m[1]), generation: m[2], part: Number(m[3]) } : undefined;
}

/** A bucket as stored: the newest complete generation, and every key of it and of older or partial ones. */
interface StoredBucket {
  requirements: Map<string, TraceRequirement>;
  keys: string[];
  /** Keys that could not be read (the bucket's requirements may be missing from `requirements`). */
  damaged: string[];
}

class BucketReader {
  private readonly parts = new Map<number, Map<string, { part: number; key: string; chunk: StoredChunk }[]>>();
  private readonly keys = new Map<number, string[]>();
  private readonly damagedKeys = new Map<number, string[]>();

  constructor(private readonly project: string) {}

  add(key: string, value: unknown): boolean {
    const id = chunkKeyOf(this.project, key);
    if (!id) return false;
    this.keys.set(id.bucket, [...(this.keys.get(id.bucket) ?? []), key]);
    const parsed = StoredChunk.safeParse(value);
    if (!parsed.success) {
      this.damagedKeys.set(id.bucket, [...(this.damagedKeys.get(id.bucket) ?? []), key]);
      return true;
    }
    const generations = this.parts.get(id.bucket) ?? new Map();
    generations.set(id.generation, [...(generations.get(id.generation) ?? []), { part: id.part, key, chunk: parsed.data }]);
    this.parts.set(id.bucket, generations);
    return true;
  }

  buckets(): Map<number, StoredBucket> {
    const out = new Map<number, StoredBucket>();
    for (const bucket of new Set([...this.keys.keys()])) {
      const damaged = [...(this.damagedKeys.get(bucket) ?? [])];
      let requirements: Map<string, TraceRequirement> | undefined;
      // The newest generation whose parts are all there and readable; an older one is a write not yet cleaned up.
      const generations = [...(this.parts.get(bucket) ?? new Map<string, { part: number; key: string; chunk: StoredChunk }[]>()).entries()].sort((a, b) => b[0].localeCompare(a[0]));
      for (const [, parts] of generations) {
        const count = parts[0].chunk.n;
        const sorted = parts.sort((a, b) => a.part - b.part);
        if (sorted.length !== count || sorted.some((p, i) => p.part !== i || p.chunk.n !== count)) continue;
        const decoded = sorted.map((p) => decodeChunk(p.chunk));
        if (decoded.some((d) => d === undefined)) {
          damaged.push(...sorted.map((p) => p.key));
          continue;
        }
        requirements = joinParts(decoded as Map<string, TraceRequirement>[]);
        break;
      }
      const keys = this.keys.get(bucket) ?? [];
      // Parts with no complete write among them (a writer died midway through the bucket's first write): unreadable.
      if (!requirements) damaged.push(...keys.filter((k) => !damaged.includes(k)));
      out.set(bucket, { requirements: requirements ?? new Map(), keys, damaged });
    }
    return out;
  }
}

export interface ProjectIndex {
  requirements: Map<string, TraceRequirement>;
  state?: IndexState;
  /** Requirements a writer marked for folding in, with the markers' keys. */
  dirty: { key: string; requirementKey: string }[];
  /** Stored values that could not be read, or buckets the state lists that are missing: the index is to be rebuilt. */
  damaged: string[];
  /** The buckets read. */
  buckets: number[];
}

/** The whole index of a project, read in as few calls as the platform allows (20 values a call). */
export async function readProjectIndex(project: string): Promise<ProjectIndex> {
  const prefix = projectPrefix(project);
  const reader = new BucketReader(project);
  const out: ProjectIndex = { requirements: new Map(), dirty: [], damaged: [], buckets: [] };
  let cursor: string | undefined;
  do {
    const page = await kv().query(prefix, { cursor, limit: 20 });
    for (const { key, value } of page.results) {
      if (reader.add(key, value)) continue;
      const rest = key.slice(prefix.length);
      if (rest === 's') {
        const state = IndexState.safeParse(value);
        if (state.success) out.state = state.data;
        else out.damaged.push(key);
      } else if (rest.startsWith('d:')) {
        const dirty = Dirty.safeParse(value);
        if (dirty.success) out.dirty.push({ key, requirementKey: dirty.data.requirementKey });
        else out.damaged.push(key);
      } else if (rest !== 'lock') out.damaged.push(key);
    }
    cursor = page.nextCursor;
  } while (cursor);
  for (const [number, bucket] of reader.buckets()) {
    out.damaged.push(...bucket.damaged);
    if (bucket.requirements.size > 0) out.buckets.push(number);
    for (const [key, req] of bucket.requirements) out.requirements.set(key, req);
  }
  // A bucket written once is never emptied (a requirement no longer covered keeps an empty entry): gone means lost.
  for (const number of out.state?.buckets ?? []) {
    if (!out.buckets.includes(number) && !out.damaged.some((k) => k.startsWith(bucketPrefix(project, number)))) out.damaged.push(bucketPrefix(project, number));
  }
  return out;
}

/** The stored content of these buckets (each a query of its own: a bucket is usually one value). */
export async function readBuckets(project: string, buckets: number[]): Promise<Map<number, StoredBucket>> {
  const out = new Map<number, StoredBucket>();
  for (const bucket of buckets) {
    const reader = new BucketReader(project);
    let cursor: string | undefined;
    do {
      const page = await kv().query(bucketPrefix(project, bucket), { cursor, limit: 20 });
      for (const { key, value } of page.results) reader.add(key, value);
      cursor = page.nextCursor;
    } while (cursor);
    out.set(bucket, reader.buckets().get(bucket) ?? { requirements: new Map(), keys: [], damaged: [] });
  }
  return out;
}

/** Writes a bucket's requirements as a new generation, then deletes every older key of it. */
export async function writeBucket(project: string, bucket: number, requirements: Map<string, TraceRequirement>, oldKeys: string[]): Promise<void> {
  if (requirements.size > 0) {
    const generation = stamp();
    const parts = encodeParts(requirements);
    await kv().setMany(
      parts.map((chunk, part) => ({ key: `${bucketPrefix(project, bucket)}${generation}:${String(part).padStart(3, '0')}`, value: { ...chunk, n: parts.length } })),
    );
  }
  if (oldKeys.length > 0) await kv().deleteMany(oldKeys);
}

export async function readState(project: string): Promise<IndexState | undefined> {
  const parsed = IndexState.safeParse(await kv().get(stateKey(project)));
  return parsed.success ? parsed.data : undefined;
}

export async function writeState(project: string, state: IndexState): Promise<void> {
  await kv().set(stateKey(project), IndexState.parse(state));
}

/** Changes the state as stored now (call it holding the lock), keeping what the change does not name. */
export async function updateState(project: string, change: (state: IndexState) => IndexState): Promise<IndexState> {
  const next = change((await readState(project)) ?? { v: 1, built: false, todo: [] });
  await writeState(project, next);
  return next;
}

/** The markers of requirements to fold in (at most `max`). */
export async function readDirty(project: string, max = 1000): Promise<{ key: string; requirementKey: string }[]> {
  const out: { key: string; requirementKey: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv().query(dirtyPrefix(project), { cursor, limit: 20 });
    for (const { key, value } of page.results) {
      const parsed = Dirty.safeParse(value);
      // An unreadable marker still names its requirement in its key.
      const requirementKey = parsed.success ? parsed.data.requirementKey : key.slice(dirtyPrefix(project).length).split(':')[0];
      out.push({ key, requirementKey });
    }
    cursor = page.nextCursor;
  } while (cursor && out.length < max);
  return out;
}

/** Marks requirements for the next writer to fold in. Each marker has a key of its own: a fold deletes only those it read. */
export async function writeDirty(project: string, requirementKeys: string[]): Promise<void> {
  const at = stamp();
  await kv().setMany(requirementKeys.map((requirementKey) => ({ key: `${dirtyPrefix(project)}${requirementKey}:${at}`, value: { requirementKey } })));
}

/** A writer that died holding the lock holds it no longer than this. */
export const LOCK_TTL_SECONDS = 120;
const LOCK_POLL_MS = 250;

/**
 * Runs `fn` as the project's only index writer, waiting up to `waitMs` for the lock; answers `{ held: false }`
 * (and runs nothing) when another writer kept it that long.
 */
export async function withIndexLock<T>(project: string, waitMs: number, fn: () => Promise<T>): Promise<{ held: true; value: T } | { held: false }> {
  const owner = stamp();
  const until = Date.now() + waitMs;
  while (!(await kv().set(lockKey(project), { owner, at: new Date().toISOString() }, { ifAbsent: true, ttlSeconds: LOCK_TTL_SECONDS }))) {
    if (Date.now() + LOCK_POLL_MS > until) return { held: false };
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
  try {
    return { held: true, value: await fn() };
  } finally {
    const current = Lock.safeParse(await kv().get(lockKey(project)));
    if (current.success && current.data.owner === owner) await kv().delete(lockKey(project));
  }
}

export async function deleteKeys(keys: string[]): Promise<void> {
  if (keys.length > 0) await kv().deleteMany(keys);
}
