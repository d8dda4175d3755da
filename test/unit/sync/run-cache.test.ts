/**
 * The run's cache in storage: what a connector keeps for the rest of a run survives a new connector (a
 * continuation), is split to fit storage values, is ignored when damaged, and is gone when the run ends.
 */
import { dropRunCache, runCache } from '../../../src/sync/run-cache';
import { useKv } from '../../../src/platform/kv';
import { MemoryKv } from '../../support/engine/memory-kv';
import { createWorld, type World } from '../../support/engine/world';

describe('run cache', () => {
  let kv: MemoryKv;
  let restore: () => void;
  beforeEach(() => {
    kv = new MemoryKv(() => Date.now());
    restore = useKv(kv);
  });
  afterEach(() => restore());

  it('gives back a value larger than one storage value, written by another instance of the same run', async () => {
    const links = Object.fromEntries(Array.from({ length: 6000 }, (_, i) => [`SHOPQA-TC-${i}`, [`SHOP-${i % 400}`, 'ÅÄÖ-ünïcode']]));
    await runCache('run-1').set('qmetry:links:SHOPQA', links);
    expect(kv.keys('runcache:run-1:').length).toBeGreaterThan(3);
    for (const k of kv.keys('runcache:run-1:')) expect(Buffer.byteLength(JSON.stringify(kv.values.get(k)!.value))).toBeLessThan(240 * 1024);
    expect(await runCache('run-1').get('qmetry:links:SHOPQA')).toEqual(links);
    expect(await runCache('run-2').get('qmetry:links:SHOPQA')).toBeUndefined();
  });

  it('answers nothing for a damaged or partly missing value, so the connector reads it again', async () => {
    await runCache('run-1').set('ids', { a: '1'.repeat(100_000) });
    const [, part] = kv.keys('runcache:run-1:ids#');
    kv.values.delete(part);
    expect(await runCache('run-1').get('ids')).toBeUndefined();
    await runCache('run-1').set('ids', { a: 1 });
    kv.values.set('runcache:run-1:ids#0', { value: '{"a":' });
    expect(await runCache('run-1').get('ids')).toBeUndefined();
  });

  it('keeps a secret in encrypted storage, apart from its values, and deletes it with the run', async () => {
    await runCache('run-1').setSecret!('xray-token', { token: 'eyJ.secret.sig' });
    await runCache('run-1').setSecret!('xray-token', { token: 'eyJ.renewed.sig' });
    await runCache('run-2').setSecret!('xray-token', { token: 'eyJ.other.sig' });
    expect(await runCache('run-1').getSecret!('xray-token')).toEqual({ token: 'eyJ.renewed.sig' });
    expect(JSON.stringify([...kv.values.values()])).not.toContain('eyJ');
    await dropRunCache('run-1');
    expect(await runCache('run-1').getSecret!('xray-token')).toBeUndefined();
    expect(kv.keys('runcache:run-1:')).toEqual([]);
    expect(await runCache('run-2').getSecret!('xray-token')).toEqual({ token: 'eyJ.other.sig' });
  });

  it('leaves nothing behind when the process dies between naming a secret and storing it', async () => {
    // Write 0 lists the name, write 1 stores the secret: it fails as a dying process would leave it.
    kv.fault = { at: 1, mode: 'throw' };
    await expect(runCache('run-1').setSecret!('xray-token', { token: 'eyJ.secret.sig' })).rejects.toThrow();
    delete kv.fault;
    expect(await runCache('run-1').getSecret!('xray-token')).toBeUndefined();
    await dropRunCache('run-1');
    expect(kv.keys('runcache:run-1:')).toEqual([]);
    expect([...kv.secrets.keys()]).toEqual([]);
  });

  it('is deleted when asked, and only for that run', async () => {
    for (let i = 0; i < 30; i++) await runCache('run-1').set(`k${i}`, i);
    await runCache('run-2').set('k', 1);
    await dropRunCache('run-1');
    expect(kv.keys('runcache:run-1:')).toEqual([]);
    expect(await runCache('run-2').get('k')).toBe(1);
  });
});

describe('a sync run and its cache', () => {
  let w: World;
  beforeEach(async () => {
    w = await createWorld();
  });
  afterEach(() => w.close());

  it('drops what the connector kept when the run ends', async () => {
    const original = w.deps.connector!;
    w.deps.connector = (connection, secret, options) => {
      void options.runCache.set('lookups', { kept: true });
      return original(connection, secret, options);
    };
    const run = await w.sync();
    expect(run?.state).toBe('succeeded');
    expect(w.kv.keys('runcache:')).toEqual([]);
  });

  it('tells the connector which cases it already holds: on a sync where nothing changed, every case read back', async () => {
    await w.sync();
    w.advance(60_000);
    const reads = w.tool.caseReads.length;
    await w.sync();
    const opts = w.tool.caseReads.slice(reads);
    expect(opts.length).toBeGreaterThan(0);
    const back = [...w.tool.cases.values()].filter((c) => c.updatedAt >= opts[0].modifiedSince!);
    expect(back.length).toBeGreaterThan(0);
    expect(back.every((c) => opts[0].known?.(c.externalId, c.updatedAt))).toBe(true);
    expect(opts[0].known?.(back[0].externalId, new Date(Date.parse(back[0].updatedAt) + 1).toISOString())).toBe(false);
  });
});
