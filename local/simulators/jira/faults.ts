/** Fault injection: rate limiting (429 with Retry-After) and server errors for the next requests. */
import { formatJiraDate } from './clock';
import type { JiraErrorBody } from './errors';

export interface InjectedResponse {
  status: number;
  body: JiraErrorBody;
  headers: Record<string, string>;
}

interface FaultEntry {
  remaining: number;
  build(): InjectedResponse;
}

export interface RateLimitOptions {
  requests: number;
  retryAfterSeconds?: number;
}

export interface FailNextOptions {
  status?: number;
  requests?: number;
  message?: string;
}

export class FaultController {
  private queue: FaultEntry[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** The next `requests` requests answer 429 with a Retry-After header, as Jira's rate limiter does. */
  rateLimit({ requests, retryAfterSeconds = 1 }: RateLimitOptions): void {
    this.queue.push({
      remaining: requests,
      build: () => ({
        status: 429,
        body: { errorMessages: ['Rate limit exceeded.'], errors: {} },
        headers: {
          'retry-after': String(retryAfterSeconds),
          'x-ratelimit-reset': formatJiraDate(this.now() + retryAfterSeconds * 1000).slice(0, 16) + 'Z',
          'ratelimit-reason': 'jira-burst-based',
        },
      }),
    });
  }

  /** The next `requests` requests fail with a 5xx status (503 by default). */
  failNext({ status = 503, requests = 1, message }: FailNextOptions = {}): void {
    if (status < 500 || status > 599) throw new Error(`failNext expects a 5xx status, got ${status}`);
    const text = message ?? (status === 503 ? 'Service Unavailable' : 'Internal server error');
    this.queue.push({ remaining: requests, build: () => ({ status, body: { errorMessages: [text], errors: {} }, headers: {} }) });
  }

  clear(): void {
    this.queue = [];
  }

  /** Number of requests that will still be answered with an injected fault. */
  get pending(): number {
    return this.queue.reduce((n, f) => n + f.remaining, 0);
  }

  /** Consumes the next fault, if any. */
  take(): InjectedResponse | null {
    while (this.queue.length > 0 && this.queue[0].remaining <= 0) this.queue.shift();
    const entry = this.queue[0];
    if (!entry) return null;
    entry.remaining--;
    return entry.build();
  }
}
