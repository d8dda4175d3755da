/**
 * A request budget kept across invocations: N requests per rolling window (Xray: 300 per 5 minutes per API key),
 * counted in a compact state of fixed-width buckets (30 s) that a store outside the connector keeps between
 * invocations. Pure functions over the state answer "wait N ms" when the window is full; `createStoredRequestBudget`
 * puts them behind the connectors' RequestBudget port with a RequestBudgetStore.
 *
 * Counting is conservative: a request is known only by its bucket [start, start + bucket), so it counts until
 * start + bucket + window, when even its latest possible time has left the window. The budget therefore never lets
 * more than `limit` requests into any true window, at the price of freeing slots up to one bucket late.
 */
import type { RequestBudget, Sleep } from './http';
import { ConnectorError } from './types';

/** The stored state: small (at most window / bucket + 1 entries) and plain JSON. */
export interface BudgetState {
  /** Format version. */
  v: 1;
  /** Bucket width in ms. */
  b: number;
  /** `[bucket start (epoch ms, a multiple of b), requests counted in it]`, oldest first. */
  c: Array<[number, number]>;
}

/**
 * Where budget states live between invocations (on Forge: app storage). `key` names one budget (one API key of a
 * tool); `load` answers undefined when nothing is stored. Implementations need not be atomic: see
 * createStoredRequestBudget for what concurrent invocations cost.
 */
export interface RequestBudgetStore {
  load(key: string): Promise<BudgetState | undefined>;
  save(key: string, state: BudgetState): Promise<void>;
}

export interface WindowLimits {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
  /** Bucket width; 30 s by default. */
  bucketMs?: number;
}

export const BUCKET_MS = 30_000;

export function emptyBudgetState(bucketMs = BUCKET_MS): BudgetState {
  return { v: 1, b: bucketMs, c: [] };
}

/** A stored value read back as a BudgetState; anything else (corrupt, another version) is undefined. */
export function parseBudgetState(value: unknown): BudgetState | undefined {
  const s = value as Partial<BudgetState> | null | undefined;
  if (!s || s.v !== 1 || typeof s.b !== 'number' || !(s.b > 0) || !Array.isArray(s.c)) return undefined;
  const ok = s.c.every((e) => Array.isArray(e) && e.length === 2 && Number.isFinite(e[0]) && Number.isInteger(e[1]) && e[1] >= 0);
  return ok ? { v: 1, b: s.b, c: s.c.map(([t, n]) => [t, n] as [number, number]) } : undefined;
}

/** When a bucket's requests stop counting. */
const expiry = (state: BudgetState, start: number, windowMs: number) => start + state.b + windowMs;

/** The state without the buckets that left the window at `now`. */
export function pruneBudget(state: BudgetState, now: number, windowMs: number): BudgetState {
  return { v: 1, b: state.b, c: state.c.filter(([start]) => expiry(state, start, windowMs) > now) };
}

/** Requests counted in the window at `now`. */
export function usedInWindow(state: BudgetState, now: number, windowMs: number): number {
  return pruneBudget(state, now, windowMs).c.reduce((sum, [, n]) => sum + n, 0);
}

/** Milliseconds until one more request fits the window: 0 when it fits now. */
export function budgetWaitMs(state: BudgetState, now: number, limits: WindowLimits): number {
  const live = pruneBudget(state, now, limits.windowMs);
  let used = live.c.reduce((sum, [, n]) => sum + n, 0);
  if (used < limits.limit) return 0;
  for (const [start, n] of live.c) {
    used -= n;
    if (used < limits.limit) return Math.max(1, expiry(live, start, limits.windowMs) - now);
  }
  return 1;
}

/** Counts one request at `now` in its bucket (whether it fits is budgetWaitMs's question). */
export function recordRequest(state: BudgetState, now: number, windowMs: number): BudgetState {
  const live = pruneBudget(state, now, windowMs);
  const start = Math.floor(now / live.b) * live.b;
  const last = live.c[live.c.length - 1];
  if (last && last[0] === start) return { ...live, c: [...live.c.slice(0, -1), [start, last[1] + 1]] };
  // A clock that went back (another invocation's clock ran ahead) adds to the newest bucket instead of reordering.
  if (last && last[0] > start) return { ...live, c: [...live.c.slice(0, -1), [last[0], last[1] + 1]] };
  return { ...live, c: [...live.c, [start, 1]] };
}

/**
 * One request's turn: when it fits, the state with it counted and `waitMs: 0`; otherwise the state unchanged (pruned)
 * and how long to wait before asking again. A state of another bucket width starts afresh in this one.
 */
export function spendBudget(state: BudgetState | undefined, now: number, limits: WindowLimits): { state: BudgetState; waitMs: number } {
  const bucketMs = limits.bucketMs ?? BUCKET_MS;
  const current = state && state.b === bucketMs ? state : emptyBudgetState(bucketMs);
  const waitMs = budgetWaitMs(current, now, limits);
  if (waitMs > 0) return { state: pruneBudget(current, now, limits.windowMs), waitMs };
  return { state: recordRequest(current, now, limits.windowMs), waitMs: 0 };
}

export interface StoredBudgetOptions extends WindowLimits {
  store: RequestBudgetStore;
  key: string;
  now?: () => number;
  sleep?: Sleep;
  /**
   * Longest wait for a slot within one call; a longer one fails RATE_LIMITED with `retryAfterSeconds` at once, so
   * that an invocation short of time gives up and resumes later (60 s by default, as Retry-After is capped).
   */
  maxWaitMs?: number;
  /** Names the tool in messages, e.g. `Xray`. */
  service?: string;
}

/**
 * A RequestBudget whose window lives in a RequestBudgetStore, so every invocation of the app shares it. Each request
 * loads the state, counts itself when it fits and saves the state; when the window is full it waits (up to
 * `maxWaitMs`) and asks again. Requests of one budget object are serialised. Two invocations spending at the same
 * moment can overwrite each other's count (the store is not asked to be atomic): the budget may then undercount by
 * those requests, and the tool's own 429 with Retry-After, which the HTTP layer honours, covers the rest. A store
 * that fails to load or save is not fatal: the budget goes on with the state it last knew.
 */
export function createStoredRequestBudget(opts: StoredBudgetOptions): RequestBudget {
  const now = opts.now ?? Date.now;
  const sleep: Sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const maxWaitMs = opts.maxWaitMs ?? 60_000;
  let known: BudgetState | undefined;
  let queue: Promise<void> = Promise.resolve();

  async function load(): Promise<BudgetState | undefined> {
    try {
      return parseBudgetState(await opts.store.load(opts.key)) ?? known;
    } catch {
      return known;
    }
  }

  async function once(): Promise<void> {
    for (;;) {
      const { state, waitMs } = spendBudget(await load(), now(), opts);
      known = state;
      if (waitMs === 0) {
        await opts.store.save(opts.key, state).catch(() => undefined);
        return;
      }
      if (waitMs > maxWaitMs) {
        const seconds = Math.ceil(waitMs / 1000);
        throw new ConnectorError(
          'RATE_LIMITED',
          `The ${opts.service ?? 'tool'} request budget (${opts.limit} per ${Math.round(opts.windowMs / 1000)} s) is spent: the next request fits in ${seconds} s`,
          { retryAfterSeconds: seconds },
        );
      }
      await sleep(waitMs);
    }
  }

  return {
    acquire() {
      const turn = queue.then(once);
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}
