/**
 * The traceability index follows the coverage: the sync's coverage phase writes what changed (and nothing when
 * nothing did), a writer that finds the lock taken leaves markers that the next one folds in, an index missing for
 * coverage computed before it existed is built a bounded step at a time until complete, and a damaged value is
 * rebuilt rather than trusted. Everything runs on the engine's in-memory ports.
 */
import { coveringTests } from '../../../src/sync/coverage';
import { traceRequirementOf } from '../../../src/traceability/model';
import { readProjectIndex } from '../../../src/traceability/store';
import { keepCurrent } from '../../../src/traceability/upkeep';
import { indexCoverage, type IndexDeps } from '../../../src/traceability/writer';
import { createWorld, type World } from '../../support/engine/world';

let w: World;
afterEach(() => w?.close());

const deps = (): IndexDeps => ({ issueFacts: (keys) => w.jira.issueFacts(keys), coveringTests });

/** Every requirement with coverage, as the index should hold it (computed afresh from the coverage index). */
async function truth(): Promise<Map<string, unknown>> {
  const keys = w.kv.keys('coverage:').map((k) => k.slice('coverage:'.length));
  const facts = await w.jira.issueFacts(keys);
  const out = new Map<string, unknown>();
  for (const key of keys) out.set(key, traceRequirementOf(await coveringTests(key), facts.get(key)?.issueType));
  return out;
}

/** Counts writes to keys under a prefix from now on. */
function countWrites(prefix: string): { n: number } {
  const counter = { n: 0 };
  const setMany = w.kv.setMany.bind(w.kv);
  const set = w.kv.set.bind(w.kv);
  w.kv.setMany = async (entries) => {
    counter.n += entries.filter((e) => e.key.startsWith(prefix)).length;
    return setMany(entries);
  };
  w.kv.set = async (key, value, opts) => {
    if (key.startsWith(prefix) && !key.endsWith(':lock')) counter.n++;
    return set(key, value, opts);
  };
  return counter;
}

describe('traceability index written by the sync', () => {
  beforeEach(async () => {
    w = await createWorld();
  });

  it('holds every covered requirement with its tests and their results by version and environment', async () => {
    const r = w.tool.addRun('1', 'Failed');
    r.version = '3.2';
    r.environment = 'staging';
    await w.sync();
    const index = await readProjectIndex('SHOP');
    expect(index.state).toEqual({ v: 1, built: true, buckets: [0] });
    expect(index.requirements).toEqual(await truth());
    const shop1 = index.requirements.get('SHOP-1')!;
    expect(shop1.type).toBe('Story');
    expect(shop1.tests).toEqual([expect.objectContaining({ tool: 'qtest', displayId: 'TC-1', results: { '["3.2","staging"]': 'FAIL', '["3.2"]': 'FAIL' } })]);
  });

  it('writes nothing when nothing changed, and only the changed bucket when a result changes', async () => {
    await w.sync();
    w.advance(60_000);
    let writes = countWrites('trace:');
    await w.sync();
    expect(writes.n).toBe(0);
    w.advance(60_000);
    const r = w.tool.addRun('2', 'Passed');
    r.version = '3.2';
    writes = countWrites('trace:');
    await w.sync();
    expect(writes.n).toBe(1);
    expect((await readProjectIndex('SHOP')).requirements.get('SHOP-2')!.tests[0].results).toEqual({ '["3.2"]': 'PASS' });
  });

  it('leaves markers while another writer holds the lock, and the next writer computes those requirements afresh', async () => {
    await w.sync();
    const expected = await truth();
    // A page is building the index: the lock is taken.
    await w.kv.set('trace:SHOP:lock', { owner: 'a-page', at: new Date(w.clock.t).toISOString() }, { ttlSeconds: 120 });
    // A writer with an outdated view of SHOP-3 (no tests) cannot get the lock: it marks SHOP-3 and writes nothing else.
    const writes = countWrites('trace:SHOP:c:');
    await indexCoverage([{ key: 'SHOP-3', type: 'Story', tests: [] }], deps(), { lockWaitMs: 0 });
    const marked = await readProjectIndex('SHOP');
    expect(writes.n).toBe(0);
    expect(marked.dirty.map((d) => d.requirementKey)).toEqual(['SHOP-3']);
    expect(marked.requirements).toEqual(expected);
    await w.kv.delete('trace:SHOP:lock');
    // The next writer of the project folds the marker in: SHOP-3 is computed from the coverage, not taken from the marker.
    await indexCoverage([{ key: 'SHOP-1', type: 'Story', tests: await coveringTests('SHOP-1') }], deps(), { lockWaitMs: 0 });
    const folded = await readProjectIndex('SHOP');
    expect(folded.dirty).toEqual([]);
    expect(folded.requirements).toEqual(expected);
    expect(folded.requirements.get('SHOP-3')!.tests).toHaveLength(1);
  });
});

