/**
 * The runs that share the installation's storage quota: the runs under way, and for a minute the runs that just
 * ended (their last minute of storage is still in the installation's count), so the runs still going do not take
 * the ended run's share while that minute is spent.
 */
import { countActiveRuns, noteRunEnded, releaseActiveLock, takeActiveLock } from '../../../src/sync/lock';
import { useKv } from '../../../src/platform/kv';
import { MemoryKv } from '../../support/engine/memory-kv';
import { createWorld, type World } from '../../support/engine/world';

describe('runs sharing the storage quota', () => {
  let t = Date.parse('2026-11-02T09:00:00Z');
  let kv: MemoryKv;
  let restore: () => void;
  beforeEach(() => {
    kv = new MemoryKv(() => t);
    restore = useKv(kv);
  });
  afterEach(() => restore());

  it('counts a run that ended for a minute after it ended, then not', async () => {
    await takeActiveLock('qtest-1', 'run-a', new Date(t));
    await takeActiveLock('xray-1', 'run-b', new Date(t));
    expect(await countActiveRuns(new Date(t))).toBe(2);
    await noteRunEnded('run-a', new Date(t));
    await releaseActiveLock('qtest-1', 'run-a');
    expect(await countActiveRuns(new Date(t + 59_000))).toBe(2);
    expect(await countActiveRuns(new Date(t + 60_000))).toBe(1);
    // The mark goes on its own.
    t += 120_000;
    expect(kv.keys('ended-run:')).toEqual([]);
  });

  it('does not count a mark it cannot read', async () => {
    await kv.set('ended-run:run-x', { until: 42 });
    expect(await countActiveRuns(new Date(t))).toBe(0);
  });
});

describe('a run that ends', () => {
  let w: World;
  afterEach(() => w.close());

  it('is marked as ending its storage minute when it ends', async () => {
    w = await createWorld();
    const run = await w.sync();
    const marks = w.kv.keys('ended-run:');
    expect(marks).toEqual([`ended-run:${run!.runId}`]);
    expect(w.kv.values.get(marks[0])!.value).toEqual({ until: new Date(Date.parse(run!.finishedAt!) + 60_000).toISOString() });
    expect(w.kv.keys('active:')).toEqual([]);
  });
});
