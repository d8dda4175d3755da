/**
 * The audit log through the real admin resolvers on the local runtime: each admin change recorded with who
 * (display name from Jira, or the account id), when and what changed; refused changes record nothing; a
 * replaced secret appears only as "secret replaced", never in storage, answers or logs; a change stands when
 * its entry cannot be written; pages of twenty, newest first, of all connections or one.
 */
import { startTestApp, type TestApp } from '../support/local-app';
import { recordFailure } from '../../src/sync/failures';
import { kv, useKv } from '../../src/platform/kv';
import { useLogSink } from '../../src/platform/log';
import { appendAudit } from '../../src/audit/store';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.close());

const audit = (payload: Record<string, unknown> = {}) => app.admin('listAudit', payload);
const newest = async () => (await audit()).rows[0];
const total = async () => (await audit()).total as number;
const storedValues = () => JSON.stringify(app.server.runtime.kvs.list('', undefined, 1_000_000).items);
const qtest = (over: Record<string, unknown> = {}) => ({ tool: 'qtest', name: 'Team Q', baseUrl: 'https://demo.qtestnet.com', apiToken: 'qtest-demo-token', ...over });
const inRuntime = <T>(fn: () => Promise<T>) => app.server.runtime.runInInvocation(fn);

let teamQ = '';

