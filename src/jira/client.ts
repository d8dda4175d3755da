/**
 * Calls to Jira's REST API as the app or as the current user, with Jira's rate limits honoured.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import api, { route } from '@forge/api';

export type Principal = 'app' | 'user';

/** A Jira answer that was not a success, with Jira's own error messages. */
export class JiraError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
    /** On a 429 or 503: how long Jira asked the app to wait. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'JiraError';
  }
}

/** Called when a request waits for Jira's rate limit, so the run history can say when and why. */
export type WaitListener = (seconds: number, reason: string) => void;

type Route = ReturnType<typeof route>;

export interface JiraRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  as?: Principal;
  /** Called with the answer's `Location` header (an asynchronous operation's task). */
  onLocation?: (location: string) => void;
}

interface Pacing {
  onWait: WaitListener;
  /** Set when Jira said the app's hourly points quota is nearly spent: no request is sent before then. */
  pausedUntil?: number;
}

const pacing = new AsyncLocalStorage<Pacing>();

/**
 * Runs `fn` with every rate-limit wait of its Jira requests reported to `listener`, and paced by Jira's quota
 * headers: once `Beta-RateLimit` says less than QUOTA_RESERVE of the hour's points are left, further requests
 * fail at once with a 429 that names the wait, so a sync resumes after the window instead of spending the
 * quota users' own work needs.
 */
export function withWaitListener<T>(listener: WaitListener, fn: () => Promise<T>): Promise<T> {
  return pacing.run({ onWait: listener }, fn);
}

export const QUOTA_NEARLY_SPENT = "Jira's hourly points quota for the app is nearly spent";

/** The share of the hourly points quota a sync leaves for everything else on the site. */
export const QUOTA_RESERVE = 0.05;

/** `"tenant-app-quota";r=<remaining>;t=<seconds>` and `…;q=<quota>;w=<window>` as numbers. */
function quotaParam(header: string | null, name: string): number | undefined {
  const m = header ? new RegExp(`(?:^|;)\\s*${name}=(\\d+)`).exec(header) : null;
  return m ? Number(m[1]) : undefined;
}

function notePacing(res: { headers: { get(name: string): string | null } }): void {
  const p = pacing.getStore();
  if (!p) return;
  const remaining = quotaParam(res.headers.get('beta-ratelimit'), 'r');
  const quota = quotaParam(res.headers.get('beta-ratelimit-policy'), 'q');
  const resetIn = quotaParam(res.headers.get('beta-ratelimit'), 't');
  if (remaining === undefined || quota === undefined || remaining > quota * QUOTA_RESERVE) return;
  p.pausedUntil = Date.now() + (resetIn ?? 300) * 1000;
}

const MAX_ATTEMPTS = 4;
/** A wait longer than this is not slept through inside one request: the caller resumes later instead. */
export const MAX_INLINE_WAIT_SECONDS = 30;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Jira's error body `{errorMessages, errors}` as one readable line. */
export function jiraErrorText(body: unknown): string {
  if (!body || typeof body !== 'object') return typeof body === 'string' && body ? body.slice(0, 300) : '';
  const b = body as { errorMessages?: unknown; errors?: unknown };
  const parts: string[] = [];
  if (Array.isArray(b.errorMessages)) parts.push(...b.errorMessages.map(String));
  if (b.errors && typeof b.errors === 'object') {
    for (const [field, msg] of Object.entries(b.errors as Record<string, unknown>)) parts.push(`${field}: ${String(msg)}`);
  }
  return parts.join('; ');
}

/** Seconds from a Retry-After header (seconds or an HTTP date), if it has one. */
function retryAfterSeconds(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

function retryDelayMs(retryAfter: number | undefined, attempt: number): number {
  if (retryAfter !== undefined) return retryAfter * 1000;
  return Math.min(1000 * 2 ** attempt, 15000) * (0.5 + Math.random() / 2);
}

function limitReason(res: { status: number; headers: { get(name: string): string | null } }): string {
  const reason = res.headers.get('ratelimit-reason');
  return res.status === 429 ? `Jira rate limit${reason ? ` (${reason})` : ''}` : 'Jira unavailable (503)';
}

/** Sends a request and parses the JSON answer; 429 and 503 are retried after `Retry-After`. */
export async function jira<T = unknown>(path: Route, req: JiraRequest = {}): Promise<T> {
  const requester = req.as === 'user' ? api.asUser() : api.asApp();
  const paused = pacing.getStore()?.pausedUntil;
  if (paused && paused > Date.now()) {
    const seconds = Math.ceil((paused - Date.now()) / 1000);
    throw new JiraError(429, `${QUOTA_NEARLY_SPENT}: waiting ${seconds} s for the window to reset`, undefined, seconds);
  }
  for (let attempt = 0; ; attempt++) {
    const res = await requester.requestJira(path, {
      method: req.method ?? 'GET',
      headers: { Accept: 'application/json', ...(req.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
    });
    if (res.status === 429 || res.status === 503) {
      const after = retryAfterSeconds(res.headers.get('retry-after'));
      const delay = retryDelayMs(after, attempt);
      if (attempt + 1 < MAX_ATTEMPTS && delay <= MAX_INLINE_WAIT_SECONDS * 1000) {
        pacing.getStore()?.onWait(Math.round(delay / 100) / 10, limitReason(res));
        await sleep(delay);
        continue;
      }
      throw new JiraError(res.status, `${limitReason(res)}: asked to wait ${Math.ceil(delay / 1000)} s`, undefined, Math.ceil(delay / 1000));
    }
    notePacing(res);
    const raw = await res.text();
    let body: unknown = undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const location = res.headers.get('location');
    if (location) req.onLocation?.(location);
    // 303 See Other: an asynchronous operation accepted; its task is at `Location`.
    if (!res.ok && !(res.status === 303 && req.onLocation)) {
      const detail = jiraErrorText(body);
      throw new JiraError(res.status, `Jira answered ${res.status}${detail ? `: ${detail}` : ''}`, body);
    }
    return body as T;
  }
}
