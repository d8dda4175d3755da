/**
 * Jira Cloud's rate-limit signals (developer.atlassian.com/cloud/jira/platform/rate-limiting, as of 2026):
 *
 * - every 429 carries `Retry-After` (seconds), `X-RateLimit-Reset` (`yyyy-MM-ddTHH:mmZ`, request time plus
 *   Retry-After) and `RateLimit-Reason` (`jira-burst-based`, `jira-per-issue-on-write`, `jira-quota-tenant-based`...);
 * - the points-based hourly quota of an app on a site ("tenant-app-quota"): each request costs 1 point plus 1 per
 *   object it returns, writes only the base point. Responses carry `Beta-RateLimit-Policy: "tenant-app-quota";q=<quota>;w=3600`
 *   and `Beta-RateLimit: "tenant-app-quota";r=<remaining>;t=<seconds until the window resets>` (the header names and
 *   the `r`/`t` parameters are as seen on real sites in March 2026; Atlassian marks them beta).
 */
import type { JiraErrorBody } from './errors';

export const QUOTA_WINDOW_SECONDS = 3600;
export const QUOTA_POLICY_NAME = 'tenant-app-quota';
/** Below this share of the quota left, responses add `X-Beta-RateLimit-NearLimit: true`. */
const NEAR_LIMIT_SHARE = 0.2;

export interface InjectedResponse {
  status: number;
  body: JiraErrorBody | unknown;
  headers: Record<string, string>;
}

/** `yyyy-MM-ddTHH:mmZ`, the format of Jira's X-RateLimit-Reset. */
export function resetStamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

/** The headers of a 429 that asks to wait `retryAfterSeconds`. */
export function rateLimitHeaders(nowMs: number, retryAfterSeconds: number, reason: string): Record<string, string> {
  return {
    'retry-after': String(retryAfterSeconds),
    'x-ratelimit-reset': resetStamp(nowMs + retryAfterSeconds * 1000),
    'ratelimit-reason': reason,
  };
}

export const RATE_LIMITED_BODY: JiraErrorBody = { errorMessages: ['Rate limit exceeded.'], errors: {} };

export interface QuotaState {
  pointsPerHour: number;
  used: number;
  remaining: number;
  /** When the current window ends (ISO), or null before the first request of a window. */
  resetsAt: string | null;
}

/** The app's points quota per hour. The window starts with the first request after it is set or has ended. */
export class PointsQuota {
  private used = 0;
  private windowStart: number | null = null;

  constructor(
    readonly pointsPerHour: number,
    private readonly now: () => number,
  ) {}

  private roll(): number {
    const now = this.now();
    if (this.windowStart === null || now >= this.windowStart + QUOTA_WINDOW_SECONDS * 1000) {
      this.windowStart = now;
      this.used = 0;
    }
    return now;
  }

  private secondsLeft(now: number): number {
    const end = (this.windowStart ?? now) + QUOTA_WINDOW_SECONDS * 1000;
    return Math.max(1, Math.ceil((end - now) / 1000));
  }

  private headers(now: number): Record<string, string> {
    const remaining = Math.max(0, this.pointsPerHour - this.used);
    const out: Record<string, string> = {
      'beta-ratelimit-policy': `"${QUOTA_POLICY_NAME}";q=${this.pointsPerHour};w=${QUOTA_WINDOW_SECONDS}`,
      'beta-ratelimit': `"${QUOTA_POLICY_NAME}";r=${remaining};t=${this.secondsLeft(now)}`,
    };
    if (remaining < this.pointsPerHour * NEAR_LIMIT_SHARE) out['x-beta-ratelimit-nearlimit'] = 'true';
    return out;
  }

  /** A 429 when the quota of the current window is spent, else null. */
  check(): InjectedResponse | null {
    const now = this.roll();
    if (this.used < this.pointsPerHour) return null;
    const wait = this.secondsLeft(now);
    return {
      status: 429,
      body: RATE_LIMITED_BODY,
      headers: { ...this.headers(now), ...rateLimitHeaders(now, wait, 'jira-quota-tenant-based') },
    };
  }

  /** Charges a request's points and answers the headers its response carries. */
  charge(points: number): Record<string, string> {
    const now = this.roll();
    this.used += points;
    return this.headers(now);
  }

  state(): QuotaState {
    const end = this.windowStart === null ? null : this.windowStart + QUOTA_WINDOW_SECONDS * 1000;
    const live = end !== null && this.now() < end;
    const used = live ? this.used : 0;
    return {
      pointsPerHour: this.pointsPerHour,
      used,
      remaining: Math.max(0, this.pointsPerHour - used),
      resetsAt: live && end !== null ? new Date(end).toISOString() : null,
    };
  }
}

/** Points a request costs: 1, plus 1 per issue a read returns (writes cost the base point only). */
export function requestCost(write: boolean, status: number, body: unknown): number {
  if (write || status < 200 || status >= 300 || !body || typeof body !== 'object') return 1;
  const b = body as { issues?: unknown; key?: unknown; fields?: unknown };
  if (Array.isArray(b.issues)) return 1 + b.issues.length;
  if (typeof b.key === 'string' && b.fields !== undefined) return 2;
  return 1;
}
