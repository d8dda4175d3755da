/**
 * The storage API of the platform as @forge/kvs 1.6 calls it through `__forge_fetch__({ type: 'kvs' }, path)`:
 * POST `/api/v1/{get,set,delete,query}`, `/api/v1/secret/{get,set,delete}`, `/api/v1/batch/{get,set,delete}`
 * and `/api/v1/transaction`, JSON in and out. Errors answer `{ code, message }` with the platform's codes,
 * which @forge/kvs turns into `ForgeKvsAPIError` (and a 404 `KEY_NOT_FOUND` on get into `undefined`).
 */
import { KvsStore, type Namespace } from './kvs-store';

export const KVS_LIMITS = {
  maxKeyLength: 500,
  keyPattern: /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/,
  maxValueBytes: 240 * 1024,
  maxDepth: 32,
  maxQueryLimit: 20,
  defaultQueryLimit: 10,
} as const;

export class KvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface SetOptions {
  ttl?: { value: number; unit: 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS' };
  keyPolicy?: 'OVERRIDE' | 'FAIL_IF_EXISTS';
  returnValue?: 'PREVIOUS' | 'LATEST';
}
interface KeyBody {
  key: string;
  value?: unknown;
  entityName?: string;
  options?: SetOptions;
}

export async function handleKvsRequest(store: KvsStore, path: string, init?: RequestInit): Promise<Response> {
  try {
    const body = init?.body ? JSON.parse(String(init.body)) : {};
    const result = route(store, path.replace(/\?.*$/, ''), body);
    if (result === undefined) return new Response(null, { status: 204 });
    return json(200, result);
  } catch (err) {
    if (err instanceof KvsError) return json(err.status, { code: err.code, message: err.message });
    if (err instanceof SyntaxError) return json(400, { code: 'BAD_REQUEST', message: 'Provided request body is invalid' });
    return json(500, { code: 'INTERNAL_SERVER_ERROR', message: (err as Error).message });
  }
}

function route(store: KvsStore, path: string, body: any): unknown {
  switch (path) {
    case '/api/v1/get':
      return get(store, 'values', body);
    case '/api/v1/secret/get':
      return get(store, 'secrets', body);
    case '/api/v1/set':
      return set(store, 'values', body);
    case '/api/v1/secret/set':
      return set(store, 'secrets', body);
    case '/api/v1/delete':
      return del(store, 'values', body);
    case '/api/v1/secret/delete':
      return del(store, 'secrets', body);
    case '/api/v1/query':
      return query(store, body);
    case '/api/v1/batch/set':
      return batch(body, (item: KeyBody) => void set(store, 'values', { ...item, options: { ttl: item.options?.ttl } }));
    case '/api/v1/batch/delete':
      return batch(body, (item: KeyBody) => void del(store, 'values', item));
    case '/api/v1/batch/get':
      return batchGet(store, body);
    case '/api/v1/transaction':
      return transact(store, body);
    default:
      if (path.startsWith('/api/v1/entity')) {
        throw new KvsError(501, 'NOT_IMPLEMENTED', 'The Custom Entity Store is not available in the local runtime');
      }
      throw new KvsError(404, 'NOT_FOUND', `Unknown storage API path: ${path}`);
  }
}

export function validateKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new KvsError(400, 'KEY_TOO_SHORT', 'The provided key needs to be more than one character.');
  }
  if (key.length > KVS_LIMITS.maxKeyLength) {
    throw new KvsError(400, 'KEY_TOO_LONG', `The provided key has exceeded the maximum ${KVS_LIMITS.maxKeyLength} characters.`);
  }
  if (!KVS_LIMITS.keyPattern.test(key)) {
    throw new KvsError(400, 'INVALID_KEY', `The provided key does not match the regex: ${String(KVS_LIMITS.keyPattern)}`);
  }
}

export function validateValue(value: unknown): void {
  if (value === undefined) throw new KvsError(400, 'BAD_REQUEST', 'Provided request body is invalid');
  if (Buffer.byteLength(JSON.stringify(value)) > KVS_LIMITS.maxValueBytes) {
    throw new KvsError(400, 'MAX_SIZE', 'The provided value has exceeded the maximum size limit.');
  }
  if (depthOf(value) > KVS_LIMITS.maxDepth) {
    throw new KvsError(400, 'MAX_DEPTH', `The provided value has exceeded the maximum object depth (${KVS_LIMITS.maxDepth}) limit.`);
  }
}

function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let max = 0;
  for (const v of Object.values(value)) max = Math.max(max, depthOf(v));
  return max + 1;
}

function notEntity(body: KeyBody): void {
  if (body.entityName) throw new KvsError(501, 'NOT_IMPLEMENTED', 'The Custom Entity Store is not available in the local runtime');
}

function get(store: KvsStore, ns: Namespace, body: KeyBody) {
  validateKey(body.key);
  const item = store.get(ns, body.key);
  if (!item) throw new KvsError(404, 'KEY_NOT_FOUND', 'Provided key does not exist');
  return item;
}

