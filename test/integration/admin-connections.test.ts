/**
 * Saving a connection checks it first (a failed check names its cause and fix and stores nothing, unless the
 * admin keeps the settings anyway), each row's health, and deleting a connection: what goes (settings, secret,
 * mappings, failed items, history) and what stays (its Jira issues and the app's record of them).
 */
import { startTestApp, DEMO_ACTIVE_CASES, type TestApp } from '../support/local-app';
import { recordFailure } from '../../src/sync/failures';
import { getSecret } from '../../src/config/connections';
import { kv } from '../../src/platform/kv';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.close());

const qtest = (over: Record<string, unknown> = {}) => ({ tool: 'qtest', name: 'Team qTest', baseUrl: 'https://demo.qtestnet.com', apiToken: 'qtest-demo-token', ...over });
const names = async () => (await app.admin('getOverview')).connections.map((c: any) => c.name);
const inRuntime = <T>(fn: () => Promise<T>) => app.server.runtime.runInInvocation(fn);

describe('save checks the connection', () => {
  it('stores nothing when the check fails, and names the cause and the fix', async () => {
    const answer = await app.admin('saveConnectionChecked', { connection: qtest({ apiToken: 'not-the-token' }) });
    expect(answer).toMatchObject({ saved: false, check: { ok: false, cause: 'INVALID_CREDENTIALS' } });
    expect(answer.check.fix).toBeTruthy();
    expect(answer.check.message).toMatch(/token/i);
    expect(JSON.stringify(answer)).not.toContain('not-the-token');
    expect(await names()).toEqual(['qTest (demo)']);
  });

  it('keeps the settings when the admin says so, and the row shows the failed check with its fix', async () => {
    const answer = await app.admin('saveConnectionChecked', { connection: qtest({ name: 'Expired', apiToken: 'qtest-expired-token' }), keepIfCheckFails: true });
    expect(answer).toMatchObject({ saved: true, check: { ok: false, cause: 'TOKEN_EXPIRED' }, connection: { name: 'Expired', hasSecret: true } });
    expect(answer.connection.health).toMatchObject({ status: 'failing', label: 'Check failed', cause: answer.check.message, fix: answer.check.fix });
    expect(answer.connection.lastCheck).toMatchObject({ ok: false, cause: 'TOKEN_EXPIRED' });
    expect(await names()).toEqual(['qTest (demo)', 'Expired']);
  });

  it('saves a connection whose check passes, and an edit that fails its check leaves the stored one as it was', async () => {
    const ok = await app.admin('saveConnectionChecked', { connection: qtest({ name: 'Good' }) });
    expect(ok).toMatchObject({ saved: true, check: { ok: true, cause: 'OK' }, connection: { name: 'Good' } });
    expect(ok.connection.health).toMatchObject({ status: 'new', label: 'No project mapped' });
    expect(ok.connection.nextSync).toEqual({ note: 'No project mapped' });

    const edit = await app.admin('saveConnectionChecked', { connection: qtest({ id: ok.connection.id, name: 'Renamed', baseUrl: 'https://nosuchsite.qtestnet.com', apiToken: 'qtest-demo-token' }) });
    expect(edit).toMatchObject({ saved: false, check: { cause: 'WRONG_REGION_OR_URL' } });
    const stored = (await app.admin('getOverview')).connections.find((c: any) => c.id === ok.connection.id);
    expect(stored).toMatchObject({ name: 'Good', baseUrl: 'https://demo.qtestnet.com' });
    // An empty secret on edit keeps (and checks with) the stored one.
    expect(await app.admin('saveConnectionChecked', { connection: qtest({ id: ok.connection.id, name: 'Renamed', apiToken: '' }) })).toMatchObject({ saved: true, connection: { name: 'Renamed' } });
  });

  it('refuses bad input and non-admins before checking anything', async () => {
    expect((await app.admin('saveConnectionChecked', { connection: qtest({ baseUrl: 'http://x' }) })).error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('Site URL') });
    expect((await app.admin('saveConnectionChecked', { connection: qtest({ apiToken: '' }) })).error).toEqual({ code: 'INVALID_INPUT', message: 'API token is required.' });
    expect((await app.admin('saveConnectionChecked', { connection: qtest() }, 'demo-tester')).error.code).toBe('FORBIDDEN');
  });

  it('shows the demo connection as healthy after a sync, with its next scheduled sync', async () => {
    await app.admin('syncNow', { connectionId: 'qtest-demo' });
    await app.server.runtime.drain();
    const demo = (await app.admin('getOverview')).connections.find((c: any) => c.id === 'qtest-demo');
    expect(demo.health).toMatchObject({ status: 'ok', label: 'Healthy' });
    expect(demo.lastRun).toMatchObject({ state: 'succeeded', counts: { created: DEMO_ACTIVE_CASES } });
    expect(Date.parse(demo.nextSync.at)).toBeGreaterThan(0);
    expect(demo.failedCounts).toEqual({ retrying: 0, parked: 0, skipped: 0 });
  });
});

