/**
 * The local Forge runtime through the real SDKs: storage, async events, egress, budgets and Jira calls.
 * The runtime is imported first: it installs the hooks that @forge/api captures when loaded.
 */
import { createLocalRuntime, type LocalForgeRuntime, type LocalRuntimeOptions } from '../../local/runtime';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kvs, WhereConditions, ForgeKvsAPIError } from '@forge/kvs';
import { deliveries, handlers } from '../fixtures/runtime/handlers';

const MANIFEST = path.join(__dirname, '..', 'fixtures', 'runtime', 'manifest.yml');
const ROOT = path.join(__dirname, '..', '..');
const runtimes: LocalForgeRuntime[] = [];

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'forge-local-'));
}

function makeRuntime(options: LocalRuntimeOptions = {}): LocalForgeRuntime {
  const rt = createLocalRuntime({
    rootDir: ROOT,
    manifestPath: MANIFEST,
    handlers,
    dataDir: false,
    delayScale: 0,
    realJira: null,
    log: () => undefined,
    ...options,
  });
  runtimes.push(rt);
  return rt;
}

async function kvsError(promise: Promise<unknown>): Promise<ForgeKvsAPIError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ForgeKvsAPIError);
    return err as ForgeKvsAPIError;
  }
  throw new Error('expected a ForgeKvsAPIError');
}

beforeEach(() => {
  deliveries.length = 0;
});

afterAll(async () => {
  for (const rt of runtimes) await rt.close();
});

describe('KVS through @forge/kvs', () => {
  it('round-trips values, and answers undefined for a missing key (404 KEY_NOT_FOUND underneath)', async () => {
    const rt = makeRuntime();
    await rt.runInInvocation(async () => {
      await kvs.set('settings:main', { schedule: 'hour', n: 1 });
      expect(await kvs.get('settings:main')).toEqual({ schedule: 'hour', n: 1 });
      expect(await kvs.get('nope')).toBeUndefined();
      const raw = await (globalThis as any).__forge_fetch__({ type: 'kvs' }, '/api/v1/get', { method: 'POST', body: JSON.stringify({ key: 'nope' }) });
      expect(raw.status).toBe(404);
      expect(await raw.json()).toEqual({ code: 'KEY_NOT_FOUND', message: 'Provided key does not exist' });
      await kvs.delete('settings:main');
      expect(await kvs.get('settings:main')).toBeUndefined();
    });
  });

  it('keeps secrets apart from values and never lists them', async () => {
    const rt = makeRuntime();
    await rt.runInInvocation(async () => {
      await kvs.setSecret('conn:1', { token: 's3cret' });
      await kvs.set('conn:2', { name: 'plain' });
      expect(await kvs.getSecret('conn:1')).toEqual({ token: 's3cret' });
      expect(await kvs.get('conn:1')).toBeUndefined();
      const { results } = await kvs.query().where('key', WhereConditions.beginsWith('conn:')).getMany();
      expect(results.map((r) => r.key)).toEqual(['conn:2']);
      await kvs.deleteSecret('conn:1');
      expect(await kvs.getSecret('conn:1')).toBeUndefined();
    });
  });

  it('pages a beginsWith query with limit and cursor', async () => {
    const rt = makeRuntime();
    await rt.runInInvocation(async () => {
      for (let i = 0; i < 25; i++) await kvs.set(`run:${String(i).padStart(2, '0')}`, i);
      await kvs.set('other', 1);
      const first = await kvs.query().where('key', WhereConditions.beginsWith('run:')).limit(20).getMany();
      expect(first.results).toHaveLength(20);
      expect(first.nextCursor).toBeDefined();
      const second = await kvs.query().where('key', WhereConditions.beginsWith('run:')).limit(20).cursor(first.nextCursor!).getMany();
      expect(second.results.map((r) => r.value)).toEqual([20, 21, 22, 23, 24]);
      expect(second.nextCursor).toBeUndefined();
    });
  });

  it('rejects what the platform rejects, with its error codes', async () => {
    const rt = makeRuntime();
    await rt.runInInvocation(async () => {
      expect((await kvsError(kvs.query().limit(21).getMany())).code).toBe('LIST_QUERY_LIMIT_EXCEEDED');
      expect((await kvsError(kvs.set('k'.repeat(501), 1))).code).toBe('KEY_TOO_LONG');
      expect((await kvsError(kvs.set('bad/key', 1))).code).toBe('INVALID_KEY');
      expect((await kvsError(kvs.set('   ', 1))).code).toBe('INVALID_KEY');
      const tooBig = await kvsError(kvs.set('big', 'x'.repeat(240 * 1024)));
      expect(tooBig.code).toBe('MAX_SIZE');
      expect(tooBig.responseDetails.status).toBe(400);
      await kvs.set('k'.repeat(500), 'ok: 500 characters is the limit');
    });
  });

  it('supports batch get/set/delete and transactions', async () => {
    const rt = makeRuntime();
    await rt.runInInvocation(async () => {
      const set = await kvs.batchSet([{ key: 'a', value: 1 }, { key: 'b', value: 2 }, { key: 'bad/key', value: 3 }]);
      expect(set.successfulKeys.map((k) => k.key)).toEqual(['a', 'b']);
      expect(set.failedKeys[0]).toMatchObject({ key: 'bad/key', error: { code: 'INVALID_KEY' } });
      const got = await kvs.batchGet([{ key: 'a' }, { key: 'missing' }]);
      expect(got.successfulKeys).toEqual([expect.objectContaining({ key: 'a', value: 1 })]);
      expect(got.failedKeys[0]).toMatchObject({ key: 'missing', error: { code: 'KEY_NOT_FOUND' } });
      await kvs.transact().set('c', 3).delete('a').execute();
      expect(await kvs.get('a')).toBeUndefined();
      expect(await kvs.get('c')).toBe(3);
      await kvs.batchDelete([{ key: 'b' }, { key: 'c' }]);
      expect(await kvs.get('b')).toBeUndefined();
    });
  });

  it('persists across a restart, and `fresh` starts empty', async () => {
    const dataDir = tmpDir();
    const first = makeRuntime({ dataDir });
    await first.runInInvocation(() => kvs.set('persisted', { v: 1 }));
    await first.runInInvocation(() => kvs.setSecret('persisted-secret', 'x'));
    await first.close();
    expect(fs.existsSync(path.join(dataDir, 'kvs.json'))).toBe(true);

    const second = makeRuntime({ dataDir });
    expect(await second.runInInvocation(() => kvs.get('persisted'))).toEqual({ v: 1 });
    expect(await second.runInInvocation(() => kvs.getSecret('persisted-secret'))).toBe('x');
    await second.close();

    const third = makeRuntime({ dataDir, fresh: true });
    expect(await third.runInInvocation(() => kvs.get('persisted'))).toBeUndefined();
  });

  it('refuses SDK calls made outside an invocation', async () => {
    makeRuntime();
    await expect(kvs.get('x')).rejects.toThrow(/outside an invocation/);
  });
});

