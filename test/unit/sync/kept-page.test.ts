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
