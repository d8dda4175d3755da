/**
 * Xray's request budget kept across invocations: connectors built by createConnector with the same budget store
 * share one rolling five-minute window, so a new invocation does not send what the window has no room for.
 */
import type { ConnectionRecord } from '../../src/config/connections';
import type { BudgetState, RequestBudgetStore } from '../../src/connectors/budget';
import { createConnector, xrayBudgetKey } from '../../src/connectors/registry';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '../../local/demo/xray/generate';
import { startXraySimulator } from '../../local/simulators/xray/harness';
import { resetSimulator, useSimulator } from '../support/connectors';

const running = useSimulator(() => startXraySimulator({ seed: 'demo' }));
beforeEach(() => resetSimulator(running));

const connection = {
  id: 'c-xray',
  tool: 'xray',
  name: 'Xray',
  baseUrl: 'https://xray.cloud.getxray.app',
  settings: { region: 'global', clientId: DEMO_CLIENT_ID, requestsPer5Minutes: 3 },
  enabled: true,
  connected: true,
  createdAt: '2025-06-01T00:00:00.000Z',
  updatedAt: '2025-06-01T00:00:00.000Z',
} as ConnectionRecord;

function memoryStore() {
  const data = new Map<string, BudgetState>();
  const store: RequestBudgetStore = { load: async (k) => data.get(k), save: async (k, s) => void data.set(k, s) };
  return { data, store };
}

describe('Xray request budget across invocations', () => {
  it('a second invocation finds the window spent by the first and fails RATE_LIMITED instead of sending', async () => {
    const { data, store } = memoryStore();
    const first = createConnector(connection, { apiToken: DEMO_CLIENT_SECRET }, running.fetch, { budgetStore: store });
    expect(await first.listStatuses('10002')).toHaveLength(6); // authenticate + getStatuses
    expect(data.get(xrayBudgetKey(DEMO_CLIENT_ID))?.c.reduce((n, [, k]) => n + k, 0)).toBe(2);

    const second = createConnector(connection, { apiToken: DEMO_CLIENT_SECRET }, running.fetch, { budgetStore: store });
    const e = await second.listStatuses('10002').catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: expect.any(Number) } });
    expect((e as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds).toBeGreaterThan(300);
    expect(running.calls).toHaveLength(3); // the second invocation authenticated, then had no room left
  });

  it('without a store each invocation counts only its own requests, as before', async () => {
    const one = createConnector(connection, { apiToken: DEMO_CLIENT_SECRET }, running.fetch);
    const two = createConnector(connection, { apiToken: DEMO_CLIENT_SECRET }, running.fetch);
    await one.listStatuses('10002');
    await two.listStatuses('10002');
    expect(running.calls).toHaveLength(4);
  });
});