describe('async events through @forge/events', () => {
  const push = (rt: LocalForgeRuntime, events: unknown[], accountId = 'alice') =>
    rt.invokeResolver({ moduleKey: 'fixture-admin', functionKey: 'push', payload: { events }, accountId });

  it('delivers pushed events to the manifest consumer as a resolver call', async () => {
    const rt = makeRuntime();
    const { jobId } = (await push(rt, [{ body: { mode: 'plain', n: 1 } }, { body: { mode: 'plain', n: 2 } }])) as { jobId: string };
    await rt.drain();
    expect(deliveries.map((d) => d.payload.n).sort()).toEqual([1, 2]);
    const d = deliveries[0];
    expect(d.payload).toMatchObject({ mode: 'plain', queueName: 'fixture-queue', jobId });
    expect(d.payload.eventId).toEqual(expect.any(String));
    expect(d.payload.retryContext).toBeUndefined();
    expect(d.context).toMatchObject({ jobId, accountId: 'alice', moduleKey: 'fixture-consumer' });
    expect(rt.queue.counters).toMatchObject({ delivered: 2, retried: 0, failed: 0 });
  });

  it('redelivers after an InvocationError with retryContext', async () => {
    const rt = makeRuntime();
    await push(rt, [{ body: { mode: 'retry-twice' } }]);
    await rt.drain();
    expect(deliveries.map((d) => d.payload.retryContext)).toEqual([
      undefined,
      { retryCount: 1, retryReason: 'FUNCTION_RETRY_REQUEST', retryData: { attempt: 1 } },
      { retryCount: 2, retryReason: 'FUNCTION_RETRY_REQUEST', retryData: { attempt: 2 } },
    ]);
    expect(new Set(deliveries.map((d) => d.payload.eventId)).size).toBe(1);
    expect(rt.queue.counters).toMatchObject({ delivered: 1, retried: 2, failed: 0 });
  });

  it('retries a throwing consumer with backoff, then gives up', async () => {
    const rt = makeRuntime({ maxRetries: 2 });
    await push(rt, [{ body: { mode: 'throw' } }]);
    await rt.drain();
    expect(deliveries).toHaveLength(3);
    expect(deliveries[2].payload.retryContext).toMatchObject({ retryCount: 2 });
    expect(rt.queue.counters).toMatchObject({ delivered: 0, retried: 2, failed: 1 });
  });

  it('delivers every event twice with duplicateDelivery, so idempotency can be checked', async () => {
    const rt = makeRuntime({ duplicateDelivery: true });
    await push(rt, [{ body: { mode: 'count', id: 'x' } }]);
    await rt.drain();
    expect(deliveries).toHaveLength(2);
    expect(deliveries[0].payload.eventId).toBe(deliveries[1].payload.eventId);
    expect(await rt.runInInvocation(() => kvs.get('count-x'))).toBe(2);
  });

  it('drain waits for continuations pushed by consumers', async () => {
    const rt = makeRuntime();
    await push(rt, [{ body: { mode: 'chain', remaining: 4 } }]);
    await rt.drain();
    expect(deliveries.map((d) => d.payload.remaining)).toEqual([4, 3, 2, 1, 0]);
    expect(rt.queue.isIdle()).toBe(true);
  });

  it('respects delayInSeconds (scaled by delayScale)', async () => {
    const rt = makeRuntime({ delayScale: 0.02 });
    const started = Date.now();
    await push(rt, [{ body: { mode: 'plain' }, delayInSeconds: 10 }]);
    await rt.drain();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(deliveries).toHaveLength(1);
  });
});

