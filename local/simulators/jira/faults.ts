/**
 * The Jira simulator's failure controls, shared by tests (`sim.faults.set({...})`) and `npm start`
 * (`POST /jira/__sim/faults` with the same JSON, `GET` to read them, `DELETE` to clear them):
 *
 * - `latencyMs`: every REST request waits this long (a timer; other requests are served meanwhile);
 * - `indexLagMs`: JQL searches see issues and their indexed properties as they were this long ago (wall clock);
 * - `paths`: the next `count` requests whose path contains `path` (and whose method is `method`, if given)
 *   answer `status` with a Jira error body (or `body`); 429s carry Jira's rate-limit headers;
 * - `failWrite`: lets `after` writes through, then fails the next one once (`afterApplying`: the write is
 *   made, then answered with the error, like a response lost after Jira committed);
 * - `maxBodyBytes`: larger request bodies answer 413 (default 10 MB);
 * - `pointsPerHour`: the app's points quota (see rate-limit.ts).
 *
 * POST merges: `paths` are appended to the queue, other keys replace, `null` removes a key. The older calls
 * `rateLimit({ requests, retryAfterSeconds })` and `failNext({ status, requests })` queue `paths` entries.
 */
import { z } from 'zod';
import { ISSUE_NOT_FOUND, type JiraErrorBody } from './errors';
import {
  PointsQuota, RATE_LIMITED_BODY, rateLimitHeaders, type InjectedResponse, type QuotaState,
} from './rate-limit';

export type { InjectedResponse } from './rate-limit';

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

const status = z.number().int().min(400).max(599);

const PathFaultSchema = z
  .object({
    /** HTTP method to match (any when absent). */
    method: z.string().optional(),
    /** Substring of the REST path, e.g. `/rest/api/3/issue/bulk`; empty matches every request. */
    path: z.string().default(''),
    status,
    count: z.number().int().min(1).default(1),
    /** Response body instead of Jira's `{ errorMessages, errors }`. */
    body: z.unknown().optional(),
    /** Message of the default error body. */
    message: z.string().optional(),
    /** Adds Retry-After (429s get 1 second when absent). */
    retryAfterSeconds: z.number().int().min(0).optional(),
    /** RateLimit-Reason of a 429 (`jira-burst-based` when absent). */
    reason: z.string().optional(),
  })
  .strict();

const FailWriteSchema = z
  .object({
    after: z.number().int().min(0),
    status: status.default(500),
    message: z.string().optional(),
    afterApplying: z.boolean().optional(),
  })
  .strict();

const ControlShape = {
  latencyMs: z.number().int().min(0),
  indexLagMs: z.number().int().min(0),
  paths: z.array(PathFaultSchema),
  failWrite: FailWriteSchema,
  maxBodyBytes: z.number().int().min(1),
  pointsPerHour: z.number().int().min(1),
};

export const FaultControlsSchema = z.object(ControlShape).partial().strict();
export type FaultControls = z.output<typeof FaultControlsSchema>;
export type PathFault = z.output<typeof PathFaultSchema>;

/** What POST /__sim/faults accepts: the controls (null removes one), plus the older `rateLimit`, `failNext`, `clear`. */
export const FaultRequestSchema = z
  .object({
    latencyMs: ControlShape.latencyMs.nullable(),
    indexLagMs: ControlShape.indexLagMs.nullable(),
    paths: z.array(PathFaultSchema).nullable(),
    failWrite: FailWriteSchema.nullable(),
    maxBodyBytes: ControlShape.maxBodyBytes.nullable(),
    pointsPerHour: ControlShape.pointsPerHour.nullable(),
    rateLimit: z.object({ requests: z.number().int().min(1), retryAfterSeconds: z.number().int().min(0).optional() }).strict(),
    failNext: z.object({ status: status.optional(), requests: z.number().int().min(1).optional(), message: z.string().optional() }).strict(),
    clear: z.boolean(),
  })
  .partial()
  .strict();
export type FaultRequest = z.input<typeof FaultRequestSchema>;

export interface RateLimitOptions {
  requests: number;
  retryAfterSeconds?: number;
}

export interface FailNextOptions {
  status?: number;
  requests?: number;
  message?: string;
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'Bad request.',
  401: 'You are not authenticated. Authentication required to perform this operation.',
  403: 'You do not have permission to perform this operation.',
  404: ISSUE_NOT_FOUND,
  409: 'The request conflicts with the current state of the resource.',
  413: 'Request entity too large.',
  429: RATE_LIMITED_BODY.errorMessages[0],
  500: 'Internal server error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function errorBodyFor(statusCode: number, message?: string): JiraErrorBody {
  return { errorMessages: [message ?? DEFAULT_MESSAGES[statusCode] ?? `HTTP ${statusCode}`], errors: {} };
}

/** A write is any request but GET/HEAD/OPTIONS, except JQL searches sent as POST. */
export function isWrite(method: string, path: string): boolean {
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return false;
  return !(m === 'POST' && /^\/rest\/api\/[23]\/search(\/|$)/.test(path));
}

export class FaultController {
  private controls: FaultControls = {};
  private quota: PointsQuota | null = null;

