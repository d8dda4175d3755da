/**
 * A page of test cases worked through over several invocations is read from the tool once: a continuation takes
 * it from the run's cache. What is read back is checked: another page's, or a damaged one, is read from the tool again.
 */
import { convergenceProblems } from '../../support/engine/converged';
import { createWorld, type World } from '../../support/engine/world';
import { MemoryKv } from '../../support/engine/memory-kv';
import { useKv } from '../../../src/platform/kv';
import { runCache } from '../../../src/sync/run-cache';
import { keepCasesPage, keptCasesPage } from '../../../src/sync/kept-page';
import type { TestCase } from '../../../src/domain/model';

const aCase = (id: string): TestCase => ({
  tool: 'qtest', projectId: '1', externalId: id, displayId: `TC-${id}`, name: `Case ${id}`, steps: [{ index: 1, action: 'Open', expected: 'Opens' }],
  labels: [], url: `https://a.qtestnet.com/p/1/tc/${id}`, updatedAt: '2026-11-02T09:00:00.000Z', requirementKeys: ['SHOP-1'],
});

describe('the page of cases a mapping is worked through', () => {
  let w: World;
  afterEach(() => w.close());

  it('is read from the tool once when its chunks are synced in separate invocations', async () => {
    w = await createWorld({ cases: 120 });
    w.tool.pageSize = 120;
    // Each step does one unit and continues in a new invocation: three chunks of 50, 50 and 20 cases.
    w.deps.budgetMs = 1;
    const run = await w.sync();
    expect(run).toMatchObject({ state: 'succeeded', counts: { created: 120, failed: 0 } });
    expect(w.tool.caseReads).toHaveLength(1);
    expect(await convergenceProblems(w)).toEqual([]);
    // Dropped with the run.
    expect(w.kv.keys('runcache:')).toEqual([]);
  });
});

describe('a fault at keeping the page', () => {
  const world = async () => {
    const w = await createWorld({ cases: 120 });
    w.tool.pageSize = 120;
    w.deps.budgetMs = 1;
    return w;
  };

  /** The indexes of the storage writes that keep the page (its parts, then its head), in a clean sync. */
  async function keptPageWrites(): Promise<number[]> {
    const w = await world();
    try {
      const at: number[] = [];
      const set = w.kv.set.bind(w.kv);
      w.kv.set = async (key, value, opts) => {
        if (key.includes('cases-page')) at.push(w.kv.writes);
        return set(key, value, opts);
      };
      await w.sync();
      return at;
    } finally {
      w.close();
    }
  }

  it('converges when the process dies at, or right after, a write of the page, or storage refuses one', async () => {
    const writes = await keptPageWrites();
    expect(writes.length).toBeGreaterThan(0);
    const problems: string[] = [];
    // The write itself, and the run's progress saved after it.
    for (const at of [...writes, writes[writes.length - 1] + 1]) {
      for (const mode of ['hang', 'throw'] as const) {
        const w = await world();
        try {
          w.kv.fault = { at, mode };
          await w.sync().catch(() => undefined);
          await w.restart();
          await w.sync();
          const found = await convergenceProblems(w);
          if (found.length > 0) problems.push(`${mode} at write ${at}: ${found.join('; ')}`);
        } finally {
          w.close();
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('keptCasesPage', () => {
  let kv: MemoryKv;
  let restore: () => void;
  beforeEach(() => {
    kv = new MemoryKv(() => Date.parse('2026-11-02T09:00:00Z'));
    restore = useKv(kv);
  });
  afterEach(() => restore());

  it('answers the page kept for the same page key, and nothing for another', async () => {
    const cache = runCache('run-1');
    await keepCasesPage(cache, '1', 'cases:1::', { items: [aCase('7'), aCase('8')], next: '2' });
    expect(await keptCasesPage(cache, '1', 'cases:1::')).toEqual({ items: [aCase('7'), aCase('8')], next: '2' });
    expect(await keptCasesPage(cache, '1', 'cases:1:2:')).toBeUndefined();
    expect(await keptCasesPage(cache, '2', 'cases:1::')).toBeUndefined();
  });

  it('answers nothing for a kept page of another shape (the tool is read again)', async () => {
    const cache = runCache('run-1');
    await cache.set('cases-page:1', { page: 'cases:1::', items: [{ ...aCase('7'), steps: 'none' }] });
    expect(await keptCasesPage(cache, '1', 'cases:1::')).toBeUndefined();
  });
});
