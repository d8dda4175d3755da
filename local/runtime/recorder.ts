/**
 * Records what a connector exchanges with its tool (for `npm run capture`), and answers from such a record.
 *
 * The record has the shape of contracts/recorded/<tool>/<site>/NNN-*.json (see test/support/recorded.ts): the
 * request's method, URL and body (JSON, or the text of a non-JSON body), and the response's status, body (JSON when
 * it is an object or array, else its text: a JSON string such as Xray's token stays `"…"` text) and the headers a
 * connector reads (content-type, retry-after). Request headers are never kept; their credentials are collected so
 * the scrubber can remove them wherever else they appear.
 */
import { canonicalJson } from '../../src/domain/fingerprint';
import type { FetchLike, HttpResponse } from '../../src/connectors/types';

export interface RecordedExchange {
  source?: string;
  request: { method: string; url: string; body?: unknown };
  response: { status: number; headers?: Record<string, string>; body: unknown };
}

/** Response headers kept in a record. */
const KEPT_HEADERS = ['content-type', 'retry-after'];
/** Request headers whose values are credentials. */
const CREDENTIAL_HEADER = /^(authorization|apikey|api[-_]?key|x-api-key|api[-_]?token|x-auth-token|cookie|proxy-authorization)$/i;

/** A body as recorded: parsed JSON for an object or array, else the text itself (undefined when empty). */
export function recordedBody(text: string | undefined, keepEmpty = false): unknown {
  if (text === undefined || text === '') return keepEmpty ? '' : undefined;
  try {
    const j = JSON.parse(text) as unknown;
    if (j !== null && typeof j === 'object') return j;
  } catch {
    /* text */
  }
  return text;
}

/** The replay key of a request: method, host and path, query in any order, JSON body (as test/support/recorded.ts). */
export function exchangeKey(method: string, url: string, body: unknown): string {
  const u = new URL(url);
  const query = [...u.searchParams.entries()].sort(([a, x], [b, y]) => (a === b ? x.localeCompare(y) : a.localeCompare(b)));
  return `${method.toUpperCase()} ${u.host}${u.pathname} ${JSON.stringify(query)} ${body === undefined ? '' : canonicalJson(body)}`;
}

/** The body a replayed request is matched on: its JSON, or its text (as test/support/recorded.ts parses it). */
function requestBodyKey(body: string | undefined): unknown {
  if (body === undefined || body === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

export interface Recording {
  fetch: FetchLike;
  exchanges: RecordedExchange[];
  /** Credential values seen in request headers (e.g. the token of `Authorization: Bearer …`). */
  credentials: Set<string>;
}

/** Wraps a fetch and records every exchange that got an answer. */
export function recordingFetch(inner: FetchLike): Recording {
  const exchanges: RecordedExchange[] = [];
  const credentials = new Set<string>();
  const fetch: FetchLike = async (url, init) => {
    for (const [name, value] of Object.entries(init?.headers ?? {})) {
      if (!CREDENTIAL_HEADER.test(name) || !value) continue;
      credentials.add(value);
      const parts = value.trim().split(/\s+/);
      if (parts.length === 2) credentials.add(parts[1]);
    }
    const res = await inner(url, init);
    const text = await res.text();
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const v = res.headers.get(name);
      if (v) headers[name] = v;
    }
    const body = requestBodyKey(init?.body);
    exchanges.push({
      request: { method: (init?.method ?? 'GET').toUpperCase(), url, ...(body !== undefined ? { body } : {}) },
      response: { status: res.status, ...(Object.keys(headers).length ? { headers } : {}), body: recordedBody(text, true) },
    });
    return plainResponse(res.status, (n) => res.headers.get(n), text);
  };
  return { fetch, exchanges, credentials };
}

/** One exchange per request key, the last one kept (a retried request's answer is the one that counted). */
export function lastPerRequest(exchanges: readonly RecordedExchange[]): RecordedExchange[] {
  const byKey = new Map<string, RecordedExchange>();
  for (const x of exchanges) {
    const key = exchangeKey(x.request.method, x.request.url, x.request.body);
    byKey.delete(key);
    byKey.set(key, x);
  }
  return [...byKey.values()];
}

/** A fetch answering from exchanges (the same matching as test/support/recorded.ts); `unmatched` lists the rest. */
export function replayingFetch(exchanges: readonly RecordedExchange[]): { fetch: FetchLike; unmatched: string[] } {
  const byKey = new Map(exchanges.map((x) => [exchangeKey(x.request.method, x.request.url, x.request.body), x] as const));
  const unmatched: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    const key = exchangeKey(init?.method ?? 'GET', url, requestBodyKey(init?.body));
    const x = byKey.get(key);
    if (!x) {
      unmatched.push(key);
      return plainResponse(404, (n) => (n.toLowerCase() === 'content-type' ? 'text/plain' : null), `No recorded answer for ${key}`);
    }
    const r = x.response;
    const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    const headers: Record<string, string> = { 'content-type': typeof r.body === 'string' ? 'text/plain' : 'application/json' };
    for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = v;
    return plainResponse(r.status, (n) => headers[n.toLowerCase()] ?? null, text);
  };
  return { fetch, unmatched };
}

function plainResponse(status: number, header: (name: string) => string | null, text: string): HttpResponse {
  return { status, ok: status >= 200 && status < 300, headers: { get: header }, text: async () => text };
}
