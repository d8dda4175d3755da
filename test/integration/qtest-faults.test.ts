import { createQtestConnector, type QtestConnectorOptions } from '../../src/connectors/qtest';
import { ConnectorError, type Connector } from '../../src/connectors/types';
import { DEMO_API_TOKEN, DEMO_EXPIRED_TOKEN, DEMO_NOAPI_TOKEN } from '../../local/demo/qtest/generate';
import { startQtestSimulator, takeViolations } from '../../local/simulators/qtest/harness';
import { errorTexts, refusingFetch, rejectionOf, resetSimulator, testTransport, unreachableFetch, useSimulator } from '../support/connectors';

const BASE = 'https://demo.qtestnet.com';
const WRONG_TOKEN = 'wrong-token-0123456789';
const clock = Date.parse('2026-11-24T09:00:00.000Z');
let waits: number[];
/** Every message a connector produced in this file; none may contain a credential. */
const messages: string[] = [];

const running = useSimulator(() => startQtestSimulator({ seed: 'demo', now: () => clock }));
beforeEach(() => {
  resetSimulator(running);
  waits = [];
});
// Every request the connector sent was one qTest's Swagger allows, and every answer matched it.
afterEach(() => expect(takeViolations(running.sim)).toEqual([]));
afterAll(() => {
  for (const m of messages) {
    for (const secret of [DEMO_API_TOKEN, WRONG_TOKEN, DEMO_EXPIRED_TOKEN, DEMO_NOAPI_TOKEN]) expect(m).not.toContain(secret);
  }
});

function connector(extra: Partial<QtestConnectorOptions> = {}): Connector {
  return createQtestConnector({
    baseUrl: BASE,
    auth: { kind: 'token', token: DEMO_API_TOKEN },
    ...testTransport(running.fetch, () => clock, (ms) => waits.push(ms)),
    ...extra,
  });
}

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const e = await rejectionOf(p);
  expect(e).toBeInstanceOf(ConnectorError);
  messages.push(...errorTexts(e));
  return e as ConnectorError;
}

describe('qTest faults', () => {
  it('waits out a 429 for the Retry-After it was given', async () => {
    running.sim.faults.set({ rateLimit: { count: 1, retryAfter: '2' } });
    expect(await connector().listProjects()).toHaveLength(2);
    expect(waits).toEqual([2000]);
  });

  it('retries 5xx answers and then succeeds', async () => {
    running.sim.faults.set({ serverError: { count: 2, status: 502 } });
    expect(await connector().listStatuses('101')).toHaveLength(6);
    expect(waits).toEqual([250, 500]);
  });

  it('gives up with a clear error when 5xx answers persist', async () => {
    running.sim.faults.set({ serverError: { count: 10, status: 503 } });
    const e = await failure(connector({ maxAttempts: 3 }).listProjects());
    expect(e.code).toBe('NETWORK');
    expect(e.message).toBe('qTest failed with HTTP 503 on /api/v3/projects after 3 attempts');
    expect(waits).toHaveLength(2);
  });

  it('reports malformed and truncated bodies as UNEXPECTED_RESPONSE', async () => {
    running.sim.faults.set({ malformedJson: { count: 1, path: '/search' } });
    const malformed = await failure(connector().readTestCases('101', {}));
    expect(malformed.code).toBe('UNEXPECTED_RESPONSE');
    expect(malformed.message).toMatch(/\/api\/v3\/projects\/101\/search with a body that is not valid JSON/);

    running.sim.faults.set({ truncatedBody: { count: 1, path: '/search' } });
    const truncated = await failure(connector().readRuns('101', {}));
    expect(truncated.code).toBe('UNEXPECTED_RESPONSE');
    expect(truncated.message).toMatch(/malformed or truncated/);
  });

  it('reads the rest of a page around a record it cannot read, naming endpoint and field', async () => {
    running.sim.faults.set({ corruptField: { count: 1, path: '/search' } });
    const page = await connector().readTestCases('101', {});
    const first = running.sim.state.site('demo')!.cases.find((c) => c.projectId === 101)!;
    expect(page.items).toHaveLength(119);
    expect(page.items.some((i) => i.externalId === String(first.id))).toBe(false);
    expect(page.unreadable).toEqual([
      {
        externalId: String(first.id),
        endpoint: 'POST /api/v3/projects/{projectId}/search',
        field: 'items[0].pid',
        message: 'expected string, received number',
      },
    ]);
  });

  it('throws UNEXPECTED_RESPONSE naming endpoint and field when a whole answer cannot be read', async () => {
    running.sim.faults.set({ corruptEnvelope: { count: 1, path: '/search' } });
    const e = await failure(connector().readRuns('101', {}));
    expect(e.code).toBe('UNEXPECTED_RESPONSE');
    expect(e.details).toEqual({ endpoint: 'POST /api/v3/projects/{projectId}/search', field: 'items' });
    expect(e.message).toBe('qTest answered POST /api/v3/projects/{projectId}/search in a shape the app cannot read: items: expected array, received string');

    running.sim.faults.set({ malformedJson: { count: 1, path: '/modules' } });
    const bad = await failure(connector().readTestCases('102', {}));
    expect(bad.details).toMatchObject({ endpoint: 'GET /api/v3/projects/{projectId}/modules' });
  });

  it('reports a project qTest does not have as PROJECT_NOT_FOUND with its message', async () => {
    const e = await failure(connector().readTestCases('777', {}));
    expect(e.code).toBe('PROJECT_NOT_FOUND');
    expect(e.message).toBe('qTest has no such project or record (HTTP 404): Project not found: 777');
  });

  it('stops with INVALID_CREDENTIALS when the token is revoked mid-sync', async () => {
    const c = connector({ pageSize: 50 });
    const first = await c.readTestCases('101', {});
    expect(first.next).toBeDefined();
    running.sim.faults.set({ revokeTokenAfter: { requests: 0 } });
    const e = await failure(c.readTestCases('101', { cursor: first.next }));
    expect(e.code).toBe('INVALID_CREDENTIALS');
    expect(e.message).toBe('The qTest API token was rejected (HTTP 401)');
    running.sim.state.site('demo')!.tokens.find((t) => t.value === DEMO_API_TOKEN)!.revoked = false;
  });

  it('times out slow answers', async () => {
    running.sim.faults.set({ delayMs: 300 });
    const e = await failure(connector({ timeoutMs: 50, maxAttempts: 2 }).listProjects());
    expect(e.code).toBe('NETWORK');
    expect(e.message).toMatch(/did not answer within 50 ms/);
    running.sim.faults.clear();
    await new Promise((r) => setTimeout(r, 400));
  });
});

