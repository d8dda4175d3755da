import { createQmetryConnector, type QmetryConnectorOptions } from '../../src/connectors/qmetry';
import { ConnectorError, type Connector } from '../../src/connectors/types';
import { DEMO_API_KEY, DEMO_CASES, DEMO_EXPIRED_KEY, DEMO_LIMITED_KEY } from '../../local/demo/qmetry/generate';
import { startQmetrySimulator } from '../../local/simulators/qmetry/harness';
import { errorTexts, refusingFetch, rejectionOf, resetSimulator, testTransport, unreachableFetch, useSimulator } from '../support/connectors';

const BASE = 'https://demo.qmetry.com';
const WRONG_KEY = 'wrong-key-0123456789';
const clock = Date.parse('2025-06-10T09:00:00.000Z');
let waits: number[];
/** Every message a connector produced in this file; none may contain an API key. */
const messages: string[] = [];

const running = useSimulator(() => startQmetrySimulator({ seed: 'demo', now: () => clock }));
beforeEach(() => {
  resetSimulator(running);
  waits = [];
});
afterAll(() => {
  expect(messages.length).toBeGreaterThan(10);
  for (const m of messages) {
    for (const secret of [DEMO_API_KEY, WRONG_KEY, DEMO_EXPIRED_KEY, DEMO_LIMITED_KEY]) expect(m).not.toContain(secret);
  }
});

function connector(extra: Partial<QmetryConnectorOptions> = {}): Connector {
  return createQmetryConnector({
    baseUrl: BASE,
    apiKey: DEMO_API_KEY,
    projectKey: 'SHOPQA',
    ...testTransport(running.fetch, () => clock, (ms) => waits.push(ms)),
    budget: { limit: 10_000, windowMs: 1000 },
    ...extra,
  });
}

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const e = await rejectionOf(p);
  expect(e).toBeInstanceOf(ConnectorError);
  messages.push(...errorTexts(e));
  return e as ConnectorError;
}

describe('QMetry faults', () => {
  it('waits out a 429 for the Retry-After it was given', async () => {
    running.sim.faults.set({ rateLimit: { count: 1, retryAfter: '2' } });
    expect(await connector().listProjects()).toHaveLength(1);
    expect(waits).toEqual([2000]);
  });

  it('retries 500/502/503 answers and then succeeds', async () => {
    running.sim.faults.set({ serverError: { count: 2, status: 502 } });
    expect(await connector().listStatuses('SHOPQA')).toHaveLength(6);
    expect(waits).toEqual([250, 500]);
    running.sim.faults.set({ serverError: { count: 1, status: 500 } });
    expect(await connector().listStatuses('SHOPQA')).toHaveLength(6);
  });

  it('gives up with a clear error when 5xx answers persist', async () => {
    running.sim.faults.set({ serverError: { count: 10, status: 503 } });
    const e = await failure(connector({ maxAttempts: 3 }).listProjects());
    expect(e.code).toBe('NETWORK');
    expect(e.message).toBe('QMetry failed with HTTP 503 on /rest/admin/project/list after 3 attempts');
    expect(waits).toHaveLength(2);
  });

  it('reports malformed and truncated bodies as UNEXPECTED_RESPONSE', async () => {
    running.sim.faults.set({ malformedJson: { count: 1, path: '/rest/testcases/list/viewColumns' } });
    const malformed = await failure(connector().readTestCases('SHOPQA', {}));
    expect(malformed.code).toBe('UNEXPECTED_RESPONSE');
    expect(malformed.message).toMatch(/\/rest\/testcases\/list\/viewColumns with a body that is not valid JSON/);

    running.sim.faults.set({ truncatedBody: { count: 1, path: '/rest/execution/list/viewColumns' } });
    const truncated = await failure(connector().readRuns('SHOPQA', {}));
    expect(truncated.code).toBe('UNEXPECTED_RESPONSE');
    expect(truncated.message).toMatch(/malformed or truncated/);
  });

  it('reads the rest of a page around a row it cannot read, and names that row, its endpoint and field', async () => {
    running.sim.faults.set({ corruptField: { count: 1, path: '/rest/testcases/list/viewColumns' } });
    const page = await connector().readTestCases('SHOPQA', {});
    // The oldest case comes first (the list is sorted by creation).
    const first = [...running.sim.state.host('demo')!.testCases].filter((c) => c.projectId === 1001).sort((a, b) => a.createdAt - b.createdAt)[0];
    expect(page.items).toHaveLength(DEMO_CASES - 1);
    expect(page.items.some((c) => c.displayId === first.entityKey)).toBe(false);
    expect(page.unreadable).toEqual([
      {
        externalId: String(first.id),
        displayId: first.entityKey,
        endpoint: 'POST /rest/testcases/list/viewColumns',
        field: 'data[0].name',
        message: 'expected string, received number',
      },
    ]);
  });

  it('fails a read whose whole answer it cannot read, naming the endpoint and the field', async () => {
    running.sim.faults.set({ corruptField: { count: 1, path: '/rest/admin/execution/list' } });
    const e = await failure(connector().listStatuses('SHOPQA'));
    expect(e).toMatchObject({ code: 'UNEXPECTED_RESPONSE', details: { endpoint: 'POST /rest/admin/execution/list', field: 'data[0].name' } });
  });

  it('stops with INVALID_CREDENTIALS when the key is revoked mid-sync', async () => {
    const c = connector({ pageSize: 20 });
    const first = await c.readTestCases('SHOPQA', {});
    expect(first.next).toBeDefined();
    running.sim.faults.set({ revokeKeyAfter: { requests: 0 } });
    const e = await failure(c.readTestCases('SHOPQA', { cursor: first.next }));
    expect(e.code).toBe('INVALID_CREDENTIALS');
    expect(e.message).toBe('The QMetry Open API key was rejected (HTTP 401)');
    running.sim.state.setKeyState('demo', DEMO_API_KEY, 'active');
  });

  it('times out slow answers', async () => {
    running.sim.faults.set({ delayMs: 300 });
    const e = await failure(connector({ timeoutMs: 50, maxAttempts: 2 }).listProjects());
    expect(e.code).toBe('NETWORK');
    expect(e.message).toMatch(/did not answer within 50 ms/);
    running.sim.faults.clear();
    await new Promise((r) => setTimeout(r, 400));
  });

  it('rejects a cursor it did not issue', async () => {
    const e = await failure(connector().readRuns('SHOPQA', { cursor: 'bogus' }));
    expect(e.code).toBe('UNEXPECTED_RESPONSE');
  });
});

