import { z } from 'zod';
import {
  backoffDelay,
  createRequestBudget,
  sleepBefore,
  formatPath,
  HttpStatusError,
  parseRetryAfter,
  redact,
  requestJson,
  safeCause,
  type RequestOptions,
} from '../../../src/connectors/http';
import { errorTexts } from '../../support/connectors';
import { ConnectorError, type FetchLike, type HttpResponse } from '../../../src/connectors/types';

function response(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  const h = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { status, ok: status >= 200 && status < 300, headers: { get: (n) => h.get(n.toLowerCase()) ?? null }, text: async () => body };
}

/** A fetch answering from a script, one entry per call; an Error entry is thrown. */
function scripted(...answers: Array<HttpResponse | Error>) {
  const calls: string[] = [];
  const fetch: FetchLike = async (url) => {
    calls.push(url);
    const a = answers.shift();
    if (!a) throw new Error('script exhausted');
    if (a instanceof Error) throw a;
    return a;
  };
  return { fetch, calls };
}

const Schema = z.object({ items: z.array(z.object({ id: z.number(), pid: z.string() })) });
const OK = JSON.stringify({ items: [{ id: 1, pid: 'TC-1' }] });
const SECRET = 'super-secret-token-123';
const init = { method: 'GET', headers: { Authorization: `Bearer ${SECRET}` } };

function options(extra: Partial<RequestOptions> = {}) {
  const waits: number[] = [];
  const opts: RequestOptions = {
    service: 'qTest',
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    now: () => Date.parse('2025-01-01T00:00:00Z'),
    ...extra,
  };
  return { opts, waits };
}

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ConnectorError);
    return e as ConnectorError;
  }
  throw new Error('expected a failure');
}

