/**
 * HTTP plumbing shared by every connector: retries with backoff, a per-connection request budget,
 * zod validation of response bodies and secret-free ConnectorErrors. Takes a FetchLike, knows nothing of Forge.
 */
import type { ZodType } from 'zod';
import { createStoredRequestBudget, type RequestBudgetStore } from './budget';
import { ConnectorError, type FetchLike, type HttpRequestInit, type HttpResponse } from './types';

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** N requests per sliding window; `acquire` waits until a slot frees instead of letting a request through. */
export interface RequestBudget {
  acquire(): Promise<void>;
}

export function createRequestBudget(opts: {
  limit: number;
  windowMs: number;
  now?: () => number;
  sleep?: Sleep;
}): RequestBudget {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? realSleep;
  const sent: number[] = [];
  return {
    async acquire() {
      for (;;) {
        const t = now();
        while (sent.length > 0 && sent[0] <= t - opts.windowMs) sent.shift();
        if (sent.length < opts.limit) {
          sent.push(t);
          return;
        }
        await sleep(Math.max(1, sent[0] + opts.windowMs - t));
      }
    },
  };
}

/** The transport settings every connector takes and hands on to its client. */
export interface TransportOptions {
  fetch: FetchLike;
  sleep?: Sleep;
  now?: () => number;
  random?: () => number;
  /** Requests per window for this connection; each connector has its own default. */
  budget?: { limit: number; windowMs: number };
  /**
   * Keeps the budget's window in a store shared by every invocation (see budget.ts) instead of in this connector
   * instance's memory. `key` names the budget (one per API key of the tool).
   */
  budgetStore?: { store: RequestBudgetStore; key: string; service?: string; maxWaitMs?: number };
  /** Attempts in total, the first included. */
  maxAttempts?: number;
  /** Per-attempt timeout in ms (30 s by default). */
  timeoutMs?: number;
  /**
   * When the caller must be done (epoch ms, or undefined for no limit now): a wait that would end later (the request
   * budget, a Retry-After, a back-off) fails RATE_LIMITED at once with the wait as `retryAfterSeconds`, so a sync step
   * ends and goes on later instead of sleeping through its invocation's budget.
   */
  deadline?: () => number | undefined;
}

/** A sleep that refuses to end past the deadline. */
export function sleepBefore(deadline: () => number | undefined, now: () => number, sleep: Sleep = realSleep): Sleep {
  return async (ms) => {
    const until = deadline();
    if (until !== undefined && now() + ms > until) {
      const seconds = Math.max(1, Math.ceil(ms / 1000));
      throw new ConnectorError('RATE_LIMITED', `A ${seconds} s wait for the tool would end past this step's share of its time budget; the sync goes on after it`, { retryAfterSeconds: seconds });
    }
    await sleep(ms);
  };
}

/** Just the TransportOptions of a connector's options, for its client. */
export function transportOptions(o: TransportOptions): TransportOptions {
  return {
    fetch: o.fetch,
    sleep: o.sleep,
    now: o.now,
    random: o.random,
    budget: o.budget,
    budgetStore: o.budgetStore,
    maxAttempts: o.maxAttempts,
    timeoutMs: o.timeoutMs,
    deadline: o.deadline,
  };
}

/**
 * A client's clock and the requestJson settings it sends with every request: the request budget is `o.budget`,
 * else `defaultBudget`, counted in `o.budgetStore` when given, else in memory.
 */
export function transportSettings(o: TransportOptions, defaultBudget: { limit: number; windowMs: number }) {
  const now = o.now ?? Date.now;
  const sleep = o.deadline ? sleepBefore(o.deadline, now, o.sleep) : o.sleep;
  const limits = { limit: o.budget?.limit ?? defaultBudget.limit, windowMs: o.budget?.windowMs ?? defaultBudget.windowMs };
  const budget: RequestBudget = o.budgetStore
    ? createStoredRequestBudget({ ...limits, ...o.budgetStore, now, sleep })
    : createRequestBudget({ ...limits, now, sleep });
  return { now, http: { sleep, random: o.random, now, budget, maxAttempts: o.maxAttempts, timeoutMs: o.timeoutMs } };
}

export interface RequestOptions {
  /** Names the service in messages, e.g. `qTest`. */
  service: string;
  /** Attempts in total, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited out: the call fails RATE_LIMITED at once. */
  maxRetryAfterMs?: number;
  /** Per-attempt timeout; an attempt that takes longer counts as a network failure. */
  timeoutMs?: number;
  sleep?: Sleep;
  /** Returns [0, 1); jitter source. */
  random?: () => number;
  now?: () => number;
  budget?: RequestBudget;
  /** Values that must never appear in an error message (tokens, passwords). Authorization values are added. */
  secrets?: string[];
  /**
   * Lets the caller classify a non-2xx answer (401/403/404/4xx) itself; return undefined for the default.
   * `body` is already redacted.
   */
  refine?: (status: number, body: string, headers: HttpResponse['headers']) => ConnectorError | undefined;
}

