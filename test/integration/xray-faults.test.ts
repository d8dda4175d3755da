import { createXrayConnector, type XrayConnectorOptions } from '../../src/connectors/xray';
import type { Connector, ConnectorError } from '../../src/connectors/types';
import { DEMO_ANCHOR, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '../../local/demo/xray/generate';
import { startXraySimulator } from '../../local/simulators/xray/harness';
import { errorTexts, testTransport, useSimulator, xrayDemoToken } from '../support/connectors';

let clock = DEMO_ANCHOR;
const sleeps: number[] = [];
let initial: unknown;

const running = useSimulator(() => startXraySimulator({ seed: 'demo', now: () => clock, budget: { limit: 40, windowMs: 60_000 } }));
beforeAll(() => {
  initial = running.sim.snapshot();
});
beforeEach(() => {
  running.sim.restore(initial);
  running.calls.length = 0;
  sleeps.length = 0;
  clock += 10 * 60_000;
});

function connector(extra: Partial<XrayConnectorOptions> = {}): Connector {
  return createXrayConnector({
    clientId: DEMO_CLIENT_ID,
    clientSecret: DEMO_CLIENT_SECRET,
    ...testTransport(running.fetch, () => clock, (ms) => sleeps.push(ms)),
    ...extra,
  });
}

async function expectNoSecret(p: Promise<unknown>) {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x as Error,
  );
  expect(e).toBeDefined();
  const text = errorTexts(e).join(' ');
  expect(text).not.toContain(DEMO_CLIENT_SECRET);
  for (const t of running.sim.state.data.tokens) expect(text).not.toContain(t.value);
  return e as ConnectorError;
}

describe('Xray faults', () => {
  it('waits out a 429 with Retry-After and goes on', async () => {
    running.sim.faults.set({ rateLimit: { count: 1, retryAfter: '7', path: '/graphql' } });
    expect(await connector().listStatuses('10002')).toHaveLength(6);
    expect(sleeps).toContain(7000);
  });

  it('fails RATE_LIMITED at once when Retry-After is too long', async () => {
    running.sim.faults.set({ rateLimit: { count: 5, retryAfter: '600' } });
    const e = await expectNoSecret(connector().listStatuses('10002'));
    expect(e.code).toBe('RATE_LIMITED');
    expect(e.message).toMatch(/retry after 600 s/);
  });

  it("answers 429 with Retry-After when the key's budget is spent, and the connector's own budget avoids it", async () => {
    const greedy = connector({ budget: { limit: 1000, windowMs: 60_000 }, maxAttempts: 1 });
    let error: unknown;
    for (let i = 0; i < 45 && !error; i++) await greedy.listStatuses('10002').catch((e: unknown) => (error = e));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', details: { status: 429, retryAfterSeconds: expect.any(Number) } });
    clock += 61_000;
    const polite = createXrayConnector({
      clientId: DEMO_CLIENT_ID,
      clientSecret: DEMO_CLIENT_SECRET,
      fetch: running.fetch,
      budget: { limit: 30, windowMs: 60_000 },
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    for (let i = 0; i < 60; i++) await polite.listStatuses('10002');
  });

  it('retries 5xx and gives up with NETWORK after the attempts', async () => {
    running.sim.faults.set({ serverError: { count: 2, status: 502, path: '/graphql' } });
    expect(await connector().listStatuses('10002')).toHaveLength(6);
    running.sim.faults.set({ serverError: { count: 10, status: 503 } });
    const e = await expectNoSecret(connector().listStatuses('10002'));
    expect(e.code).toBe('NETWORK');
    expect(e.message).toMatch(/HTTP 503/);
  });

  it('answers slowly: a per-attempt timeout counts as a network failure', async () => {
    running.sim.faults.set({ delayMs: 300 });
    const e = await expectNoSecret(connector({ timeoutMs: 50, maxAttempts: 2 }).listStatuses('10002'));
    expect(e.code).toBe('NETWORK');
    expect(e.message).toMatch(/did not answer within 50 ms/);
    running.sim.faults.set({ delayMs: 0 });
  });

  it.each([
    ['malformedJson', /not valid JSON/],
    ['truncatedBody', /not valid JSON/],
    ['corruptField', /unexpected shape: data\.getTests\.results\[0\]\.issueId/],
  ] as const)('%s → UNEXPECTED_RESPONSE', async (fault, message) => {
    const c = connector();
    await c.listStatuses('10002');
    running.sim.faults.set({ [fault]: { count: 1, path: '/graphql' } });
    const e = await expectNoSecret(c.readTestCases('10002', {}));
    expect(e.code).toBe('UNEXPECTED_RESPONSE');
    expect(e.message).toMatch(message);
  });

  it('a malformed authenticate answer → UNEXPECTED_RESPONSE', async () => {
    running.sim.faults.set({ truncatedBody: { count: 1, path: '/authenticate' } });
    expect((await expectNoSecret(connector().listStatuses('10002'))).code).toBe('UNEXPECTED_RESPONSE');
  });

  it('a GraphQL error in a 200 answer → a classified ConnectorError', async () => {
    running.sim.faults.set({ graphqlError: { count: 1, message: 'Something broke in Xray' } });
    const e = await expectNoSecret(connector().listStatuses('10002'));
    expect(e).toMatchObject({ code: 'UNEXPECTED_RESPONSE', message: expect.stringMatching(/XrayStatuses.*Something broke/) });
  });

  it('credentials revoked mid-sync → INVALID_CREDENTIALS after one renewal attempt', async () => {
    const c = connector({ pageSize: 5 });
    const first = await c.readTestCases('10002', {});
    running.sim.faults.set({ revokeClientAfter: { requests: 0 } });
    const e = await expectNoSecret(c.readTestCases('10002', { cursor: first.next }));
    expect(e.code).toBe('INVALID_CREDENTIALS');
    expect(running.calls.filter((x) => x.url.endsWith('/authenticate'))).toHaveLength(2);
    const check = await c.checkConnection();
    expect(check.cause).toBe('INVALID_CREDENTIALS');
    expect(JSON.stringify(check)).not.toContain(DEMO_CLIENT_SECRET);
  });

  it('rejects an invalid document as Xray does: HTTP 400 with GraphQL errors', async () => {
    const { localBase } = running;
    const token = await xrayDemoToken(running.fetch);
    expect(localBase).toMatch(/^http:/);
    const ask = async (query: string) => {
      const res = await running.fetch('https://xray.cloud.getxray.app/api/v2/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      return { status: res.status, body: JSON.parse(await res.text()) as { errors?: Array<{ message: string }>; data?: unknown } };
    };
    const unknownField = await ask('{ getTests(limit: 1) { results { nope } } }');
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors?.[0].message).toMatch(/Cannot query field "nope"/);
    expect((await ask('{ getTests { total } }')).body.errors?.[0].message).toMatch(/argument "limit"/);
    expect((await ask('{ getTests(limit: 500) { total } }')).body.errors?.[0].message).toMatch(/between 1 and 100/);
    const byJql = await ask('{ getTests(jql: "issuetype = Test", limit: 1) { total } }');
    expect(byJql.status).toBe(200);
    expect(byJql.body).toEqual({ data: { getTests: { total: 30 } } });
    const unserved = await ask('{ getTestSets(limit: 1) { total } }');
    expect(unserved.body.errors?.[0].message).toMatch(/not served by the Xray simulator/);
  });
});
