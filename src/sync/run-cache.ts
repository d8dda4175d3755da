/**
 * A sync run's cache in storage: what a connector read once for the run (a project's requirement links, ids
 * by key) is kept here, so a continuation in a new invocation, which starts with a new connector, does not
 * read it again. Values are JSON of any size, split into parts that fit a storage value; everything is
 * deleted when the run ends and expires on its own after two days (a run that never ended). Secrets (a tool's
 * access token) go to encrypted storage, which has no expiry: they are deleted with the run, and what a run that
 * never ended leaves is a token that has expired by itself.
 */
import { z } from 'zod';
import type { RunCache } from '../connectors/types';
import { deletePrefix, getRecord, readStored, storedRecord } from '../config/store';
import { kv } from '../platform/kv';
import { log } from '../platform/log';
import { safeKeyPart } from './keys';

/** Characters a part holds: at most 3 bytes each in UTF-8, well under the 240 KiB a value may hold. */
const PART_CHARS = 64_000;
const TTL_SECONDS = 2 * 24 * 3600;

/** A value's head: how many parts it has and its length. An unreadable one reads as missing (the connector reads its tool again). */
const Head = storedRecord('run cache entry', z.object({ parts: z.number().int().min(0).max(1000), length: z.number().int().min(0) }), { unreadable: 'skip' });

const prefixOf = (runId: string) => `runcache:${safeKeyPart(runId)}:`;
/** The names of the secrets the run kept, so they can be deleted with it (secrets cannot be listed by prefix). */
const secretsIndexKey = (runId: string) => `${prefixOf(runId)}#secrets`;
const secretKey = (runId: string, name: string) => `runcache-secret:${safeKeyPart(runId)}:${safeKeyPart(name)}`;
const SecretNames = storedRecord('run cache secret names', z.array(z.string()).max(100), { unreadable: 'skip' });
const secretNames = async (runId: string): Promise<string[]> => (await getRecord(secretsIndexKey(runId), SecretNames)) ?? [];
const headKey = (runId: string, name: string) => `${prefixOf(runId)}${safeKeyPart(name)}`;
const partKey = (runId: string, name: string, i: number) => `${headKey(runId, name)}#${i}`;

/** The run's cache; values read back are JSON as written, or undefined when missing or damaged. */
export function runCache(runId: string): RunCache {
  return {
    async get(name) {
      const head = await readStored(headKey(runId, name), Head, await kv().get(headKey(runId, name)));
      if (!head) return undefined;
      const keys = Array.from({ length: head.parts }, (_, i) => partKey(runId, name, i));
      const parts = await kv().getMany(keys);
      const text = keys.map((k) => parts.get(k)).join('');
      if (keys.some((k) => typeof parts.get(k) !== 'string') || text.length !== head.length) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    },
    getSecret: (name) => kv().getSecret(secretKey(runId, name)),
    async setSecret(name, value) {
      // The name first: a run that dies after it finds nothing to delete, never a secret it does not know of.
      const names = await secretNames(runId);
      if (!names.includes(name)) await kv().set(secretsIndexKey(runId), [...names, name], { ttlSeconds: TTL_SECONDS });
      await kv().setSecret(secretKey(runId, name), value);
    },
    async set(name, value) {
      const text = JSON.stringify(value) ?? 'null';
      const parts: string[] = [];
      for (let i = 0; i < text.length; i += PART_CHARS) parts.push(text.slice(i, i + PART_CHARS));
      // Parts first, the head last: a reader finds either the old value, the new one, or nothing it can use.
      for (const [i, part] of parts.entries()) await kv().set(partKey(runId, name, i), part, { ttlSeconds: TTL_SECONDS });
      await kv().set(headKey(runId, name), { parts: parts.length, length: text.length }, { ttlSeconds: TTL_SECONDS });
    },
  };
}

/** Deletes what the run kept; a failure is logged only (the values expire on their own). */
export async function dropRunCache(runId: string): Promise<void> {
  try {
    const names = await secretNames(runId);
    for (const name of names) await kv().deleteSecret(secretKey(runId, name));
    await deletePrefix(prefixOf(runId));
  } catch (e) {
    log.warn('run-cache-not-dropped', { run: runId }, e);
  }
}