describe('audit log of admin changes', () => {
  it('records a connection added, edited and its secret replaced: who, when, old → new, and only "secret replaced"', async () => {
    expect(await audit()).toMatchObject({ rows: [], total: 0, page: 1, pageSize: 20, unreadable: 0, retention: { days: 90, newest: 2000, max: 10000 } });
    const started = Date.now();
    const added = await app.admin('saveConnectionChecked', { connection: qtest() });
    expect(added.saved).toBe(true);
    teamQ = added.connection.id;
    const first = await newest();
    expect(first).toMatchObject({ seq: 0, accountId: 'demo-admin', who: 'Dana Admin', action: 'connection.added', what: 'Connection added', connectionId: teamQ, connectionName: 'Team Q' });
    expect(first.changes).toEqual([
      { field: 'Name', to: 'Team Q' },
      { field: 'Site URL', to: 'https://demo.qtestnet.com' },
      { field: 'Enabled', to: 'Yes' },
    ]);
    expect(Date.parse(first.at)).toBeGreaterThanOrEqual(started - 1000);

    await app.admin('saveConnectionChecked', { connection: qtest({ id: teamQ, name: 'Team Q2', enabled: false, apiToken: '' }) });
    expect(await newest()).toMatchObject({ action: 'connection.edited', connectionName: 'Team Q2', changes: [{ field: 'Name', from: 'Team Q', to: 'Team Q2' }, { field: 'Enabled', from: 'Yes', to: 'No' }] });

    await app.admin('saveConnection', qtest({ id: teamQ, name: 'Team Q2', enabled: false }));
    expect(await newest()).toMatchObject({ action: 'connection.secretReplaced', what: 'Secret replaced', changes: [{ field: 'API token', note: 'secret replaced' }] });

    await app.admin('saveConnection', qtest({ id: teamQ, name: 'Team Q3', enabled: false }));
    expect((await newest()).changes).toEqual([{ field: 'Name', from: 'Team Q2', to: 'Team Q3' }, { field: 'API token', note: 'secret replaced' }]);

    // Saved again as it is: nothing changed, nothing recorded.
    await app.admin('saveConnection', qtest({ id: teamQ, name: 'Team Q3', enabled: false, apiToken: '' }));
    expect(await total()).toBe(4);
  });

  it('never stores, answers or logs a secret that replaced another', async () => {
    const SECRET = 'tok-7f3a9c1e-never-shown-4b2d';
    const lines: string[] = [];
    const restore = useLogSink((_level, line) => lines.push(line));
    try {
      const saved = await app.admin('saveConnection', qtest({ id: teamQ, name: 'Team Q3', enabled: false, apiToken: SECRET }));
      expect(saved.hasSecret).toBe(true);
      const answer = await audit();
      expect(answer.rows[0]).toMatchObject({ action: 'connection.secretReplaced', changes: [{ field: 'API token', note: 'secret replaced' }] });
      const filtered = await audit({ connectionId: teamQ });
      for (const text of [JSON.stringify(answer), JSON.stringify(filtered), storedValues(), lines.join('\n')]) {
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain(SECRET.slice(4, 16));
      }
    } finally {
      restore();
    }
    // The connection still works with the demo token: put it back.
    await app.admin('saveConnection', qtest({ id: teamQ, name: 'Team Q3', enabled: false }));
  });

  it('records nothing for a refused change', async () => {
    const before = await total();
    const refused = await app.admin('saveConnectionChecked', { connection: qtest({ id: teamQ, name: 'Renamed', apiToken: 'not-the-token' }) });
    expect(refused).toMatchObject({ saved: false, check: { ok: false } });
    expect((await app.admin('saveConnection', qtest({ name: 'Sneaky' }), 'demo-tester')).error.code).toBe('FORBIDDEN');
    expect((await app.admin('saveConnection', qtest({ baseUrl: 'http://x' }))).error.code).toBe('INVALID_INPUT');
    expect((await app.admin('saveMapping', { connectionId: teamQ, externalProjectId: '999', jiraProjectKey: 'OPS', issueType: 'Test' })).error.code).toBe('INVALID_INPUT');
    expect((await app.admin('saveStatusMapping', { connectionId: 'qtest-demo', mapping: { Passed: 'FAIL', Failed: 'FAIL', Skipped: 'FAIL' } })).error.code).toBe('INVALID_INPUT');
    expect((await app.admin('deleteMapping', { connectionId: teamQ, externalProjectId: 'nope' })).error.code).toBe('NOT_FOUND');
    expect((await app.admin('listAudit', {}, 'demo-tester')).error.code).toBe('FORBIDDEN');
    expect(await total()).toBe(before);
  });

  it('records a mapping added, changed and deleted with old → new fields, and a status mapping changed', async () => {
    const base = { connectionId: teamQ, externalProjectId: '999', externalProjectName: 'Archive', jiraProjectKey: 'SHOP', issueType: 'Test', schedule: 'hour' };
    await app.admin('saveMapping', base);
    expect(await newest()).toMatchObject({ action: 'mapping.added', connectionName: 'Team Q3', subject: 'Archive' });
    expect((await newest()).changes).toEqual([
      { field: 'External project', to: 'Archive' },
      { field: 'Jira project', to: 'SHOP' },
      { field: 'Issue type', to: 'Test' },
      { field: 'Schedule', to: 'Hourly' },
      { field: 'Sync runs', to: 'Yes' },
      { field: 'Sync requirement links', to: 'Yes' },
      { field: 'When a synced test issue is deleted in Jira', to: 'Leave it deleted' },
    ]);
    await app.admin('saveMapping', { ...base, schedule: 'day', issueType: 'Story' });
    expect(await newest()).toMatchObject({ action: 'mapping.changed', changes: [{ field: 'Issue type', from: 'Test', to: 'Story' }, { field: 'Schedule', from: 'Hourly', to: 'Daily' }] });
    await app.admin('deleteMapping', { connectionId: teamQ, externalProjectId: '999' });
    const deleted = await newest();
    expect(deleted).toMatchObject({ action: 'mapping.deleted', subject: 'Archive' });
    expect(deleted.changes).toContainEqual({ field: 'Jira project', from: 'SHOP' });

    const view = await app.admin('saveStatusMapping', { connectionId: 'qtest-demo', mapping: { Passed: 'PASS', Failed: 'FAIL', Skipped: 'SKIP', Flaky: 'FAIL', Blocked: 'FAIL' } });
    expect(view.error).toBeUndefined();
    expect(await newest()).toMatchObject({
      action: 'statusMapping.changed',
      connectionName: 'qTest (demo)',
      changes: [{ field: 'Blocked', from: 'BLOCKED', to: 'FAIL' }, { field: 'Flaky', to: 'FAIL' }],
    });
  });

  it('records a dry run and a sync started, a sync cancelled, and failed items skipped and retried', async () => {
    const dry = await app.admin('syncNow', { connectionId: 'qtest-demo', dryRun: true });
    expect(await newest()).toMatchObject({ action: 'dryRun.started', what: 'Dry run started', detail: `Dry run ${dry.runId}` });
    await app.server.runtime.drain();
    const sync = await app.admin('syncNow', { connectionId: 'qtest-demo' });
    expect(await newest()).toMatchObject({ action: 'sync.started', detail: `Sync ${sync.runId}` });
    expect((await app.admin('cancelRun', { runId: sync.runId })).error).toBeUndefined();
    expect(await newest()).toMatchObject({ action: 'sync.cancelled', detail: `Sync ${sync.runId}` });
    await app.server.runtime.drain();
    const before = await total();
    expect((await app.admin('cancelRun', { runId: sync.runId })).error.code).toBe('CONFLICT');
    expect(await total()).toBe(before);

    const item = (n: number) => ({ sourceKey: `qtest:qtest-demo:101:${n}`, connectionId: 'qtest-demo', projectId: '101', externalId: String(n), displayId: `TC-${n}`, name: `Case ${n}`, cause: 'Jira answered 400', fix: 'Fix it' });
    await inRuntime(async () => {
      await recordFailure(item(9001), new Date());
      await recordFailure(item(9002), new Date());
    });
    expect(await app.admin('skipFailedItems', { connectionId: 'qtest-demo', sourceKeys: ['qtest:qtest-demo:101:9002'] })).toEqual({ skipped: 1 });
    expect(await newest()).toMatchObject({ action: 'failedItems.skipped', detail: '1 item skipped (TC-9002).' });
    const retried = await app.admin('retryFailedItems', { connectionId: 'qtest-demo', sourceKeys: ['qtest:qtest-demo:101:9001'] });
    expect(retried).toMatchObject({ retried: 1, started: true });
    expect(await newest()).toMatchObject({ action: 'failedItems.retried', detail: `1 item put back in the queue (TC-9001); sync ${retried.run.runId} started.` });
    await app.server.runtime.drain();
  });

  it('records a disconnect and a delete, and keeps the deleted connection’s entries', async () => {
    await app.admin('disconnect', { connectionId: teamQ });
    expect(await newest()).toMatchObject({
      action: 'connection.disconnected',
      changes: [{ field: 'Site URL', from: 'https://demo.qtestnet.com' }, { field: 'Connected', from: 'Yes', to: 'No' }],
      detail: 'API token and settings removed; mappings and Jira issues kept.',
    });
    await app.admin('deleteConnection', { connectionId: teamQ });
    expect(await newest()).toMatchObject({ action: 'connection.deleted', connectionName: 'Team Q3', detail: 'Removed 0 mappings, 0 failed items and 0 runs of the history; its Jira issues stay.' });
    const own = await audit({ connectionId: teamQ });
    expect(own.rows.map((r: any) => r.action)).toEqual([
      'connection.deleted', 'connection.disconnected', 'mapping.deleted', 'mapping.changed', 'mapping.added',
      'connection.secretReplaced', 'connection.secretReplaced', 'connection.edited', 'connection.secretReplaced', 'connection.edited', 'connection.added',
    ]);
    expect(own.total).toBe(11);
    expect(own.rows.every((r: any) => r.connectionId === teamQ)).toBe(true);
  });

  it('keeps the change when its entry cannot be written, and logs why', async () => {
    const before = await total();
    const real = kv();
    const lines: string[] = [];
    const restoreLog = useLogSink((_level, line) => lines.push(line));
    const restoreKv = useKv({ ...real, set: (key, value, opts) => (key.startsWith('audit:') ? Promise.reject(new Error('storage is unavailable')) : real.set(key, value, opts)) });
    let saved: any;
    try {
      saved = await app.admin('saveMapping', { connectionId: 'qtest-demo', externalProjectId: '101', externalProjectName: 'Web Storefront', jiraProjectKey: 'SHOP', issueType: 'Test', schedule: 'day' });
    } finally {
      restoreKv();
      restoreLog();
    }
    expect(saved).toMatchObject({ externalProjectId: '101', schedule: 'day' });
    expect((await app.admin('getOverview')).connections[0].mappings.find((m: any) => m.externalProjectId === '101')).toMatchObject({ schedule: 'day' });
    expect(lines.some((l) => l.includes('"event":"audit-write-failed"') && l.includes('storage is unavailable'))).toBe(true);
    expect(await total()).toBe(before);
  });

  it('pages twenty entries at a time, newest first, filtered by connection, with the account id when Jira does not know the admin', async () => {
    await inRuntime(async () => {
      for (let i = 0; i < 25; i++) await appendAudit({ accountId: 'gone-account', action: 'sync.started', connectionId: 'old-conn', connectionName: 'Old', detail: `Sync ${i}` });
    });
    const all = await total();
    const first = await audit();
    expect(first.rows).toHaveLength(20);
    expect(first.rows[0]).toMatchObject({ who: 'gone-account', accountId: 'gone-account', detail: 'Sync 24' });
    const seqs = first.rows.map((r: any) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const second = await audit({ page: 2 });
    expect(second.rows[0].seq).toBe(seqs[19] - 1);
    const last = await audit({ page: Math.ceil(all / 20) });
    expect(last.rows[last.rows.length - 1]).toMatchObject({ seq: 0, action: 'connection.added' });
    const old = await audit({ connectionId: 'old-conn', page: 2 });
    expect(old).toMatchObject({ total: 25, page: 2 });
    expect(old.rows.map((r: any) => r.detail)).toEqual(['Sync 4', 'Sync 3', 'Sync 2', 'Sync 1', 'Sync 0']);
  });

  it('asks Jira for the names in one request a page, and shows the account id when Jira does not answer', async () => {
    app.jira.violations.length = 0;
    const named = await audit({ page: 2 });
    expect(new Set(named.rows.map((r: any) => r.who))).toEqual(new Set(['gone-account', 'Dana Admin']));
    expect(app.jira.violations).toEqual([]);
    // One failed answer leaves every name on the page unknown: both accounts were asked for in that one request.
    app.jira.faults.set({ paths: [{ method: 'GET', path: '/rest/api/3/user/bulk', status: 500, count: 1 }] });
    const unnamed = await audit({ page: 2 });
    expect((await app.jiraApi('GET', '/__sim/faults')).body.pending).toBe(0);
    app.jira.faults.clear();
    expect(new Set(unnamed.rows.map((r: any) => r.who))).toEqual(new Set(['gone-account', 'demo-admin']));
  });
});
