/**
 * Counts what the app's sync does on the local Forge runtime, without changing app or runtime code: it wraps three
 * methods of the runtime instance, as bench/sync.bench.ts does.
 *
 * - `forgeFetch` (every storage, Jira and queue call of the SDKs): Jira requests by endpoint (the spec operation's path
 *   template), read or write, and Jira points; storage calls with their size in Forge's 10 KB units, per second of
 *   wall clock; optionally a storage latency (`kvsLatencyMs`, none by default: the local store answers at once).
 * - `egressFetch` (every call of app code to the tools): requests by tool and endpoint.
 * - the private `runFunction`: each invocation's duration against its budget.
 *
 * Only calls made inside the `scheduler` and `sync-worker` functions are counted (not the bench's own calls).
 */
import type { LocalServer } from '../../local/server';
import type { ForgeFetchDescriptor, InvocationContext } from '../../local/runtime';
import { loadContract, DEFAULT_SPEC_PATH, type JiraContract } from '../../local/simulators/jira/contract';

export const COUNTED_FUNCTIONS = new Set(['scheduler', 'sync-worker']);
export type Tool = 'qtest' | 'xray' | 'qmetry';
export const TOOLS: Tool[] = ['qtest', 'xray', 'qmetry'];

/** Forge's storage unit: reads and writes are counted per 10 KB (a 25 KB value is 3 units). */
export const KVS_UNIT_BYTES = 10 * 1024;

export interface JiraCount {
  n: number;
  /** Points: 1 per request, plus 1 per issue a read returns (Jira's documented cost model, as the simulator charges it). */
  points: number;
  issues: number;
}