describe('delete a connection', () => {
  it('refuses while its sync is under way, and to a non-admin', async () => {
    const run = await app.admin('syncNow', { connectionId: 'qtest-demo' });
    expect(run.state).toBe('queued');
    const refused = await app.admin('deleteConnection', { connectionId: 'qtest-demo' });
    expect(refused.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('cancel it') });
    await app.server.runtime.drain();
    expect((await app.admin('deleteConnection', { connectionId: 'qtest-demo' }, 'demo-tester')).error.code).toBe('FORBIDDEN');
    expect((await app.admin('deleteConnection', { connectionId: 'nope' })).error.code).toBe('NOT_FOUND');
  });

  it('removes its settings, secret, mappings, failed items and history; its Jira issues and their records stay; it never syncs again', async () => {
    await inRuntime(() =>
      recordFailure({ sourceKey: 'qtest:qtest-demo:101:9001', connectionId: 'qtest-demo', projectId: '101', externalId: '9001', displayId: 'TC-9001', cause: 'x', fix: 'y' }, new Date()),
    );
    const before = await app.search('project = SHOP AND issuetype = Test');
    expect(before).toHaveLength(DEMO_ACTIVE_CASES);
    const history = await app.admin('listHistory', { connectionId: 'qtest-demo' });
    expect(history.total).toBe(2);

    const answer = await app.admin('deleteConnection', { connectionId: 'qtest-demo' });
    expect(answer).toEqual({ deleted: true, removed: { mappings: 2, failedItems: 1, runs: 2 } });

    expect(await names()).not.toContain('qTest (demo)');
    const left = await inRuntime(async () => {
      const keys: string[] = [];
      for (const prefix of ['connection:qtest-demo', 'mapping:qtest-demo:', 'checkpoint:qtest-demo:', 'failure:qtest-demo:', 'runlog:qtest-demo:', 'statusmap:qtest-demo', 'conncheck:qtest-demo']) {
        keys.push(...(await kv().query(prefix)).results.map((r) => r.key));
      }
      for (const r of history.rows) if (await kv().get(`run:${r.runId}`)) keys.push(`run:${r.runId}`);
      return { keys, secret: await getSecret('qtest-demo'), items: (await kv().query('item:qtest:qtest-demo:')).results.length };
    });
    expect(left.keys).toEqual([]);
    expect(left.secret).toBeUndefined();
    // What the app knows about the issues it created stays with them.
    expect(left.items).toBeGreaterThan(0);
    expect(await app.search('project = SHOP AND issuetype = Test')).toHaveLength(DEMO_ACTIVE_CASES);
    expect((await app.admin('listHistory', {})).rows.some((r: any) => r.connectionId === 'qtest-demo')).toBe(false);
    expect((await app.admin('listHistory', { connectionId: 'qtest-demo' })).error.code).toBe('NOT_FOUND');

    // The scheduler starts nothing for it, and "Sync now" does not know it.
    await app.server.fireTrigger('sync-scheduler');
    expect((await app.admin('getOverview')).history.some((r: any) => r.connectionId === 'qtest-demo')).toBe(false);
    expect((await app.admin('syncNow', { connectionId: 'qtest-demo' })).error.code).toBe('NOT_FOUND');
  });
});
