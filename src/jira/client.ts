/**
 * Calls to Jira's REST API as the app or as the current user, with Jira's rate limits honoured.
 */
import api, { route } from '@forge/api';

export type Principal = 'app' | 'user';

/** A Jira answer that was not a success, with Jira's own error messages. */
export class JiraError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'JiraError';
  }
}

type Route = ReturnType<typeof route>;

export interface JiraRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  as?: Principal;
}

const MAX_ATTEMPTS = 4;
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

function retryDelayMs(retryAfter: string | null, attempt: number): number {
  const seconds = retryAfter ? Number(retryAfter) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 60) * 1000;
  return Math.min(1000 * 2 ** attempt, 15000) * (0.5 + Math.random() / 2);
}

/** Sends a request and parses the JSON answer; 429 and 503 are retried after `Retry-After`. */
export async function jira<T = unknown>(path: Route, req: JiraRequest = {}): Promise<T> {
  const requester = req.as === 'user' ? api.asUser() : api.asApp();
  for (let attempt = 0; ; attempt++) {
    const res = await requester.requestJira(path, {
      method: req.method ?? 'GET',
      headers: { Accept: 'application/json', ...(req.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
    });
    if ((res.status === 429 || res.status === 503) && attempt + 1 < MAX_ATTEMPTS) {
      await sleep(retryDelayMs(res.headers.get('retry-after'), attempt));
      continue;
    }
    const raw = await res.text();
    let body: unknown = undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    if (!res.ok) {
      const detail = jiraErrorText(body);
      throw new JiraError(res.status, `Jira answered ${res.status}${detail ? `: ${detail}` : ''}`, body);
    }
    return body as T;
  }
}