const DEFAULTS = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000, timeoutMs: 30_000 };

/** Replaces every secret (and anything that looks like a bearer/basic credential) with `[redacted]`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]');
}

/** A tool's non-2xx answer, kept as the `cause` of the ConnectorError it became: status and a redacted excerpt. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    /** The answer's body, secrets redacted, at most 500 characters. */
    readonly body: string,
  ) {
    super(`HTTP ${status}${body ? `: ${body}` : ''}`);
    this.name = 'HttpStatusError';
  }
}

function httpCause(status: number, redactedBody: string): HttpStatusError {
  return new HttpStatusError(status, redactedBody.slice(0, 500));
}

/**
 * `error` made safe to keep as a ConnectorError's `cause`: the error itself when neither its message, its stack
 * nor its own causes hold a secret, otherwise a copy (same name) with the secrets redacted.
 */
export function safeCause(error: unknown, secrets: readonly string[], depth = 0): unknown {
  if (error === undefined || error === null) return error;
  if (!(error instanceof Error)) {
    const text = typeof error === 'string' ? error : JSON.stringify(error) ?? String(error);
    return text === redact(text, secrets) ? error : redact(text, secrets);
  }
  const nested = depth < 3 && error.cause !== undefined ? safeCause(error.cause, secrets, depth + 1) : error.cause;
  const message = redact(error.message, secrets);
  const stack = error.stack === undefined ? undefined : redact(error.stack, secrets);
  if (message === error.message && stack === error.stack && nested === error.cause) return error;
  const copy = new Error(message, nested === undefined ? undefined : { cause: nested });
  copy.name = error.name;
  copy.stack = stack;
  return copy;
}

/** The same error with `cause` set, unless it already has one. */
export function withCause(e: ConnectorError, cause: unknown): ConnectorError {
  return e.cause !== undefined ? e : new ConnectorError(e.code, e.message, e.details, { cause });
}

/** Seconds to wait from a Retry-After header (delta-seconds or HTTP date), or undefined when absent/unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, (at - nowMs) / 1000);
}

/** `items[3].pid` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(root)';
}

/** Full-jitter exponential backoff: random in [0, min(max, base * 2^(attempt-1))], at least 1 ms. */
export function backoffDelay(attempt: number, base: number, max: number, random: () => number): number {
  const cap = Math.min(max, base * 2 ** (attempt - 1));
  return Math.max(1, Math.floor(random() * cap));
}

const EGRESS = /egress|fetch backend permission|external fetch|not allowed/i;

function secretsOf(init: HttpRequestInit | undefined, extra: readonly string[] = []): string[] {
  const out = [...extra];
  const auth = Object.entries(init?.headers ?? {}).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  if (auth) {
    out.push(auth);
    const [, cred] = auth.split(/\s+/, 2);
    if (cred) out.push(cred);
  }
  return out.filter((s) => s.length > 0);
}

function bodyMessage(body: string): string {
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    const m = j.error_description ?? j.message ?? j.error ?? j.errorMessage;
    if (typeof m === 'string' && m) return m.slice(0, 200);
  } catch {
    /* not JSON: fall through */
  }
  return /<html/i.test(body) ? '' : body.slice(0, 200);
}

function defaultStatusError(service: string, status: number, body: string, where: string): ConnectorError {
  const detail = bodyMessage(body);
  const suffix = detail ? `: ${detail}` : '';
  const cause = { cause: httpCause(status, body) };
  if (status === 401) return new ConnectorError('INVALID_CREDENTIALS', `${service} rejected the credentials (HTTP 401)${suffix}`, { status }, cause);
  if (status === 403) return new ConnectorError('MISSING_PERMISSION', `${service} denied access to ${where} (HTTP 403)${suffix}`, { status }, cause);
  if (status === 404) return new ConnectorError('WRONG_REGION_OR_URL', `${service} has nothing at ${where} (HTTP 404)${suffix}`, { status }, cause);
  return new ConnectorError('UNEXPECTED_RESPONSE', `${service} refused the request to ${where} (HTTP ${status})${suffix}`, { status }, cause);
}

type Attempt =
  | { kind: 'response'; res: HttpResponse; text: string }
  | { kind: 'network'; error: unknown; timedOut: boolean };

