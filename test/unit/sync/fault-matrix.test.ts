/**
 * The fault matrix: a first sync meets a fault at every write it makes, one at a time — the process dies there,
 * storage or Jira throws, Jira applies the write but the answer is lost — and the sync after it must converge:
 * one issue per case, every case in Jira with its result, coverage right, no write to an issue the app does not
 * own, every run ended, nothing left in the failure queue.
 */
import { convergenceProblems } from '../../support/engine/converged';
import { createWorld, type World } from '../../support/engine/world';

/** How many storage and Jira writes a clean first sync of the small world makes. */
async function writesOfACleanSync(): Promise<{ kv: number; jira: number }> {
  const w = await createWorld();
  try {
    await w.sync();
    return { kv: w.kv.writes, jira: w.jira.writeLog.length };
  } finally {
    w.close();
  }
}

async function afterFault(inject: (w: World) => void): Promise<string[]> {
  const w = await createWorld();
  try {
    inject(w);
    const first = w.sync();
    await first.catch(() => undefined);
    // The process comes back, the scheduler resumes or ends what stalled, and the next sync runs.
    await w.restart();
    await w.sync();
    return await convergenceProblems(w);
  } finally {
    w.close();
  }
}

describe('fault matrix', () => {
  let counts: { kv: number; jira: number };
  beforeAll(async () => {
    counts = await writesOfACleanSync();
  });

  it('has writes to break', () => {
    expect(counts.kv).toBeGreaterThan(20);
    expect(counts.jira).toBeGreaterThan(10);
  });

  const each = (n: () => number, fn: (i: number) => Promise<string[]>) => async () => {
    const failures: string[] = [];
    for (let i = 0; i < n(); i++) {
      const problems = await fn(i);
      if (problems.length > 0) failures.push(`write ${i}: ${problems.join('; ')}`);
    }
    expect(failures).toEqual([]);
  };

  it('converges when the process dies at any storage write', each(() => counts.kv, (at) => afterFault((w) => (w.kv.fault = { at, mode: 'hang' }))));
  it('converges when storage refuses any one write (429)', each(() => counts.kv, (at) => afterFault((w) => (w.kv.fault = { at, mode: 'throw' }))));
  it('converges when the process dies at any Jira write', each(() => counts.jira, (at) => afterFault((w) => (w.jira.fault = { at, mode: 'hang' }))));
  it('converges when Jira answers 500 to any one write', each(() => counts.jira, (at) => afterFault((w) => (w.jira.fault = { at, mode: 'throw', status: 500 }))));
  it('converges when Jira applies any one write but the answer is lost (502)', each(() => counts.jira, (at) => afterFault((w) => (w.jira.fault = { at, mode: 'apply-then-throw', status: 502 }))));
  it('converges when Jira rate-limits any one write (429 with Retry-After)', each(() => counts.jira, (at) => afterFault((w) => (w.jira.fault = { at, mode: 'throw', status: 429, retryAfterSeconds: 90 }))));
  it('converges when Jira refuses any one write (409)', each(() => counts.jira, (at) => afterFault((w) => (w.jira.fault = { at, mode: 'throw', status: 409 }))));
  it('converges when Jira refuses any one write (413)', each(() => counts.jira, (at) => afterFault((w) => (w.jira.fault = { at, mode: 'throw', status: 413 }))));
});
