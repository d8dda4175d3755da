/**
 * A sync run keeps its Xray token (encrypted, in the run's cache), so the continuations of a long run, each with a
 * new connector, do not authenticate again; a token that stopped working, came due or belongs to another key is not
 * used.
 */
import { createXrayConnector } from '../../src/connectors/xray';
import type { RunCache } from '../../src/connectors/types';
import { DEMO_ANCHOR, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '../../local/demo/xray/generate';
import { startXraySimulator } from '../../local/simulators/xray/harness';
import { resetSimulator, testTransport, useSimulator } from '../support/connectors';

let clock = DEMO_ANCHOR;
const running = useSimulator(() => startXraySimulator({ seed: 'demo', now: () => clock }));
beforeEach(() => {
  clock = DEMO_ANCHOR;
  resetSimulator(running);
});

/** A run cache whose secrets are kept apart from its plain values, as the sync's is. */
function memoryRunCache() {
  const values = new Map<string, unknown>();
  const secrets = new Map<string, unknown>();
  const cache: RunCache = {
    get: async (k) => values.get(k),
    set: async (k, v) => void values.set(k, v),
    getSecret: async (k) => secrets.get(k),
    setSecret: async (k, v) => void secrets.set(k, v),
  };
  return { cache, values, secrets };
}

const invocation = (runCache: RunCache, clientSecret = DEMO_CLIENT_SECRET) =>
  createXrayConnector({ clientId: DEMO_CLIENT_ID, clientSecret, runCache, ...testTransport(running.fetch, () => clock) });
const authCalls = () => running.calls.filter((c) => c.url.endsWith('/api/v2/authenticate')).length;

describe('the Xray token of a sync run', () => {
  it('is used by the next invocations of the run: one authenticate for three connectors', async () => {
    const { cache, values, secrets } = memoryRunCache();
    for (let i = 0; i < 3; i++) expect((await invocation(cache).listStatuses('10002')).length).toBe(6);
    expect(authCalls()).toBe(1);
    expect(values.size).toBe(0);
    expect([...secrets.keys()]).toEqual(['xray-token']);
    // What is kept names neither half of the API key.
    expect(JSON.stringify([...secrets.values()])).not.toContain(DEMO_CLIENT_SECRET);
    expect(JSON.stringify([...secrets.values()])).not.toContain(DEMO_CLIENT_ID);
  });

  it('is renewed once the server stops accepting it, and the renewed one is kept', async () => {
    const { cache } = memoryRunCache();
    await invocation(cache).listStatuses('10002');
    running.sim.state.revokeTokens(DEMO_CLIENT_ID);
    expect((await invocation(cache).listStatuses('10002')).length).toBe(6);
    expect(authCalls()).toBe(2);
    await invocation(cache).listStatuses('10002');
    expect(authCalls()).toBe(2);
  });

  it('is not used once it comes due, nor for another API key', async () => {
    const { cache, secrets } = memoryRunCache();
    await invocation(cache).listStatuses('10002');
    const kept = secrets.get('xray-token') as { renewAt: number };
    clock = kept.renewAt;
    await invocation(cache).listStatuses('10002');
    expect(authCalls()).toBe(2);
    // The admin entered another secret during the run: the old key's token is not answered for it.
    const other = await invocation(cache, `${DEMO_CLIENT_SECRET}x`).listStatuses('10002').catch((e: Error) => e);
    expect(other).toBeInstanceOf(Error);
    expect(String((other as Error).message)).toMatch(/rejected the API key/);
    expect(authCalls()).toBe(3);
  });

  it('is read again from the tool when what is kept is unreadable', async () => {
    const { cache, secrets } = memoryRunCache();
    secrets.set('xray-token', { token: 42 });
    expect((await invocation(cache).listStatuses('10002')).length).toBe(6);
    expect(authCalls()).toBe(1);
    expect(secrets.get('xray-token')).toMatchObject({ token: expect.any(String) });
  });
});