async function attempt(fetch: FetchLike, url: string, init: HttpRequestInit, timeoutMs: number): Promise<Attempt> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const res = await fetch(url, { ...init, signal: init.signal ?? controller.signal });
    const text = await res.text();
    return { kind: 'response', res, text };
  } catch (error) {
    return { kind: 'network', error, timedOut };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends a request and parses the JSON answer with `schema`.
 * Retries 429 (honouring Retry-After), 5xx, timeouts and network errors with bounded jittered backoff.
 * Every thrown error is a ConnectorError whose message holds no secret.
 */
export async function requestJson<T>(
  fetch: FetchLike,
  url: string,
  init: HttpRequestInit,
  schema: ZodType<T>,
  opts: RequestOptions,
): Promise<T> {
  const o = {
    ...opts,
    maxAttempts: opts.maxAttempts ?? DEFAULTS.maxAttempts,
    baseDelayMs: opts.baseDelayMs ?? DEFAULTS.baseDelayMs,
    maxDelayMs: opts.maxDelayMs ?? DEFAULTS.maxDelayMs,
    maxRetryAfterMs: opts.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs,
    timeoutMs: opts.timeoutMs ?? DEFAULTS.timeoutMs,
  };
  const sleep = o.sleep ?? realSleep;
  const random = o.random ?? Math.random;
  const now = o.now ?? Date.now;
  const secrets = secretsOf(init, o.secrets);
  const where = redact(new URL(url).pathname, secrets);
  const clean = (s: string) => redact(s, secrets);

  let last: ConnectorError | undefined;
  for (let n = 1; n <= o.maxAttempts; n++) {
    if (o.budget) await o.budget.acquire();
    const a = await attempt(fetch, url, init, o.timeoutMs);
    const retriesLeft = n < o.maxAttempts;

    if (a.kind === 'network') {
      const msg = clean(a.error instanceof Error ? a.error.message : String(a.error));
      const cause = { cause: safeCause(a.error, secrets) };
      if (!a.timedOut && EGRESS.test(msg)) {
        throw new ConnectorError('EGRESS_NOT_ALLOWED', `The app may not call ${new URL(url).host}: ${msg}`, {}, cause);
      }
      last = new ConnectorError(
        'NETWORK',
        a.timedOut
          ? `${o.service} did not answer within ${o.timeoutMs} ms (${where}, ${n} attempt${n > 1 ? 's' : ''})`
          : `Could not reach ${o.service} (${where}, ${n} attempt${n > 1 ? 's' : ''}): ${msg}`,
        {},
        cause,
      );
      if (retriesLeft) await sleep(backoffDelay(n, o.baseDelayMs, o.maxDelayMs, random));
      continue;
    }

    const { res, text } = a;
    if (res.status === 429) {
      const after = parseRetryAfter(res.headers.get('retry-after'), now());
      last = new ConnectorError(
        'RATE_LIMITED',
        `${o.service} is rate limiting the app (HTTP 429${after !== undefined ? `, retry after ${Math.ceil(after)} s` : ''})`,
        { status: 429, retryAfterSeconds: after !== undefined ? Math.ceil(after) : undefined },
        { cause: httpCause(429, clean(text)) },
      );
      if (after !== undefined && after * 1000 > o.maxRetryAfterMs) throw last;
      if (retriesLeft) {
        await sleep(after !== undefined ? Math.ceil(after * 1000) : backoffDelay(n, o.baseDelayMs, o.maxDelayMs, random));
      }
      continue;
    }
    if (res.status >= 500) {
      const detail = bodyMessage(clean(text));
      last = new ConnectorError(
        'NETWORK',
        `${o.service} failed with HTTP ${res.status} on ${where} after ${n} attempt${n > 1 ? 's' : ''}${detail ? `: ${detail}` : ''}`,
        { status: res.status },
        { cause: httpCause(res.status, clean(text)) },
      );
      if (retriesLeft) await sleep(backoffDelay(n, o.baseDelayMs, o.maxDelayMs, random));
      continue;
    }
    if (res.status < 200 || res.status >= 300) {
      const body = clean(text);
      const refined = o.refine?.(res.status, body, res.headers);
      throw refined ? withCause(refined, httpCause(res.status, body)) : defaultStatusError(o.service, res.status, body, where);
    }
    return parseBody(text, schema, o.service, where, secrets);
  }
  throw last ?? new ConnectorError('NETWORK', `${o.service} could not be reached (${where})`);
}

function parseBody<T>(text: string, schema: ZodType<T>, service: string, where: string, secrets: readonly string[]): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConnectorError(
      'UNEXPECTED_RESPONSE',
      `${service} answered ${where} with a body that is not valid JSON (malformed or truncated, ${text.length} bytes)`,
      {},
      { cause: safeCause(error, secrets) },
    );
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = formatPath(issue.path);
  const what = issue.message.replace(/^Invalid input:\s*/i, '');
  const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
  throw new ConnectorError(
    'UNEXPECTED_RESPONSE',
    `${service} answered ${where} in an unexpected shape: ${field}: ${what}${more}`,
    { field },
    { cause: safeCause(parsed.error, secrets) },
  );
}