describe('traceability index of coverage computed before it existed', () => {
  const STORIES = 130;

  beforeEach(async () => {
    w = await createWorld({ cases: 0 });
    w.tool.pageSize = 500;
    for (let i = 4; i <= STORIES; i++) w.jira.seedIssue('SHOP', 'Story');
    for (let i = 1; i <= STORIES; i++) w.tool.addCase(String(100 + i), [`SHOP-${i}`]);
    await w.sync();
    // As an earlier release left it: coverage everywhere, no index.
    for (const key of w.kv.keys('trace:')) w.kv.values.delete(key);
  });

  it('reports shown requirements as not indexed yet, never uncovered, and builds the index in bounded steps until complete', async () => {
    const inScope = new Map([...Array(STORIES).keys()].map((i) => [`SHOP-${i + 1}`, 'Story']));
    const first = await keepCurrent('SHOP', await readProjectIndex('SHOP'), inScope, deps(), { requirements: 30, ms: 60_000, lockWaitMs: 0 });
    expect(first.building).toBe(true);
    expect(first.requirements.size).toBe(30);
    expect(first.pending.size).toBe(STORIES - 30);
    for (const key of inScope.keys()) expect(first.requirements.has(key) || first.pending.has(key)).toBe(true);
    let opens = 1;
    let state = (await readProjectIndex('SHOP')).state;
    while (!state?.built && opens < 50) {
      await keepCurrent('SHOP', await readProjectIndex('SHOP'), new Map(), deps(), { requirements: 30, ms: 60_000, lockWaitMs: 0 });
      state = (await readProjectIndex('SHOP')).state;
      opens++;
    }
    expect(state).toEqual({ v: 1, built: true, buckets: [0] });
    // 130 requirements, 30 an open (a prefix too large for a step was split into longer ones on the way).
    expect(opens).toBeLessThanOrEqual(8);
    const index = await readProjectIndex('SHOP');
    expect(index.requirements).toEqual(await truth());
    const settled = await keepCurrent('SHOP', index, inScope, deps(), { requirements: 30, ms: 60_000, lockWaitMs: 0 });
    expect(settled).toMatchObject({ building: false, damaged: false });
    expect(settled.pending.size).toBe(0);
  });

  it('is also built by the sync, a step with each coverage the phase computes', async () => {
    for (let round = 0; round < 10 && !(await readProjectIndex('SHOP')).state?.built; round++) {
      w.advance(60_000);
      w.tool.addRun(String(101 + round), 'Passed');
      await w.sync();
    }
    const index = await readProjectIndex('SHOP');
    expect(index.state).toEqual({ v: 1, built: true, buckets: [0] });
    expect(index.requirements).toEqual(await truth());
  });
});

describe('a damaged index', () => {
  beforeEach(async () => {
    w = await createWorld();
    await w.sync();
  });

  it('is reported, removed and rebuilt from the coverage, never trusted', async () => {
    const [chunk] = w.kv.keys('trace:SHOP:c:');
    w.kv.values.set(chunk, { value: { v: 1, n: 1, cx: [], r: { 'SHOP-1': { x: [['SHOP-4', 'q', 'TC-1', 'F7']] } } } });
    const damaged = await readProjectIndex('SHOP');
    expect(damaged.damaged).toEqual([chunk]);
    expect(damaged.requirements.size).toBe(0);
    const inScope = new Map([['SHOP-1', 'Story'], ['SHOP-2', 'Story'], ['SHOP-3', 'Story']]);
    const upkept = await keepCurrent('SHOP', damaged, inScope, deps(), { requirements: 100, ms: 60_000, lockWaitMs: 0 });
    expect(upkept.damaged).toBe(true);
    expect(upkept.pending.size).toBe(0);
    expect(w.kv.keys(chunk)).toEqual([]);
    const repaired = await readProjectIndex('SHOP');
    expect(repaired.damaged).toEqual([]);
    expect(repaired.state).toEqual({ v: 1, built: true, buckets: [0] });
    expect(repaired.requirements).toEqual(await truth());
  });

  it('notices a value gone missing (the state lists its bucket) and builds it again', async () => {
    const [chunk] = w.kv.keys('trace:SHOP:c:');
    w.kv.values.delete(chunk);
    const missing = await readProjectIndex('SHOP');
    expect(missing.requirements.size).toBe(0);
    expect(missing.damaged).toEqual(['trace:SHOP:c:00000:']);
    const inScope = new Map([['SHOP-1', 'Story'], ['SHOP-2', 'Story'], ['SHOP-3', 'Story']]);
    const upkept = await keepCurrent('SHOP', missing, inScope, deps(), { requirements: 100, ms: 60_000, lockWaitMs: 0 });
    expect(upkept).toMatchObject({ damaged: true, pending: new Set() });
    expect(upkept.requirements).toEqual(await truth());
    const repaired = await readProjectIndex('SHOP');
    expect(repaired).toMatchObject({ damaged: [], state: { v: 1, built: true, buckets: [0] } });
    expect(repaired.requirements).toEqual(await truth());
  });

  it('never mixes the parts of two writes: a write cut short leaves the last complete one in force', async () => {
    const before = await readProjectIndex('SHOP');
    const [chunk] = w.kv.keys('trace:SHOP:c:');
    const bucketPrefix = chunk.split(':').slice(0, 4).join(':');
    // A newer write of two parts whose second part never arrived (the writer died).
    w.kv.values.set(`${bucketPrefix}:zzzzzzzzzzzz:000`, { value: { v: 1, n: 2, cx: [], r: { 'SHOP-1': { x: [] } } } });
    const read = await readProjectIndex('SHOP');
    expect(read.requirements).toEqual(before.requirements);
    expect(read.damaged).toEqual([]);
  });
});
