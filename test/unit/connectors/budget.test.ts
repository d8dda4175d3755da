import {
  BUCKET_MS,
  budgetWaitMs,
  createStoredRequestBudget,
  emptyBudgetState,
  parseBudgetState,
  recordRequest,
  spendBudget,
  usedInWindow,
  type BudgetState,
  type RequestBudgetStore,
} from '../../../src/connectors/budget';
import { ConnectorError } from '../../../src/connectors/types';

const WINDOW = 5 * 60_000;
const limits = { limit: 3, windowMs: WINDOW };
const T0 = Date.parse('2025-06-10T09:00:00.000Z'); // a multiple of 30 s

/** Spends `n` requests at time t, all of which must fit. */
function spendAll(state: BudgetState | undefined, t: number, n: number): BudgetState {
  let s = state;
  for (let i = 0; i < n; i++) {
    const r = spendBudget(s, t, limits);
    expect(r.waitMs).toBe(0);
    s = r.state;
  }
  return s!;
}

function memoryStore() {
  const data = new Map<string, unknown>();
  const store: RequestBudgetStore = {
    load: async (key) => structuredClone(data.get(key)) as BudgetState | undefined,
    save: async (key, state) => void data.set(key, structuredClone(state)),
  };
  return { data, store };
}

describe('the rolling window over 30-second buckets', () => {
  it('counts requests into buckets and answers how long to wait when the window is full', () => {
    const s = spendAll(undefined, T0 + 5_000, 2);
    const full = spendAll(s, T0 + 40_000, 1);
    expect(full).toEqual({ v: 1, b: BUCKET_MS, c: [[T0, 2], [T0 + 30_000, 1]] });
    const denied = spendBudget(full, T0 + 60_000, limits);
    // The two requests of the first bucket count until its end plus the window: T0 + 30 s + 5 min.
    expect(denied.waitMs).toBe(T0 + 30_000 + WINDOW - (T0 + 60_000));
    expect(denied.state).toEqual(full);
  });

  it('frees the slots once their bucket has left the window, and never lets more than the limit into any window', () => {
    let s = spendAll(undefined, T0, 3);
    const wait = budgetWaitMs(s, T0 + 1_000, limits);
    expect(budgetWaitMs(s, T0 + 1_000 + wait - 1, limits)).toBe(1);
    expect(budgetWaitMs(s, T0 + 1_000 + wait, limits)).toBe(0);
    s = spendAll(s, T0 + 1_000 + wait, 3);
    expect(usedInWindow(s, T0 + 1_000 + wait, WINDOW)).toBe(3);

    // Random arrivals: the times of the admitted requests never hold more than `limit` in any 5-minute span.
    let rnd = 42;
    const random = () => ((rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let state: BudgetState | undefined;
    const admitted: number[] = [];
    for (let t = T0; admitted.length < 200; t += Math.floor(random() * 20_000)) {
      const r = spendBudget(state, t, { limit: 10, windowMs: WINDOW });
      state = r.state;
      if (r.waitMs === 0) admitted.push(t);
    }
    for (const t of admitted) expect(admitted.filter((x) => x >= t && x < t + WINDOW).length).toBeLessThanOrEqual(10);
  });

  it('keeps the state compact: at most window / bucket + 1 buckets', () => {
    let s: BudgetState | undefined;
    for (let t = T0; t < T0 + 60 * 60_000; t += 7_000) s = spendBudget(s, t, { limit: 1_000, windowMs: WINDOW }).state;
    expect(s!.c.length).toBeLessThanOrEqual(WINDOW / BUCKET_MS + 1);
    expect(JSON.stringify(s).length).toBeLessThan(300);
  });

  it('tolerates a clock that went back and starts afresh for another bucket width', () => {
    const ahead = recordRequest(emptyBudgetState(), T0 + 90_000, WINDOW);
    expect(recordRequest(ahead, T0, WINDOW).c).toEqual([[T0 + 90_000, 2]]);
    expect(spendBudget({ v: 1, b: 10_000, c: [[T0, 99]] }, T0, limits)).toEqual({ state: { v: 1, b: BUCKET_MS, c: [[T0, 1]] }, waitMs: 0 });
  });

  it('reads back only well-formed states', () => {
    expect(parseBudgetState({ v: 1, b: 30_000, c: [[T0, 2]] })).toEqual({ v: 1, b: 30_000, c: [[T0, 2]] });
    for (const bad of [undefined, null, 'x', { v: 2, b: 30_000, c: [] }, { v: 1, b: 0, c: [] }, { v: 1, b: 30_000, c: [[T0, -1]] }, { v: 1, b: 30_000, c: [[T0]] }]) {
      expect(parseBudgetState(bad)).toBeUndefined();
    }
  });
});

describe('createStoredRequestBudget', () => {
  it('shares the window between budgets (invocations) through the store', async () => {
    let t = T0;
    const waits: number[] = [];
    const { data, store } = memoryStore();
    const options = { store, key: 'xray-budget:k', ...limits, now: () => t, sleep: async (ms: number) => void (waits.push(ms), (t += ms)) };
    const first = createStoredRequestBudget(options);
    for (let i = 0; i < 3; i++) await first.acquire();
    expect(data.get('xray-budget:k')).toEqual({ v: 1, b: BUCKET_MS, c: [[T0, 3]] });

    t += 10_000;
    const second = createStoredRequestBudget({ ...options, maxWaitMs: 10 * 60_000 });
    await second.acquire();
    expect(waits).toEqual([T0 + BUCKET_MS + WINDOW - (T0 + 10_000)]);
    expect(usedInWindow(data.get('xray-budget:k') as BudgetState, t, WINDOW)).toBe(1);
  });

  it('fails RATE_LIMITED with the wait when it is longer than maxWaitMs', async () => {
    const { store } = memoryStore();
    const budget = createStoredRequestBudget({ store, key: 'k', ...limits, now: () => T0, service: 'Xray' });
    for (let i = 0; i < 3; i++) await budget.acquire();
    const e = await budget.acquire().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConnectorError);
    expect(e).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: (BUCKET_MS + WINDOW) / 1000 } });
    expect((e as Error).message).toMatch(/Xray request budget \(3 per 300 s\) is spent: the next request fits in 330 s/);
    await expect(budget.acquire()).rejects.toBeInstanceOf(ConnectorError);
  });

  it('counts concurrent acquires of one budget one after the other', async () => {
    const { data, store } = memoryStore();
    const slow: RequestBudgetStore = {
      load: async (k) => {
        await new Promise((r) => setTimeout(r, 2));
        return store.load(k);
      },
      save: store.save,
    };
    const budget = createStoredRequestBudget({ store: slow, key: 'k', limit: 100, windowMs: WINDOW, now: () => T0 });
    await Promise.all(Array.from({ length: 10 }, () => budget.acquire()));
    expect(data.get('k')).toEqual({ v: 1, b: BUCKET_MS, c: [[T0, 10]] });
  });

  it('goes on with what it last knew when the store fails', async () => {
    const failing: RequestBudgetStore = {
      load: async () => {
        throw new Error('storage down');
      },
      save: async () => {
        throw new Error('storage down');
      },
    };
    const budget = createStoredRequestBudget({ store: failing, key: 'k', ...limits, now: () => T0, maxWaitMs: 0 });
    for (let i = 0; i < 3; i++) await budget.acquire();
    await expect(budget.acquire()).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });
});
