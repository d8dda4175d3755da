/**
 * Storage pacing: a sync's storage calls stay under its share of Forge's per-minute units, counted as Forge
 * counts them (10 KB of a value a unit, at least one a key), and the minute carries over to the next step.
 */
import { KvPacer, pacedKv, StorageWaitPastDeadline, storageShare, unitsOf } from '../../../src/platform/kv-pacing';
import { MemoryKv } from '../../support/engine/memory-kv';

function clockAndSleep() {
  const c = { t: 1_000_000, slept: [] as number[] };
  return {
    c,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.slept.push(ms);
      c.t += ms;
    },
  };
}

describe('storage pacing', () => {
  it('counts units as Forge does: 10 KB of a value a unit, at least one a key', () => {
    expect(unitsOf({ a: 1 })).toBe(1);
    expect(unitsOf('x'.repeat(10_240))).toBe(1);
    expect(unitsOf('x'.repeat(10_241))).toBe(2);
    expect(unitsOf(undefined)).toBe(1);
  });

  it('never lets a minute go past the share: writes wait for the minute to free up', async () => {
    const { c, now, sleep } = clockAndSleep();
    const pacer = new KvPacer(100, [], now, sleep);
    const store = pacedKv(new MemoryKv(now), pacer);
    const log: { at: number; units: number }[] = [];
    for (let i = 0; i < 30; i++) {
      const entries = Array.from({ length: 20 }, (_, k) => ({ key: `k${i}:${k}`, value: { i } }));
      await store.setMany(entries);
      log.push({ at: c.t, units: 20 });
      c.t += 100;
    }
    // Every sliding minute holds at most the share.
    for (const { at } of log) expect(log.filter((x) => x.at > at - 60_000 && x.at <= at).reduce((s, x) => s + x.units, 0)).toBeLessThanOrEqual(100);
    expect(c.slept.length).toBeGreaterThan(0);
    expect(pacer.waitedMs).toBe(c.slept.reduce((a, b) => a + b, 0));
  });

  it('paces a large call a batch at a time, so one call cannot take a minute past the share', async () => {
    const { c, now, sleep } = clockAndSleep();
    const kv = new MemoryKv(now);
    const pacer = new KvPacer(100, [], now, sleep);
    const store = pacedKv(kv, pacer);
    const charged: { at: number; units: number }[] = [];
    const setMany = kv.setMany.bind(kv);
    kv.setMany = async (entries) => {
      charged.push({ at: c.t, units: entries.length });
      return setMany(entries);
    };
    await store.setMany(Array.from({ length: 300 }, (_, k) => ({ key: `k${k}`, value: k })));
    expect(charged.every((x) => x.units <= 20)).toBe(true);
    for (const { at } of charged) expect(charged.filter((x) => x.at > at - 60_000 && x.at <= at).reduce((s, x) => s + x.units, 0)).toBeLessThanOrEqual(100);
    expect((await store.getMany(Array.from({ length: 300 }, (_, k) => `k${k}`))).size).toBe(300);
  });

  it('does not sleep past its deadline: the wait is answered as an error that says how long it is', async () => {
    const { c, now, sleep } = clockAndSleep();
    const pacer = new KvPacer(20, [], now, sleep);
    const store = pacedKv(new MemoryKv(now), pacer);
    await store.setMany(Array.from({ length: 20 }, (_, k) => ({ key: `k${k}`, value: k })));
    pacer.deadline = c.t + 30_000;
    const error = await store.set('one-more', 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageWaitPastDeadline);
    expect((error as StorageWaitPastDeadline).seconds).toBeGreaterThan(30);
    expect(c.slept).toEqual([]);
    // A step ending on that wait still saves its run at once.
    pacer.ending = true;
    await store.set('run', 1);
    expect(c.slept).toEqual([]);
  });

  it('asks for its share again every 30 s, as runs start and end', async () => {
    const { c, now, sleep } = clockAndSleep();
    let share = 1000;
    const pacer = new KvPacer(share, [], now, sleep, async () => share);
    const store = pacedKv(new MemoryKv(now), pacer);
    share = 300;
    await store.set('a', 1);
    expect(pacer.limitPerMinute).toBe(1000);
    c.t += 31_000;
    await store.set('b', 1);
    expect(pacer.limitPerMinute).toBe(300);
  });

  it('counts reads by the size of what they answered', async () => {
    const { now, sleep } = clockAndSleep();
    const kv = new MemoryKv(now);
    await kv.set('big', 'x'.repeat(50_000));
    const pacer = new KvPacer(1000, [], now, sleep);
    const store = pacedKv(kv, pacer);
    await store.get('big');
    await store.getMany(['big', 'missing']);
    await store.query('b');
    expect(pacer.snapshot().reduce((s, b) => s + b.read, 0)).toBe(5 + 6 + 5);
  });

  it('reads the clock once per look at the minute: a bucket leaving the minute between two readings fails nothing', async () => {
    // The clock moves on by a millisecond at each reading, and the only bucket leaves the minute right then.
    let t = 60_000 + 10_000 - 2;
    const slept: number[] = [];
    const pacer = new KvPacer(100, [{ at: 0, read: 100, write: 0 }], () => t++, async (ms) => void slept.push(ms));
    await expect(pacer.before('read', 1)).resolves.toBeUndefined();
    expect(slept.every((ms) => ms <= 50)).toBe(true);
  });

  it('carries the last minute over to the next step, which waits when the previous one used the share', async () => {
    const { c, now, sleep } = clockAndSleep();
    const first = new KvPacer(50, [], now, sleep);
    await pacedKv(new MemoryKv(now), first).setMany(Array.from({ length: 50 }, (_, k) => ({ key: `a${k}`, value: 1 })));
    c.t += 5_000;
    const next = new KvPacer(50, first.snapshot(), now, sleep);
    await pacedKv(new MemoryKv(now), next).set('b', 1);
    expect(next.waitedMs).toBeGreaterThanOrEqual(55_000);
  });

  it('shares the installation among the runs under way, leaving room for the pages', () => {
    const set = process.env.TESTSYNC_KVS_UNITS_PER_MINUTE;
    try {
      delete process.env.TESTSYNC_KVS_UNITS_PER_MINUTE;
      expect(storageShare(1)).toBe(3200);
      expect(storageShare(4)).toBe(800);
      process.env.TESTSYNC_KVS_UNITS_PER_MINUTE = '1000';
      expect(storageShare(2)).toBe(500);
    } finally {
      process.env.TESTSYNC_KVS_UNITS_PER_MINUTE = set;
    }
  });
});
