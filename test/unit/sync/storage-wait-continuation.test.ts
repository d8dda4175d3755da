/**
 * Forge's storage limit met late in an invocation: a wait that would end past 80 % of the invocation's budget
 * ends the step instead, and the run goes on in a new invocation once the minute has room. The unit is done
 * again from its start, so the sync ends as an unhurried one would: every case once in Jira, counted once.
 */
import { convergenceProblems } from '../../support/engine/converged';
import { createWorld, type World } from '../../support/engine/world';
import { BUDGET_SHARE } from '../../../src/sync/engine';

const BUDGET_MS = 600_000;
const CASES = 300;

async function pacedWorld(unitsPerMinute: number, budgetMs = BUDGET_MS): Promise<World> {
  process.env.TESTSYNC_KVS_UNITS_PER_MINUTE = String(unitsPerMinute);
  const w = await createWorld({ cases: CASES });
  w.deps.budgetMs = budgetMs;
  // The pacer waits on the world's clock: a wait moves time on, as the step's span shows.
  w.deps.storageClock = { now: () => w.clock.t, sleep: async (ms) => void (w.clock.t += ms) };
  return w;
}

describe('a storage wait that would pass the budget', () => {
  let w: World | undefined;
  afterEach(() => {
    w?.close();
    delete process.env.TESTSYNC_KVS_UNITS_PER_MINUTE;
  });

  it('ends the step and continues after the wait; no step runs past 80 % of its budget and the sync converges', async () => {
    w = await pacedWorld(100);
    const run = await w.sync();
    expect(run).toMatchObject({ state: 'succeeded', counts: { created: CASES, updated: 0, failed: 0 } });
    expect(run!.errors).toEqual([]);
    expect(await convergenceProblems(w)).toEqual([]);
    // One issue per case, none twice.
    for (const [sourceKey, issues] of w.jira.appIssuesBySourceKey()) expect([sourceKey, issues.length]).toEqual([sourceKey, 1]);
    expect(w.jira.appIssuesBySourceKey().size).toBe(CASES);

    // The storage limit did bite: several steps, continued, each inside its share of the budget.
    const continued = w.steps.filter((s) => s.outcome === 'continued');
    expect(continued.length).toBeGreaterThan(0);
    const longest = Math.max(...w.steps.map((s) => s.to - s.from));
    expect(longest).toBeLessThanOrEqual(BUDGET_MS * BUDGET_SHARE);
    // The waits are in the run's record, said as the storage limit, not as warnings.
    expect(run!.waits?.some((x) => x.reason === "Forge's storage limit")).toBe(true);
    expect(run!.warnings.filter((x) => /storage/i.test(x))).toEqual([]);
  });

  it('counts the waits before and in its first unit against the budget when the storage share shrinks: no step past 80 %', async () => {
    w = await pacedWorld(100_000);
    // Other runs start as the first unit begins: this run's storage share shrinks under it, to less than the unit
    // needs within the budget's share, and every later step begins with the last minute's storage spent.
    const read = w.tool.readTestCases.bind(w.tool);
    w.tool.readTestCases = async (p, o) => {
      if (process.env.TESTSYNC_KVS_UNITS_PER_MINUTE !== '20') {
        process.env.TESTSYNC_KVS_UNITS_PER_MINUTE = '20';
        w!.advance(31_000); // past the pacer's next look at the share
      }
      return read(p, o);
    };
    const run = await w.sync();
    expect(run).toMatchObject({ state: 'succeeded', counts: { created: CASES, failed: 0 } });
    expect(await convergenceProblems(w)).toEqual([]);
    expect(w.steps.length).toBeGreaterThan(5);
    const over = w.steps.map((s, i) => ({ step: i, ms: s.to - s.from })).filter((s) => s.ms > BUDGET_MS * BUDGET_SHARE);
    expect(over).toEqual([]);
  });

  it('writes to Jira what an unhurried sync writes, but for idempotent writes of the unit done again', async () => {
    w = await pacedWorld(100_000);
    await w.sync();
    const unhurried = w.jira.writeLog.map((x) => x.op).sort();
    expect(w.steps.filter((s) => s.outcome === 'continued')).toEqual([]);
    w.close();
    w = await pacedWorld(100);
    await w.sync();
    const paced = w.jira.writeLog.map((x) => x.op).sort();
    expect(w.steps.filter((s) => s.outcome === 'continued').length).toBeGreaterThan(0);
    // Creates and links once each, as unhurried; a remote link or property written again (they replace
    // themselves) at most for one unit's cases.
    const idempotent = (op: string) => op === 'remotelink' || op.startsWith('propert');
    expect(paced.filter((op) => !idempotent(op))).toEqual(unhurried.filter((op) => !idempotent(op)));
    expect(paced.length - unhurried.length).toBeGreaterThanOrEqual(0);
    expect(paced.length - unhurried.length).toBeLessThanOrEqual(50);
  });
});