describe('QMetry checkConnection', () => {
  async function check(extra: Partial<QmetryConnectorOptions>) {
    const result = await connector(extra).checkConnection();
    messages.push(result.message, result.fix ?? '');
    return result;
  }

  it('is OK with the visible projects', async () => {
    expect(await check({})).toEqual({
      ok: true,
      cause: 'OK',
      message: 'Connected to QMetry: project SHOPQA found (dates in dd-MM-yyyy), 1 project visible.',
      projects: [{ id: 'SHOPQA', name: 'Shop QA', archived: false }],
    });
    expect((await check({ projectKey: 'shopqa', orgCode: 'DEMOSHOP' })).cause).toBe('OK');
  });

  it('reports a wrong or empty Open API key', async () => {
    const r = await check({ apiKey: WRONG_KEY });
    expect(r).toMatchObject({ ok: false, cause: 'INVALID_CREDENTIALS', message: 'The QMetry Open API key was rejected.' });
    expect(r.fix).toMatch(/Open API/);
    expect((await check({ apiKey: '  ' })).cause).toBe('INVALID_CREDENTIALS');
  });

  it('reports an expired key', async () => {
    expect(await check({ apiKey: DEMO_EXPIRED_KEY })).toMatchObject({ cause: 'TOKEN_EXPIRED', message: 'The QMetry Open API key has expired.' });
  });

  it('reports an unknown site, a URL that is not QMetry and a wrong orgcode', async () => {
    expect(await check({ baseUrl: 'https://nosuch.qmetry.com' })).toMatchObject({
      cause: 'WRONG_REGION_OR_URL',
      message: 'No QMetry Test Management site answers at https://nosuch.qmetry.com (HTTP 404)',
    });
    const bad = await check({ baseUrl: 'https://qmetry.example.com' });
    expect(bad.cause).toBe('WRONG_REGION_OR_URL');
    expect(bad.message).toMatch(/must look like https:\/\/<site>\.qmetry\.com/);
    const org = await check({ orgCode: 'NOTUS' });
    expect(org).toMatchObject({ cause: 'WRONG_REGION_OR_URL' });
    expect(org.message).toMatch(/orgcode/);
    expect(org.fix).toMatch(/organisation code/);
  });

  it('reports an unknown or archived project', async () => {
    expect(await check({ projectKey: 'NOPE' })).toMatchObject({
      cause: 'PROJECT_NOT_FOUND',
      message: 'QMetry has no active project NOPE (HTTP 404): Project NOPE not found',
    });
    expect(await check({ projectKey: 'OLD' })).toMatchObject({ cause: 'PROJECT_NOT_FOUND', message: 'The QMetry project OLD is archived.' });
    const e = await failure(connector().readTestCases('OLD', {}));
    expect(e.code).toBe('PROJECT_NOT_FOUND');
  });

  it('reports a key without a role in the project', async () => {
    const r = await check({ apiKey: DEMO_LIMITED_KEY, projectKey: 'SHOPQA' });
    expect(r).toMatchObject({ cause: 'MISSING_PERMISSION', message: expect.stringMatching(/denied access to project SHOPQA \(HTTP 403\)/) });
    expect(r.fix).toMatch(/role in the project/);
    const limitedOld = await failure(connector({ apiKey: DEMO_LIMITED_KEY }).listStatuses('SHOPQA'));
    expect(limitedOld).toMatchObject({ code: 'MISSING_PERMISSION' });
    expect(limitedOld.message).toBe('QMetry denied access to project SHOPQA (HTTP 403): You do not have permission to access project SHOPQA');
  });

  it('reports rate limiting', async () => {
    running.sim.faults.set({ rateLimit: { count: 5, retryAfter: '120' } });
    expect(await check({})).toMatchObject({ cause: 'RATE_LIMITED', message: 'QMetry is rate limiting the app (HTTP 429, retry after 120 s)' });
  });

  it('reports an egress refusal and a network failure', async () => {
    const refused = refusingFetch();
    expect(await check({ fetch: refused })).toMatchObject({ cause: 'EGRESS_NOT_ALLOWED' });
    const down = unreachableFetch('demo.qmetry.com');
    const r = await check({ fetch: down, maxAttempts: 2 });
    expect(r).toMatchObject({ cause: 'NETWORK' });
    expect(r.message).toMatch(/Could not reach QMetry .*ENOTFOUND/);
  });

  it('reports an unexpected answer', async () => {
    running.sim.faults.set({ corruptField: { count: 1, path: '/rest/admin/project/list' } });
    const r = await check({});
    expect(r.cause).toBe('UNEXPECTED_RESPONSE');
    expect(r.message).toContain('data[0].name: expected string, received number');
  });
});