describe('requestJson', () => {
  it('parses a 2xx body with the schema', async () => {
    const { fetch } = scripted(response(200, OK));
    await expect(requestJson(fetch, 'https://x.test/a', init, Schema, options().opts)).resolves.toEqual({
      items: [{ id: 1, pid: 'TC-1' }],
    });
  });

  it('honours Retry-After in seconds on 429, then succeeds', async () => {
    const { fetch, calls } = scripted(response(429, '{}', { 'Retry-After': '3' }), response(200, OK));
    const { opts, waits } = options();
    await requestJson(fetch, 'https://x.test/a', init, Schema, opts);
    expect(calls).toHaveLength(2);
    expect(waits).toEqual([3000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const { fetch } = scripted(response(429, '{}', { 'Retry-After': 'Wed, 01 Jan 2025 00:00:05 GMT' }), response(200, OK));
    const { opts, waits } = options();
    await requestJson(fetch, 'https://x.test/a', init, Schema, opts);
    expect(waits).toEqual([5000]);
  });

  it('fails RATE_LIMITED at once when Retry-After exceeds the cap', async () => {
    const { fetch, calls } = scripted(response(429, '{}', { 'Retry-After': '600' }));
    const e = await failure(requestJson(fetch, 'https://x.test/a', init, Schema, options().opts));
    expect(e.code).toBe('RATE_LIMITED');
    expect(e.details.retryAfterSeconds).toBe(600);
    expect(calls).toHaveLength(1);
  });

  it('retries 5xx with growing jittered backoff and succeeds', async () => {
    const { fetch, calls } = scripted(response(503, 'busy'), response(502, ''), response(200, OK));
    const { opts, waits } = options({ baseDelayMs: 100 });
    await requestJson(fetch, 'https://x.test/a', init, Schema, opts);
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([50, 100]);
  });

  it('gives up after maxAttempts on 5xx with a clear NETWORK error', async () => {
    const { fetch, calls } = scripted(response(500, ''), response(500, ''), response(500, ''));
    const e = await failure(requestJson(fetch, 'https://x.test/api/v3/projects', init, Schema, options({ maxAttempts: 3 }).opts));
    expect(calls).toHaveLength(3);
    expect(e.code).toBe('NETWORK');
    expect(e.message).toMatch(/HTTP 500 on \/api\/v3\/projects after 3 attempts/);
  });

  it('retries network errors and times out slow answers', async () => {
    const { fetch, calls } = scripted(new Error('ECONNRESET'), response(200, OK));
    await requestJson(fetch, 'https://x.test/a', init, Schema, options().opts);
    expect(calls).toHaveLength(2);

    const slow: FetchLike = (_url, i) =>
      new Promise((_, reject) => i?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    const e = await failure(requestJson(slow, 'https://x.test/a', init, Schema, options({ timeoutMs: 5, maxAttempts: 2 }).opts));
    expect(e.code).toBe('NETWORK');
    expect(e.message).toMatch(/did not answer within 5 ms/);
  });

  it('does not retry an egress refusal', async () => {
    const { fetch, calls } = scripted(new Error('URL not included in the external fetch backend permissions: https://x.test/a'));
    const e = await failure(requestJson(fetch, 'https://x.test/a', init, Schema, options().opts));
    expect(e.code).toBe('EGRESS_NOT_ALLOWED');
    expect(calls).toHaveLength(1);
  });

  it('maps 401/403/404 and lets the caller refine them', async () => {
    for (const [status, cause] of [
      [401, 'INVALID_CREDENTIALS'],
      [403, 'MISSING_PERMISSION'],
      [404, 'WRONG_REGION_OR_URL'],
      [400, 'UNEXPECTED_RESPONSE'],
    ] as const) {
      const { fetch } = scripted(response(status, '{"message":"nope"}'));
      const e = await failure(requestJson(fetch, 'https://x.test/a', init, Schema, options().opts));
      expect([e.code, e.details.status]).toEqual([cause, status]);
    }
    const { fetch } = scripted(response(404, '{}'));
    const refined = await failure(
      requestJson(fetch, 'https://x.test/a', init, Schema, {
        ...options().opts,
        refine: (s) => new ConnectorError('PROJECT_NOT_FOUND', `gone ${s}`),
      }),
    );
    expect(refined.code).toBe('PROJECT_NOT_FOUND');
  });

  it('names the field of a shape mismatch and reports malformed bodies', async () => {
    const bad = JSON.stringify({ items: [{ id: 1, pid: 'TC-1' }, { id: 2, pid: 'TC-2' }, { id: 3, pid: 'TC-3' }, { id: 4, pid: 4 }] });
    const e = await failure(requestJson(scripted(response(200, bad)).fetch, 'https://x.test/a', init, Schema, options().opts));
    expect(e.code).toBe('UNEXPECTED_RESPONSE');
    expect(e.message).toContain('items[3].pid: expected string, received number');
    expect(e.details.field).toBe('items[3].pid');

    const t = await failure(requestJson(scripted(response(200, OK.slice(0, 10))).fetch, 'https://x.test/a', init, Schema, options().opts));
    expect(t.code).toBe('UNEXPECTED_RESPONSE');
    expect(t.message).toMatch(/not valid JSON/);
  });

  it('never puts the Authorization value or listed secrets in a message', async () => {
    const echo = JSON.stringify({ error: 'invalid_token', error_description: `Invalid access token: ${SECRET}` });
    const e1 = await failure(requestJson(scripted(response(401, echo)).fetch, 'https://x.test/a', init, Schema, options().opts));
    const e2 = await failure(
      requestJson(scripted(new Error(`socket hang up for ${SECRET}`), new Error(`again ${SECRET}`)).fetch, 'https://x.test/a', init, Schema, {
        ...options({ maxAttempts: 2 }).opts,
      }),
    );
    const e3 = await failure(
      requestJson(scripted(response(500, `pw=hunter22`)).fetch, 'https://x.test/a', init, Schema, {
        ...options({ maxAttempts: 1, secrets: ['hunter22'] }).opts,
      }),
    );
    for (const e of [e1, e2, e3]) {
      expect(e.cause).toBeDefined();
      for (const text of errorTexts(e)) {
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain('hunter22');
      }
    }
  });

  it('keeps the underlying error as the ES2022 cause', async () => {
    const reset = new Error('ECONNRESET');
    const net = await failure(requestJson(scripted(reset).fetch, 'https://x.test/a', init, Schema, options({ maxAttempts: 1 }).opts));
    expect(net.cause).toBe(reset);
    const egress = await failure(requestJson(scripted(new Error('external fetch not allowed')).fetch, 'https://x.test/a', init, Schema, options().opts));
    expect((egress.cause as Error).message).toBe('external fetch not allowed');

    const parse = await failure(requestJson(scripted(response(200, '{"items":')).fetch, 'https://x.test/a', init, Schema, options().opts));
    expect(parse.cause).toBeInstanceOf(SyntaxError);
    const shape = await failure(requestJson(scripted(response(200, '{"items":[{"id":"x"}]}')).fetch, 'https://x.test/a', init, Schema, options().opts));
    expect(shape.cause).toBeInstanceOf(z.ZodError);

    const denied = await failure(requestJson(scripted(response(403, '{"message":"nope"}')).fetch, 'https://x.test/a', init, Schema, options().opts));
    expect(denied.cause).toBeInstanceOf(HttpStatusError);
    expect(denied.cause).toMatchObject({ status: 403, body: '{"message":"nope"}' });
    const limited = await failure(requestJson(scripted(response(429, 'slow down', { 'Retry-After': '600' })).fetch, 'https://x.test/a', init, Schema, options().opts));
    expect(limited.cause).toMatchObject({ status: 429, body: 'slow down' });
    const refined = await failure(
      requestJson(scripted(response(404, '{}')).fetch, 'https://x.test/a', init, Schema, {
        ...options().opts,
        refine: (st) => new ConnectorError('PROJECT_NOT_FOUND', `gone ${st}`, { status: st }),
      }),
    );
    expect(refined).toMatchObject({ code: 'PROJECT_NOT_FOUND', details: { status: 404 } });
    expect(refined.cause).toMatchObject({ status: 404 });
  });

  it('redacts secrets in a kept cause but keeps a clean one as it is', () => {
    const clean = new Error('boom');
    expect(safeCause(clean, [SECRET])).toBe(clean);
    const dirty = new TypeError(`fetch failed for ${SECRET}`, { cause: new Error(`inner ${SECRET}`) });
    const safe = safeCause(dirty, [SECRET]) as Error;
    expect(safe).not.toBe(dirty);
    expect(safe.name).toBe('TypeError');
    expect(errorTexts(safe).join(' ')).not.toContain(SECRET);
    expect((safe.cause as Error).message).toBe('inner [redacted]');
  });

  it('waits for the budget before sending', async () => {
    let t = 0;
    const waits: number[] = [];
    const budget = createRequestBudget({ limit: 2, windowMs: 1000, now: () => t, sleep: async (ms) => {
        waits.push(ms);
        t += ms;
      },
    });
    const { fetch, calls } = scripted(response(200, OK), response(200, OK), response(200, OK));
    for (let i = 0; i < 3; i++) await requestJson(fetch, 'https://x.test/a', init, Schema, { ...options().opts, budget });
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([1000]);
  });
});

describe('helpers', () => {
  it('parses Retry-After', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:01:00 GMT', now)).toBe(60);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('bounds the backoff', () => {
    expect(backoffDelay(1, 500, 8000, () => 0.999)).toBe(499);
    expect(backoffDelay(10, 500, 8000, () => 0.999)).toBe(7992);
    expect(backoffDelay(3, 500, 8000, () => 0)).toBe(1);
  });

  it('formats paths and redacts credentials', () => {
    expect(formatPath(['items', 3, 'pid'])).toBe('items[3].pid');
    expect(formatPath([])).toBe('(root)');
    expect(redact('Authorization: Bearer abcdefghijkl', [])).toBe('Authorization: Bearer [redacted]');
    expect(redact('token xyz-1234 leaked', ['xyz-1234'])).toBe('token [redacted] leaked');
  });

  it('frees budget slots as the window slides', async () => {
    let t = 0;
    const budget = createRequestBudget({ limit: 3, windowMs: 100, now: () => t, sleep: async (ms) => void (t += ms) });
    await budget.acquire();
    t = 40;
    await budget.acquire();
    await budget.acquire();
    await budget.acquire();
    expect(t).toBe(100);
    await budget.acquire();
    expect(t).toBe(140);
  });
});

describe('a deadline on waits', () => {
  it('fails RATE_LIMITED with the wait, without sleeping, when the request budget would make the step wait past it', async () => {
    let t = 0;
    const slept: number[] = [];
    const sleep = sleepBefore(() => 5_000, () => t, async (ms) => {
      slept.push(ms);
      t += ms;
    });
    const budget = createRequestBudget({ limit: 2, windowMs: 10_000, now: () => t, sleep });
    await budget.acquire();
    await budget.acquire();
    const e = await budget.acquire().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConnectorError);
    expect(e).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 10 } });
    expect(slept).toEqual([]);
  });

  it('waits as before when the wait ends in time, or when there is no deadline now', async () => {
    let t = 0;
    let deadline: number | undefined = 20_000;
    const sleep = sleepBefore(() => deadline, () => t, async (ms) => void (t += ms));
    const budget = createRequestBudget({ limit: 1, windowMs: 10_000, now: () => t, sleep });
    await budget.acquire();
    await budget.acquire();
    expect(t).toBe(10_000);
    deadline = undefined;
    await budget.acquire();
    expect(t).toBe(20_000);
  });
});
