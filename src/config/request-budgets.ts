/**
 * Where a tool's request budget (Xray: requests per rolling five minutes per API key) lives between
 * invocations: app storage. Every invocation that talks to Xray counts against the same window.
 */
import type { RequestBudgetStore } from '../connectors/budget';
import { kv } from '../platform/kv';

/** Keys are `budget:<connector's key>`; the value is the connector's small JSON state, read back as-is. */
export const storedRequestBudgets: RequestBudgetStore = {
  async load(key) {
    return (await kv().get(`budget:${key}`)) as never;
  },
  async save(key, state) {
    // The window is five minutes: a state untouched for a day is stale anyway.
    await kv().set(`budget:${key}`, state, { ttlSeconds: 24 * 3600 });
  },
};