function ttlSeconds(options?: SetOptions): number | undefined {
  const ttl = options?.ttl;
  if (!ttl) return undefined;
  const unit = { SECONDS: 1, MINUTES: 60, HOURS: 3600, DAYS: 86400 }[ttl.unit];
  if (!unit || !(ttl.value > 0)) throw new KvsError(400, 'BAD_REQUEST', 'Provided request body is invalid');
  return ttl.value * unit;
}

function set(store: KvsStore, ns: Namespace, body: KeyBody) {
  notEntity(body);
  validateKey(body.key);
  validateValue(body.value);
  const ttl = ttlSeconds(body.options);
  if (body.options?.keyPolicy === 'FAIL_IF_EXISTS' && store.get(ns, body.key)) {
    throw new KvsError(409, 'KEY_ALREADY_EXISTS', 'The provided key already exists');
  }
  const { previous, latest } = store.set(ns, body.key, body.value, ttl);
  if (body.options?.returnValue === 'LATEST') return latest;
  if (body.options?.returnValue === 'PREVIOUS') return previous;
  return undefined;
}

function del(store: KvsStore, ns: Namespace, body: KeyBody) {
  notEntity(body);
  validateKey(body.key);
  if (!store.delete(ns, body.key)) throw new KvsError(404, 'KEY_NOT_FOUND', 'Provided key does not exist');
  return undefined;
}

interface QueryBody {
  limit?: number;
  after?: string;
  where?: { property: string; condition: string; values: unknown[] }[];
}

function query(store: KvsStore, body: QueryBody) {
  const limit = body.limit ?? KVS_LIMITS.defaultQueryLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > KVS_LIMITS.maxQueryLimit) {
    throw new KvsError(400, 'LIST_QUERY_LIMIT_EXCEEDED', `Limit for list query should be between 1 and ${KVS_LIMITS.maxQueryLimit}.`);
  }
  const where = body.where ?? [];
  if (where.length > 1) throw new KvsError(400, 'QUERY_WHERE_INVALID', 'KVS queries should contain only a single "where" clause.');
  let prefix = '';
  if (where[0]) {
    if (where[0].property !== 'key') {
      throw new KvsError(400, 'QUERY_WHERE_FIELD_INVALID', 'The specified field is not supported for filters.');
    }
    if (where[0].condition !== 'BEGINS_WITH') {
      throw new KvsError(400, 'INVALID_FILTER_CONDITION', 'The specified condition is not supported for filters.');
    }
    if (where[0].values?.length !== 1) {
      throw new KvsError(400, 'INVALID_FILTER_VALUES', 'The specified number of values are not supported by the given condition.');
    }
    prefix = String(where[0].values[0]);
  }
  const afterKey = body.after ? decodeCursor(body.after) : undefined;
  const { items, more } = store.list(prefix, afterKey, limit);
  const last = items[items.length - 1];
  return {
    data: items,
    ...(more && last ? { cursor: Buffer.from(JSON.stringify({ k: last.key })).toString('base64url') } : {}),
  };
}

function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown };
    if (typeof parsed.k === 'string') return parsed.k;
  } catch {
    // falls through to the error below
  }
  throw new KvsError(400, 'INVALID_CURSOR', 'The provided cursor is invalid');
}

type BatchFailure = { key: string; entityName?: string; error: { code: string; message: string } };

function batch(items: KeyBody[], apply: (item: KeyBody) => void) {
  if (!Array.isArray(items)) throw new KvsError(400, 'BAD_REQUEST', 'Provided request body is invalid');
  const successfulKeys: { key: string }[] = [];
  const failedKeys: BatchFailure[] = [];
  for (const item of items) {
    try {
      apply(item);
      successfulKeys.push({ key: item.key });
    } catch (err) {
      if (!(err instanceof KvsError)) throw err;
      failedKeys.push({ key: item.key, error: { code: err.code, message: err.message } });
    }
  }
  return { successfulKeys, failedKeys };
}

function batchGet(store: KvsStore, items: KeyBody[]) {
  if (!Array.isArray(items)) throw new KvsError(400, 'BAD_REQUEST', 'Provided request body is invalid');
  const successfulKeys: unknown[] = [];
  const failedKeys: BatchFailure[] = [];
  for (const item of items) {
    try {
      notEntity(item);
      successfulKeys.push(get(store, 'values', item));
    } catch (err) {
      if (!(err instanceof KvsError)) throw err;
      failedKeys.push({ key: item.key, error: { code: err.code, message: err.message } });
    }
  }
  return { successfulKeys, failedKeys };
}

/** Applies all sets and deletes, or none of them when one is invalid. */
function transact(store: KvsStore, body: { set?: KeyBody[]; delete?: KeyBody[]; check?: KeyBody[] }) {
  const sets = body.set ?? [];
  const deletes = body.delete ?? [];
  if (body.check?.length) throw new KvsError(501, 'NOT_IMPLEMENTED', 'Transaction checks need the Custom Entity Store, which is not available in the local runtime');
  for (const s of sets) {
    notEntity(s);
    validateKey(s.key);
    validateValue(s.value);
    ttlSeconds(s.options);
  }
  for (const d of deletes) {
    notEntity(d);
    validateKey(d.key);
  }
  for (const s of sets) store.set('values', s.key, s.value, ttlSeconds(s.options));
  for (const d of deletes) store.delete('values', d.key);
  return undefined;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