  /** `now` is the wall clock used for Retry-After, X-RateLimit-Reset and the quota window. */
  constructor(private readonly now: () => number = Date.now) {}

  /** Merges controls (see the file comment); throws a ZodError on a malformed request. */
  set(input: FaultRequest): void {
    const req = FaultRequestSchema.parse(input);
    if (req.clear) this.clear();
    const next: Record<string, unknown> = { ...this.controls };
    for (const key of Object.keys(ControlShape) as Array<keyof typeof ControlShape>) {
      if (!(key in req)) continue;
      const value = req[key];
      if (value === null) delete next[key];
      else if (key === 'paths') next.paths = [...(this.controls.paths ?? []), ...(value as PathFault[])];
      else next[key] = value;
    }
    if (req.rateLimit) {
      const { requests, retryAfterSeconds = 1 } = req.rateLimit;
      next.paths = [...((next.paths as PathFault[] | undefined) ?? []), { path: '', status: 429, count: requests, retryAfterSeconds }];
    }
    if (req.failNext) {
      const { status: code = 503, requests = 1, message } = req.failNext;
      if (code < 500) throw new Error(`failNext expects a 5xx status, got ${code}`);
      next.paths = [...((next.paths as PathFault[] | undefined) ?? []), { path: '', status: code, count: requests, ...(message ? { message } : {}) }];
    }
    this.apply(FaultControlsSchema.parse(next));
  }

  private apply(controls: FaultControls): void {
    if (controls.paths?.length === 0) delete controls.paths;
    const quotaChanged = controls.pointsPerHour !== this.controls.pointsPerHour;
    this.controls = controls;
    if (quotaChanged) this.quota = controls.pointsPerHour ? new PointsQuota(controls.pointsPerHour, this.now) : null;
  }

  /** The next `requests` requests answer 429 with a Retry-After header, as Jira's rate limiter does. */
  rateLimit({ requests, retryAfterSeconds = 1 }: RateLimitOptions): void {
    this.set({ rateLimit: { requests, retryAfterSeconds } });
  }

  /** The next `requests` requests fail with a 5xx status (503 by default). */
  failNext(options: FailNextOptions = {}): void {
    this.set({ failNext: options });
  }

  clear(): void {
    this.controls = {};
    this.quota = null;
  }

  /** The active controls, in the shape POST accepts. */
  active(): FaultControls {
    return structuredClone(this.controls);
  }

  restore(controls: unknown): void {
    this.clear();
    this.apply(FaultControlsSchema.parse(controls ?? {}));
  }

  /** Number of requests that will still be answered by a queued `paths` fault. */
  get pending(): number {
    return (this.controls.paths ?? []).reduce((n, f) => n + f.count, 0);
  }

  get latencyMs(): number {
    return this.controls.latencyMs ?? 0;
  }

  get indexLagMs(): number {
    return this.controls.indexLagMs ?? 0;
  }

  get maxBodyBytes(): number {
    return this.controls.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  quotaState(): QuotaState | null {
    return this.quota?.state() ?? null;
  }

  /** Waits the injected latency, if any. */
  async delay(): Promise<void> {
    const ms = this.latencyMs;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Consumes the first queued `paths` fault matching this request. */
  takePathFault(method: string, path: string): InjectedResponse | null {
    const paths = this.controls.paths ?? [];
    const index = paths.findIndex(
      (f) => (!f.method || f.method.toUpperCase() === method.toUpperCase()) && path.includes(f.path),
    );
    if (index < 0) return null;
    const fault = paths[index];
    if (fault.count <= 1) paths.splice(index, 1);
    else paths[index] = { ...fault, count: fault.count - 1 };
    if (paths.length === 0) delete this.controls.paths;
    return this.build(fault.status, fault.body, fault.message, fault.retryAfterSeconds, fault.reason);
  }

  /** Counts a write; answers the injected failure when this is the write `failWrite` targets. */
  takeWriteFault(): { response: InjectedResponse; afterApplying: boolean } | null {
    const f = this.controls.failWrite;
    if (!f) return null;
    if (f.after > 0) {
      this.controls.failWrite = { ...f, after: f.after - 1 };
      return null;
    }
    delete this.controls.failWrite;
    return { response: this.build(f.status, undefined, f.message), afterApplying: f.afterApplying === true };
  }

  /** The quota's 429 when it is spent. */
  checkQuota(): InjectedResponse | null {
    return this.quota?.check() ?? null;
  }

  /** Charges the quota (if any) and answers the headers to add to the response. */
  charge(points: number): Record<string, string> {
    return this.quota?.charge(points) ?? {};
  }

  private build(code: number, body: unknown, message?: string, retryAfterSeconds?: number, reason?: string): InjectedResponse {
    const headers: Record<string, string> =
      code === 429
        ? rateLimitHeaders(this.now(), retryAfterSeconds ?? 1, reason ?? 'jira-burst-based')
        : retryAfterSeconds !== undefined
          ? { 'retry-after': String(retryAfterSeconds) }
          : {};
    return { status: code, body: body !== undefined ? body : errorBodyFor(code, message), headers };
  }
}