export interface Invocation {
  functionKey: string;
  startedAt: number;
  ms: number;
  budgetMs: number;
  /**
   * The most live heap (after a forced GC) above the live heap as the invocation started, with `--expose-gc`: what
   * the invocation held, and whatever ran beside it and the storage it wrote (an upper bound).
   */
  heapHeld?: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
/** Invocations running now, each with the live heap as it started and the most seen above it. */
const running = new Set<{ base: number; max: number }>();

/** A live-heap sample (taken after a forced GC): each running invocation keeps the most seen above its start. */
export function noteLiveHeap(live: number): void {
  for (const r of running) r.max = Math.max(r.max, live - r.base);
}

export interface KvsSecond {
  readUnits: number;
  writeUnits: number;
  requests: number;
}

export interface Counts {
  jira: Map<string, JiraCount>;
  tools: Record<Tool, Map<string, number>>;
  /** Wall-clock time (ms) of each tool request, for rate windows. */
  toolTimes: Record<Tool, number[]>;
  kvsOps: Map<string, { n: number; readUnits: number; writeUnits: number }>;
  /** Storage units by record kind: the key's prefix up to its first `:` (`item`, `coverage`, `run`, …). */
  kvsKinds: Map<string, { readUnits: number; writeUnits: number }>;
  /** Storage use per second of wall clock (epoch second → use). */
  kvsSeconds: Map<number, KvsSecond>;
  queue: Map<string, number>;
  invocations: Invocation[];
}

export function newCounts(): Counts {
  return {
    jira: new Map(),
    tools: { qtest: new Map(), xray: new Map(), qmetry: new Map() },
    toolTimes: { qtest: [], xray: [], qmetry: [] },
    kvsOps: new Map(),
    kvsKinds: new Map(),
    kvsSeconds: new Map(),
    queue: new Map(),
    invocations: [],
  };
}

const bump = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

let contract: JiraContract | undefined;
/** `POST /rest/api/3/issue/bulk`, with the property key for property endpoints. */
export function jiraTemplate(method: string, rawPath: string): string {
  contract ??= loadContract(DEFAULT_SPEC_PATH);
  const p = rawPath.split('?')[0];
  const m = contract.match(method.toUpperCase(), p);
  if (m.kind !== 'operation') return `${method.toUpperCase()} ${p} (no spec operation)`;
  const property = m.pathParams.propertyKey ? ` [${m.pathParams.propertyKey}]` : '';
  return `${method.toUpperCase()} ${m.operation.pathTemplate}${property}`;
}

/** A Jira request that changes nothing: GET, a JQL search, a bulk fetch of issues, a permission check. */
export function isJiraRead(key: string): boolean {
  const [method, template] = key.split(' ', 2);
  return method === 'GET' || method === 'HEAD' || /\/search(\/jql)?$|\/issue\/bulkfetch$|\/permissions\/check$/.test(template);
}

function toolOf(url: URL): Tool | undefined {
  if (url.hostname.endsWith('qtestnet.com')) return 'qtest';
  if (url.hostname.endsWith('getxray.app')) return 'xray';
  if (url.hostname.endsWith('qmetry.com')) return 'qmetry';
  return undefined;
}

function bodyText(input: string | URL | Request, init?: RequestInit): string | undefined {
  const b = init?.body;
  return typeof b === 'string' ? b : undefined;
}

/** The endpoint of a tool request: method and path with ids as {id}; qTest searches by object type, Xray by operation. */
export function toolEndpoint(tool: Tool, method: string, url: URL, body: string | undefined): string {
  const path = url.pathname.replace(/\/\d+(?=\/|$)/g, '/{id}');
  if (tool === 'qtest' && /\/search$/.test(path) && body) {
    try {
      const b = JSON.parse(body) as { object_type?: string; fields?: string[] };
      const idsOnly = b.fields?.length === 1 && b.fields[0] === 'id';
      return `${method} ${path} (${b.object_type}${idsOnly ? ', ids only' : ''})`;
    } catch {
      return `${method} ${path}`;
    }
  }
  if (tool === 'xray' && /\/graphql$/.test(path) && body) {
    try {
      const q = (JSON.parse(body) as { query?: string }).query ?? '';
      const m = /^\s*(query|mutation)\s+(\w+)/.exec(q);
      return `graphql ${m ? m[2] : 'anonymous'}`;
    } catch {
      return `${method} ${path}`;
    }
  }
  return `${method} ${path}`;
}

const units = (bytes: number) => Math.max(1, Math.ceil(bytes / KVS_UNIT_BYTES));
const sizeOf = (v: unknown) => (v === undefined ? 0 : Buffer.byteLength(JSON.stringify(v)));

/** The record kind of a storage key: its prefix up to the first `:`, or the whole key (`coverage-format`). */
export function recordKind(key: unknown): string {
  if (typeof key !== 'string') return '(unnamed)';
  const at = key.indexOf(':');
  return at < 0 ? key : key.slice(0, at);
}

/** What a storage call cost, in all and by record kind. */
export interface KvsCost {
  read: number;
  write: number;
  kinds: { kind: string; read: number; write: number }[];
}

/** Storage units a call costs: per key, its value's size in 10 KB units (at least 1); a query per result (at least 1). */
export async function kvsCost(path: string, reqBody: string | undefined, res: Response): Promise<KvsCost> {
  const op = path.split('?')[0].replace(/^\/api\/v1\//, '');
  let req: any = {};
  try {
    req = reqBody ? JSON.parse(reqBody) : {};
  } catch {
    /* counted as 1 below */
  }
  const answer = async () => {
    if (res.status !== 200) return undefined;
    try {
      return (await res.clone().json()) as any;
    } catch {
      return undefined;
    }
  };
  const kinds: KvsCost['kinds'] = [];
  const read = (key: unknown, n: number) => kinds.push({ kind: recordKind(key), read: n, write: 0 });
  const write = (key: unknown, n: number) => kinds.push({ kind: recordKind(key), read: 0, write: n });
  const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
  switch (op) {
    case 'get':
    case 'secret/get':
      read(op === 'get' ? req.key : 'secret', units(sizeOf((await answer())?.value)));
      break;
    case 'query': {
      const a = await answer();
      const rows: any[] = a?.data ?? a?.results ?? [];
      const prefix = list(req.where)[0]?.values?.[0];
      read(prefix, Math.max(1, rows.reduce((sum, r) => sum + units(sizeOf(r?.value)), 0)));
      break;
    }
    case 'batch/get': {
      const found = list((await answer())?.successfulKeys);
      for (const r of found) read(r?.key, units(sizeOf(r?.value)));
      const foundKeys = new Set(found.map((r) => r?.key));
      for (const r of list(req)) if (!foundKeys.has(r?.key)) read(r?.key, 1);
      break;
    }
    case 'set':
    case 'secret/set':
      write(op === 'set' ? req.key : 'secret', units(sizeOf(req.value)));
      break;
    case 'batch/set':
      if (Array.isArray(req)) for (const r of req) write(r?.key, units(sizeOf(r?.value)));
      else write(undefined, 1);
      break;
    case 'delete':
      write(req.key, 1);
      break;
    case 'secret/delete':
      write('secret', 1);
      break;
    case 'batch/delete':
      if (Array.isArray(req)) for (const r of req) write(r?.key, 1);
      else write(undefined, 1);
      break;
    case 'transaction':
      for (const r of list(req.set)) write(r?.key, units(sizeOf(r?.value)));
      for (const r of list(req.delete)) write(r?.key, 1);
      break;
    default:
      read(undefined, 1);
  }
  return { read: kinds.reduce((sum, k) => sum + k.read, 0), write: kinds.reduce((sum, k) => sum + k.write, 0), kinds };
}

/** Issues a Jira read returned (search and bulk fetch: `issues`; one issue read: 1). */
async function issuesReturned(res: Response): Promise<number> {
  if (res.status < 200 || res.status >= 300) return 0;
  try {
    const body = (await res.clone().json()) as { issues?: unknown[]; key?: unknown; fields?: unknown };
    if (Array.isArray(body.issues)) return body.issues.length;
    if (typeof body.key === 'string' && body.fields !== undefined) return 1;
  } catch {
    /* not JSON */
  }
  return 0;
}

/** What a JQL search looks for, so the searches of different purposes are counted apart. */
function searchKind(p: string, init?: RequestInit): string {
  if (!/\/search\/jql(\?|$)/.test(p) || typeof init?.body !== 'string') return '';
  try {
    const jql = String((JSON.parse(init.body) as { jql?: string }).jql ?? '');
    if (/issue\.property\[/i.test(jql)) return ' (by property)';
    if (/^\s*key\s+in\s*\(/i.test(jql)) return ' (key in …)';
    if (/^\s*key\s*=/i.test(jql)) return ' (key = …)';
    return ' (other JQL)';
  } catch {
    return '';
  }
}

export interface MeterOptions {
  /** Added before every storage call (Forge's storage is not instant; the local one is). */
  kvsLatencyMs?: number;
}

/** Wraps the runtime instance of `server` so every counted call lands in `counts` (the object is kept; reset by swapping fields). */
export function instrument(server: LocalServer, counts: () => Counts, opts: MeterOptions = {}): void {
  const runtime = server.runtime;
  const forgeFetch = runtime.forgeFetch.bind(runtime);
  const egressFetch = runtime.egressFetch.bind(runtime);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  runtime.forgeFetch = async (ctx: InvocationContext, descriptor: ForgeFetchDescriptor, p: string, init?: RequestInit) => {
    if (!COUNTED_FUNCTIONS.has(ctx.functionKey)) return forgeFetch(ctx, descriptor, p, init);
    const c = counts();
    if (descriptor?.type === 'kvs') {
      if (opts.kvsLatencyMs) await sleep(opts.kvsLatencyMs);
      const res = await forgeFetch(ctx, descriptor, p, init);
      const cost = await kvsCost(p, typeof init?.body === 'string' ? init.body : undefined, res);
      const op = p.split('?')[0].replace(/^\/api\/v1\//, '');
      const o = c.kvsOps.get(op) ?? { n: 0, readUnits: 0, writeUnits: 0 };
      o.n++;
      o.readUnits += cost.read;
      o.writeUnits += cost.write;
      c.kvsOps.set(op, o);
      for (const k of cost.kinds) {
        const byKind = c.kvsKinds.get(k.kind) ?? { readUnits: 0, writeUnits: 0 };
        byKind.readUnits += k.read;
        byKind.writeUnits += k.write;
        c.kvsKinds.set(k.kind, byKind);
      }
      const sec = Math.floor(Date.now() / 1000);
      const s = c.kvsSeconds.get(sec) ?? { readUnits: 0, writeUnits: 0, requests: 0 };
      s.readUnits += cost.read;
      s.writeUnits += cost.write;
      s.requests++;
      c.kvsSeconds.set(sec, s);
      return res;
    }
    if (descriptor?.type === 'fpp' && descriptor.remote === 'jira') {
      const key = jiraTemplate(init?.method ?? 'GET', p) + searchKind(p, init);
      let res: Response;
      try {
        res = await forgeFetch(ctx, descriptor, p, init);
      } catch (e) {
        // A request that failed in transport was still sent: counted, with no answer.
        const j = c.jira.get(key) ?? { n: 0, points: 0, issues: 0 };
        j.n++;
        j.points++;
        c.jira.set(key, j);
        throw e;
      }
      const issues = isJiraRead(key) ? await issuesReturned(res) : 0;
      const j = c.jira.get(key) ?? { n: 0, points: 0, issues: 0 };
      j.n++;
      j.issues += issues;
      j.points += 1 + issues;
      c.jira.set(key, j);
      // A 303 (a bulk property write's task) followed by the transport is a second request to Jira: the task read.
      if (res.redirected) {
        const followed = jiraTemplate('GET', new URL(res.url).pathname.replace(/^\/jira/, ''));
        const t = c.jira.get(followed) ?? { n: 0, points: 0, issues: 0 };
        t.n++;
        t.points++;
        c.jira.set(followed, t);
      }
      return res;
    }
    if (p.startsWith('/webhook/queue/')) bump(c.queue, p.split('/')[3] ?? p);
    return forgeFetch(ctx, descriptor, p, init);
  };
  runtime.egressFetch = (ctx: InvocationContext, input: string | URL | Request, init?: RequestInit) => {
    if (COUNTED_FUNCTIONS.has(ctx.functionKey)) {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const tool = toolOf(url);
      if (tool) {
        const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
        const c = counts();
        bump(c.tools[tool], toolEndpoint(tool, method, url, bodyText(input, init)));
        c.toolTimes[tool].push(Date.now());
      }
    }
    return egressFetch(ctx, input, init);
  };
  const target = runtime as unknown as { runFunction: (fk: string, ...rest: unknown[]) => Promise<unknown> };
  const runFunction = target.runFunction.bind(runtime);
  target.runFunction = async (functionKey: string, ...rest: unknown[]) => {
    const counted = COUNTED_FUNCTIONS.has(functionKey);
    let held: { base: number; max: number } | undefined;
    if (counted && gc) {
      gc();
      running.add((held = { base: process.memoryUsage().heapUsed, max: 0 }));
    }
    const started = Date.now();
    const t0 = performance.now();
    try {
      return await runFunction(functionKey, ...rest);
    } finally {
      if (counted) {
        const ms = performance.now() - t0;
        if (held) {
          gc!();
          noteLiveHeap(process.memoryUsage().heapUsed);
          running.delete(held);
        }
        counts().invocations.push({ functionKey, startedAt: started, ms, budgetMs: runtime.budgetSeconds(functionKey) * 1000, ...(held ? { heapHeld: held.max } : {}) });
      }
    }
  };
}

// ---------------------------------------------------------------------------------------------------------
// Summaries

export const sumJira = (c: Counts, pick: (key: string) => boolean = () => true) =>
  [...c.jira].reduce((acc, [k, v]) => (pick(k) ? acc + v.n : acc), 0);

export const jiraPoints = (c: Counts) => [...c.jira.values()].reduce((s, v) => s + v.points, 0);

export const sumTool = (c: Counts, tool: Tool) => [...c.tools[tool].values()].reduce((s, v) => s + v, 0);

/** The largest storage use in any 60 consecutive seconds of wall clock. */
export function kvsPeakPerMinute(c: Counts): { readUnits: number; writeUnits: number; requests: number; peakRequestsPerSecond: number } {
  const secs = [...c.kvsSeconds.keys()].sort((a, b) => a - b);
  let best = { readUnits: 0, writeUnits: 0, requests: 0 };
  let peakRps = 0;
  let lo = 0;
  const win = { readUnits: 0, writeUnits: 0, requests: 0 };
  let bestRead = 0;
  let bestWrite = 0;
  let bestReq = 0;
  for (let hi = 0; hi < secs.length; hi++) {
    const s = c.kvsSeconds.get(secs[hi])!;
    peakRps = Math.max(peakRps, s.requests);
    win.readUnits += s.readUnits;
    win.writeUnits += s.writeUnits;
    win.requests += s.requests;
    while (secs[hi] - secs[lo] >= 60) {
      const o = c.kvsSeconds.get(secs[lo])!;
      win.readUnits -= o.readUnits;
      win.writeUnits -= o.writeUnits;
      win.requests -= o.requests;
      lo++;
    }
    bestRead = Math.max(bestRead, win.readUnits);
    bestWrite = Math.max(bestWrite, win.writeUnits);
    bestReq = Math.max(bestReq, win.requests);
  }
  best = { readUnits: bestRead, writeUnits: bestWrite, requests: bestReq };
  return { ...best, peakRequestsPerSecond: peakRps };
}

/** The most requests in any window of `windowMs`. */
export function peakInWindow(times: number[], windowMs: number): number {
  const t = [...times].sort((a, b) => a - b);
  let lo = 0;
  let best = 0;
  for (let hi = 0; hi < t.length; hi++) {
    while (t[hi] - t[lo] >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}
