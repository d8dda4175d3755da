/**
 * Recorded answers of real tool sites (or built from the vendors' own published examples), replayed to the
 * connectors. A recording is a folder `contracts/recorded/<tool>/<site>/` with:
 *
 * - `site.json`: `{ "tool", "source", "connection": { "baseUrl", "settings"? }, "projectId", "expect": { … } }`
 *   — where the answers come from, how to build the connector, and what the connector must read from them
 *   (`expect.cases` / `expect.runs` / `expect.projects`: the fields of each record that must come out exactly
 *   so; `expect.statuses`: records or names; `expect.caseIds`: the ids listed).
 * - one file per exchange, `NNN-<slug>.json`: `{ "source"?, "request": { "method", "url", "body"? },
 *   "response": { "status", "headers"?, "body" } }` (`body` JSON, or a string for a non-JSON answer).
 *
 * `replayFetch` answers a request with the recorded exchange of the same method, path, query (any order) and
 * JSON body; a request with no recording is an error, listed in `unmatched`, so a test fails on it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FetchLike, HttpResponse } from '../../src/connectors/types';
import { canonicalJson } from '../../src/domain/fingerprint';

export const RECORDED_DIR = join(__dirname, '..', '..', 'contracts', 'recorded');

export interface Exchange {
  source?: string;
  request: { method: string; url: string; body?: unknown };
  response: { status: number; headers?: Record<string, string>; body: unknown };
}

export interface RecordedSite {
  dir: string;
  tool: 'qtest' | 'xray' | 'qmetry';
  site: string;
  source: string;
  connection: { baseUrl: string; settings?: Record<string, unknown> };
  projectId: string;
  // The expectations are free-form per tool; tests compare them with toMatchObject.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  expect: Record<string, any>;
  exchanges: Exchange[];
}

/** Every recorded site of a tool (all tools when none is named). */
export function recordedSites(tool?: RecordedSite['tool']): RecordedSite[] {
  const out: RecordedSite[] = [];
  const tools = tool ? [tool] : (['qtest', 'xray', 'qmetry'] as const);
  for (const t of tools) {
    let sites: string[] = [];
    try {
      sites = readdirSync(join(RECORDED_DIR, t));
    } catch {
      continue;
    }
    for (const site of sites) {
      const dir = join(RECORDED_DIR, t, site);
      const meta = JSON.parse(readFileSync(join(dir, 'site.json'), 'utf8')) as Omit<RecordedSite, 'dir' | 'tool' | 'site' | 'exchanges'>;
      const exchanges = readdirSync(dir)
        .filter((f) => f !== 'site.json' && f.endsWith('.json'))
        .sort()
        .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Exchange);
      out.push({ ...meta, dir, tool: t, site, exchanges });
    }
  }
  return out;
}

function requestKey(method: string, url: string, body: unknown): string {
  const u = new URL(url);
  const query = [...u.searchParams.entries()].sort(([a, x], [b, y]) => (a === b ? x.localeCompare(y) : a.localeCompare(b)));
  return `${method.toUpperCase()} ${u.host}${u.pathname} ${JSON.stringify(query)} ${body === undefined ? '' : canonicalJson(body)}`;
}

function parseBody(body: string | undefined): unknown {
  if (body === undefined || body === '') return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** A fetch that answers from the recording; `unmatched` lists requests that had none. */
export function replayFetch(site: RecordedSite): { fetch: FetchLike; unmatched: string[]; used: Set<number> } {
  const byKey = new Map<string, number>();
  site.exchanges.forEach((x, i) => byKey.set(requestKey(x.request.method, x.request.url, x.request.body), i));
  const unmatched: string[] = [];
  const used = new Set<number>();
  const fetch: FetchLike = async (url, init) => {
    const key = requestKey(init?.method ?? 'GET', url, parseBody(init?.body));
    const i = byKey.get(key);
    if (i === undefined) {
      unmatched.push(key);
      return response(404, { 'content-type': 'text/plain' }, `No recorded answer for ${key}`);
    }
    used.add(i);
    const r = site.exchanges[i].response;
    const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    return response(r.status, { 'content-type': typeof r.body === 'string' ? 'text/plain' : 'application/json', ...(r.headers ?? {}) }, text);
  };
  return { fetch, unmatched, used };
}

function response(status: number, headers: Record<string, string>, text: string): HttpResponse {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { status, ok: status >= 200 && status < 300, headers: { get: (n) => lower[n.toLowerCase()] ?? null }, text: async () => text };
}