describe('qTest checkConnection', () => {
  async function check(extra: Partial<QtestConnectorOptions>) {
    const result = await connector(extra).checkConnection();
    messages.push(result.message, result.fix ?? '');
    return result;
  }

  it('is OK with the visible projects', async () => {
    expect(await check({})).toEqual({
      ok: true,
      cause: 'OK',
      message: 'Connected to qTest: 2 projects visible.',
      projects: [
        { id: '101', name: 'Web Storefront', archived: false },
        { id: '102', name: 'Mobile App', archived: false },
      ],
    });
  });

  it('reports a wrong token', async () => {
    const r = await check({ auth: { kind: 'token', token: WRONG_TOKEN } });
    expect(r).toMatchObject({ ok: false, cause: 'INVALID_CREDENTIALS', message: 'The qTest API token was rejected.' });
    expect(r.fix).toMatch(/API token/);
  });

  it('reports an expired token', async () => {
    expect(await check({ auth: { kind: 'token', token: DEMO_EXPIRED_TOKEN } })).toMatchObject({
      cause: 'TOKEN_EXPIRED',
      message: 'The qTest API token has expired.',
    });
  });

  it('reports an unknown site and a URL that is not a qTest site', async () => {
    const unknown = await check({ baseUrl: 'https://nosuch.qtestnet.com' });
    expect(unknown).toMatchObject({ cause: 'WRONG_REGION_OR_URL', message: 'No qTest site answers at https://nosuch.qtestnet.com (HTTP 404)' });
    const bad = await check({ baseUrl: 'https://qtest.example.com' });
    expect(bad.cause).toBe('WRONG_REGION_OR_URL');
    expect(bad.message).toMatch(/must look like https:\/\/<site>\.qtestnet\.com/);
  });

  it('reports a user without access', async () => {
    expect(await check({ auth: { kind: 'token', token: DEMO_NOAPI_TOKEN } })).toMatchObject({
      cause: 'MISSING_PERMISSION',
      message: 'qTest denied access to /api/v3/projects (HTTP 403): Access is denied',
    });
  });

  it('reports rate limiting', async () => {
    running.sim.faults.set({ rateLimit: { count: 5, retryAfter: '120' } });
    const r = await check({});
    expect(r).toMatchObject({ cause: 'RATE_LIMITED', message: 'qTest is rate limiting the app (HTTP 429, retry after 120 s)' });
  });

  it('reports an egress refusal and a network failure', async () => {
    const refused = refusingFetch();
    expect(await check({ fetch: refused })).toMatchObject({ cause: 'EGRESS_NOT_ALLOWED' });

    const down = unreachableFetch('demo.qtestnet.com');
    const r = await check({ fetch: down, maxAttempts: 2 });
    expect(r).toMatchObject({ cause: 'NETWORK' });
    expect(r.message).toMatch(/Could not reach qTest .*ENOTFOUND/);
  });

  it('reports an unexpected answer, naming the endpoint', async () => {
    running.sim.faults.set({ corruptEnvelope: { count: 1, path: '/api/v3/projects' } });
    const r = await check({});
    expect(r).toMatchObject({
      cause: 'UNEXPECTED_RESPONSE',
      message: 'qTest answered GET /api/v3/projects in a shape the app cannot read: (root): expected array, received object',
    });
    expect(r.fix).toMatch(/names where/);
  });

  it('leaves out a project row it cannot read', async () => {
    running.sim.faults.set({ corruptField: { count: 1, path: '/api/v3/projects' } });
    expect(await check({})).toMatchObject({ ok: true, projects: [{ id: '102', name: 'Mobile App', archived: false }] });
  });

  it('names the login client when qTest refuses it, and the password otherwise', async () => {
    const client = await check({ auth: { kind: 'password', username: 'demo@example.com', password: 'demo-password', clientName: 'other' } });
    expect(client).toMatchObject({
      cause: 'INVALID_CREDENTIALS',
      message: 'qTest refused the login client "other" (HTTP 401): leave the client name empty to use the site name.',
    });
    const password = await check({ auth: { kind: 'password', username: 'demo@example.com', password: 'not-it-1234' } });
    expect(password).toMatchObject({ cause: 'INVALID_CREDENTIALS', message: 'qTest rejected the username or password.' });
    expect(password.fix).toMatch(/username and password|Check both/);
  });
});
