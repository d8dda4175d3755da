/**
 * The coverage index holds what a requirement's coverage shows of each covering test, so recomputing coverage
 * reads one entry per connection, not every test's record; entries of earlier releases (no views) still count.
 */
import { convergenceProblems } from '../../support/engine/converged';
import { createWorld, type World } from '../../support/engine/world';

describe('coverage index', () => {
  let w: World;
  beforeEach(async () => {
    w = await createWorld();
  });
  afterEach(() => w.close());

  const entries = () => w.kv.keys('cov:').map((k) => ({ key: k, value: w.kv.values.get(k)!.value as { sourceKeys: string[]; views?: Record<string, { status: string }> } }));

  it("holds each covering test's view, and coverage is recomputed without reading the tests' records", async () => {
    // SHOP-1 covered by four tests.
    for (const id of ['11', '12', '13']) w.tool.addCase(id, ['SHOP-1']);
    await w.sync();
    for (const e of entries()) expect(Object.keys(e.value.views ?? {}).sort()).toEqual([...e.value.sourceKeys].sort());
    w.advance(60_000);
    w.tool.addRun('1', 'Failed');
    const itemReads: string[] = [];
    const getMany = w.kv.getMany.bind(w.kv);
    w.kv.getMany = async (keys) => {
      itemReads.push(...keys.filter((k) => k.startsWith('item:')));
      return getMany(keys);
    };
    const run = await w.sync();
    expect(run?.state).toBe('succeeded');
    // The run reads test 1's record to merge its run and to write its property; SHOP-1's coverage reads no record.
    expect(new Set(itemReads).size).toBe(1);
    expect(await convergenceProblems(w)).toEqual([]);
  });

  it('counts the tests of entries written without views, and gives a test its view when it changes', async () => {
    await w.sync();
    for (const e of entries()) w.kv.values.set(e.key, { value: { sourceKeys: e.value.sourceKeys } });
    w.advance(60_000);
    w.tool.addRun('1', 'Failed');
    w.tool.addRun('2', 'Passed');
    const run = await w.sync();
    expect(run?.state).toBe('succeeded');
    expect(await convergenceProblems(w)).toEqual([]);
    const withViews = entries().filter((e) => e.value.views && Object.keys(e.value.views).length > 0);
    expect(withViews.length).toBeGreaterThan(0);
    expect(withViews.flatMap((e) => Object.values(e.value.views!)).map((v) => v.status).sort()).toEqual(['FAIL', 'PASS']);
  });
});

describe('coverage index of a story covered by many tests', () => {
  let w: World;
  beforeEach(async () => {
    w = await createWorld({ cases: 0 });
  });
  afterEach(() => w.close());

  it('stays within a storage value, and counts the tests past it from their records', async () => {
    w.tool.pageSize = 200;
    for (let i = 1; i <= 1300; i++) w.tool.addCase(String(i), ['SHOP-1'], { name: `A test with a fairly long name to make its view large, number ${i}` });
    const run = await w.sync();
    expect(run).toMatchObject({ state: 'succeeded', counts: { created: 1300, failed: 0 } });
    const [key] = w.kv.keys('cov:SHOP-1:');
    const entry = w.kv.values.get(key)!.value as { sourceKeys: string[]; views: Record<string, unknown> };
    expect(JSON.stringify(entry).length).toBeLessThan(240 * 1024);
    expect(entry.sourceKeys).toHaveLength(1300);
    expect(Object.keys(entry.views).length).toBeLessThan(1300);
    expect(await convergenceProblems(w)).toEqual([]);
  });
});