describe('egress', () => {
  const fetchVia = (rt: LocalForgeRuntime, url: string) =>
    rt.invokeResolver({ moduleKey: 'fixture-admin', functionKey: 'fetch', payload: { url }, accountId: 'alice' });

  it('refuses a host the manifest does not declare, with the SDK error', async () => {
    const rt = makeRuntime();
    const err: any = await fetchVia(rt, 'https://evil.example.org/steal').catch((e: any) => e);
    expect(err.name).toBe('REQUEST_EGRESS_ALLOWLIST_ERR');
    expect(err.message).toContain('evil.example.org');
    expect(err.message).toContain('not included in the external fetch backend permissions');
  });

  it('refuses http:// even for a declared host, and the bare parent of a wildcard', async () => {
    const rt = makeRuntime();
    await expect(fetchVia(rt, 'http://demo.qtestnet.com/api')).rejects.toMatchObject({ name: 'REQUEST_EGRESS_ALLOWLIST_ERR' });
    await expect(fetchVia(rt, 'https://qtestnet.com/api')).rejects.toMatchObject({ name: 'REQUEST_EGRESS_ALLOWLIST_ERR' });
  });

  it('fails like an unknown host for an allowed URL without a simulator', async () => {
    const rt = makeRuntime();
    const err: any = await fetchVia(rt, 'https://api.example.com/x').catch((e: any) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toBe('fetch failed');
    expect(err.cause).toMatchObject({ code: 'ENOTFOUND', hostname: 'api.example.com' });
  });
});

describe('invocation budgets', () => {
  it('gives resolvers 25 s, counting down from the start of the invocation', async () => {
    const rt = makeRuntime();
    const first = (await rt.invokeResolver({ moduleKey: 'fixture-admin', functionKey: 'whoami', accountId: 'a' })) as { remainingMs: number };
    expect(first.remainingMs).toBeLessThanOrEqual(25_000);
    expect(first.remainingMs).toBeGreaterThan(24_000);
    const seen = await rt.runInInvocation(async () => {
      const { getAppContext } = await import('@forge/api');
      const before = getAppContext().invocationRemainingTimeInMillis();
      await new Promise((r) => setTimeout(r, 120));
      return [before, getAppContext().invocationRemainingTimeInMillis()];
    }, { functionKey: 'admin-fn' });
    expect(seen[0] - seen[1]).toBeGreaterThanOrEqual(100);
  });

  it('uses timeoutSeconds, default 55 s, and option overrides', async () => {
    const rt = makeRuntime({ budgets: { 'worker-fn': 2 } });
    expect(rt.budgetSeconds('trigger-fn')).toBe(120);
    expect(rt.budgetSeconds('unknown-fn')).toBe(55);
    expect(rt.budgetSeconds('admin-fn')).toBe(25);
    await rt.invokeResolver({ moduleKey: 'fixture-admin', functionKey: 'push', payload: { events: [{ body: { mode: 'plain' } }] }, accountId: 'a' });
    await rt.drain();
    expect(deliveries[0].remainingMs).toBeLessThanOrEqual(2000);
    expect(deliveries[0].remainingMs).toBeGreaterThan(1000);
  });

  it('logs an error when a handler overruns its budget, without stopping it', async () => {
    const lines: string[] = [];
    const rt = makeRuntime({ budgets: { 'worker-fn': 0.05 }, log: (m) => lines.push(m) });
    await rt.invokeResolver({ moduleKey: 'fixture-admin', functionKey: 'push', payload: { events: [{ body: { mode: 'slow', ms: 150 } }] }, accountId: 'a' });
    await rt.drain();
    expect(lines.some((l) => /worker-fn.*budget/.test(l))).toBe(true);
    expect(rt.queue.counters).toMatchObject({ delivered: 1, failed: 0 });
  });
});
