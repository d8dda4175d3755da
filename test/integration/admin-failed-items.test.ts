/**
 * The admin page's backend for what goes wrong during a sync: the items that failed to reach Jira (list,
 * retry, skip), cancelling a run, and the mapping settings that keep a project from syncing twice.
 */
import { startTestApp, type TestApp } from '../support/local-app';
import { recordFailure, type FailureInput } from '../../src/sync/failures';
import { startRun } from '../../src/sync/engine';
import { getRun, saveRun } from '../../src/sync/run-store';

const FORBIDDEN = { error: { code: 'FORBIDDEN', message: 'Only Jira administrators can view or change TestSync settings.' } };

/** A failed item of the demo qTest connection that no demo case has, so no sync ever resolves it. */
function failure(n: number, cause = 'Jira answered 400: Field "labels" cannot be set.'): FailureInput {
  return {
    sourceKey: `qtest:qtest-demo:101:${n}`,
    connectionId: 'qtest-demo',
    projectId: '101',
    externalId: String(n),
    displayId: `TC-${n}`,
    name: `Checkout case ${n}`,
    cause,
    fix: 'Add the Labels field to the create screen of project SHOP.',
  };
}

/** Records the item's failure `times` times (five park it). */
async function seed(app: TestApp, item: FailureInput, times = 1): Promise<void> {
  await app.server.runtime.runInInvocation(async () => {
    for (let i = 0; i < times; i++) await recordFailure(item, new Date());
  });
}

const byId = (view: any) => Object.fromEntries(view.items.map((i: any) => [i.displayId, i]));

async function setEnabled(app: TestApp, enabled: boolean): Promise<void> {
  const base = { id: 'qtest-demo', tool: 'qtest', name: 'qTest (demo)', baseUrl: 'https://demo.qtestnet.com' };
  expect(await app.admin('saveConnection', { ...base, enabled })).toMatchObject({ enabled });
}

describe('failed items', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    await seed(app, failure(9001), 5);
    await seed(app, failure(9002, 'qTest answered 500 while reading the test steps.'));
  });
  afterAll(async () => app?.close());

  it('refuses listing, retrying, skipping and cancelling to a user who is not a Jira admin, and changes nothing', async () => {
    const before = await app.admin('listFailedItems', { connectionId: 'qtest-demo' });
    for (const [fn, payload] of [
      ['listFailedItems', { connectionId: 'qtest-demo' }],
      ['retryFailedItems', { connectionId: 'qtest-demo' }],
      ['skipFailedItems', { connectionId: 'qtest-demo', sourceKeys: ['qtest:qtest-demo:101:9001'] }],
      ['cancelRun', { runId: 'any-run' }],
    ] as const) {
      expect(await app.admin(fn, payload, 'demo-tester')).toEqual(FORBIDDEN);
    }
    expect(await app.admin('listFailedItems', { connectionId: 'qtest-demo' })).toEqual(before);
    expect((await app.admin('getOverview')).history).toHaveLength(0);
  });

  it('lists the failed items with their cause, fix, attempts and state, parked first', async () => {
    const view = await app.admin('listFailedItems', { connectionId: 'qtest-demo' });
    expect(view).toMatchObject({ connectionId: 'qtest-demo', counts: { retrying: 1, parked: 1, skipped: 0 }, truncated: false });
    expect(view.items.map((i: any) => i.displayId)).toEqual(['TC-9001', 'TC-9002']);
    expect(view.items[0]).toMatchObject({
      sourceKey: 'qtest:qtest-demo:101:9001',
      name: 'Checkout case 9001',
      cause: 'Jira answered 400: Field "labels" cannot be set.',
      fix: 'Add the Labels field to the create screen of project SHOP.',
      attempts: 5,
      state: 'parked',
    });
    expect(view.items[0].nextAttemptAt).toBeUndefined();
    expect(view.items[1]).toMatchObject({ attempts: 1, state: 'retrying', nextAttemptAt: expect.any(String) });
  });

  it('answers NOT_FOUND for an unknown connection and INVALID_INPUT for a skip that names no item', async () => {
    for (const fn of ['listFailedItems', 'retryFailedItems']) {
      expect(await app.admin(fn, { connectionId: 'nope' })).toEqual({ error: { code: 'NOT_FOUND', message: 'There is no connection nope.' } });
    }
    expect((await app.admin('skipFailedItems', { connectionId: 'nope', sourceKeys: ['x'] })).error.code).toBe('NOT_FOUND');
    expect(await app.admin('skipFailedItems', { connectionId: 'qtest-demo' })).toEqual({ error: { code: 'INVALID_INPUT', message: 'Choose the items to skip.' } });
    expect((await app.admin('skipFailedItems', { connectionId: 'qtest-demo', sourceKeys: [] })).error).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('Choose at least one item'),
    });
  });

  it('skips an item, then retries the parked one with a fresh budget (no sync while the connection is disabled)', async () => {
    await setEnabled(app, false);
    expect(await app.admin('skipFailedItems', { connectionId: 'qtest-demo', sourceKeys: ['qtest:qtest-demo:101:9002'] })).toEqual({ skipped: 1 });
    let view = await app.admin('listFailedItems', { connectionId: 'qtest-demo' });
    expect(view.counts).toEqual({ retrying: 0, parked: 1, skipped: 1 });
    expect(byId(view)['TC-9002']).toMatchObject({ state: 'skipped', attempts: 1 });

    const before = Date.now();
    expect(await app.admin('retryFailedItems', { connectionId: 'qtest-demo', sourceKeys: ['qtest:qtest-demo:101:9001'] })).toEqual({ retried: 1 });
    view = await app.admin('listFailedItems', { connectionId: 'qtest-demo' });
    expect(view.counts).toEqual({ retrying: 1, parked: 0, skipped: 1 });
    const retried = byId(view)['TC-9001'];
    expect(retried).toMatchObject({ state: 'retrying', attempts: 0 });
    expect(Date.parse(retried.nextAttemptAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(retried.nextAttemptAt)).toBeLessThanOrEqual(Date.now());
    expect((await app.admin('getOverview')).history).toHaveLength(0);
  });

  it('retries every item with Retry all and starts a sync of the enabled connection so they are tried now', async () => {
    await setEnabled(app, true);
    const answer = await app.admin('retryFailedItems', { connectionId: 'qtest-demo' });
    expect(answer).toMatchObject({ retried: 2, run: { connectionId: 'qtest-demo', trigger: 'manual', dryRun: false } });
    const history = (await app.admin('getOverview')).history;
    expect(history.map((r: any) => r.runId)).toContain(answer.run.runId);
    await app.server.runtime.drain();
    const done = (await app.admin('getOverview')).history.find((r: any) => r.runId === answer.run.runId);
    expect(['succeeded', 'partial']).toContain(done.state);
  });
});

describe('mapping settings', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ tools: ['qtest', 'xray'] });
  });
  afterAll(async () => app?.close());

  const mapping = { connectionId: 'qtest-demo', externalProjectId: '101', externalProjectName: 'Web Storefront', jiraProjectKey: 'SHOP', issueType: 'Test' };

  it('keeps what the sync does with a test issue deleted in Jira: leave it deleted by default, or create it again', async () => {
    expect(await app.admin('saveMapping', mapping)).toMatchObject({ externalProjectId: '101', onDeletedInJira: 'leave' });
    expect(await app.admin('saveMapping', { ...mapping, onDeletedInJira: 'recreate' })).toMatchObject({ onDeletedInJira: 'recreate' });
    const overview = await app.admin('getOverview');
    const demo = overview.connections.find((c: any) => c.id === 'qtest-demo');
    expect(demo.mappings.find((m: any) => m.externalProjectId === '101').onDeletedInJira).toBe('recreate');
    expect(demo.mappings.find((m: any) => m.externalProjectId === '102').onDeletedInJira).toBe('leave');
    const bad = await app.admin('saveMapping', { ...mapping, onDeletedInJira: 'ask' });
    expect(bad.error.code).toBe('INVALID_INPUT');
  });

  it('refuses a project another connection to the same qTest site already syncs, naming that mapping', async () => {
    const second = await app.admin('saveConnection', { tool: 'qtest', name: 'qTest (second)', baseUrl: 'https://DEMO.qtestnet.com/', apiToken: 'qtest-demo-token' });
    expect(second.error).toBeUndefined();
    const refused = await app.admin('saveMapping', { ...mapping, connectionId: second.id, externalProjectName: 'Shop web' });
    expect(refused).toEqual({
      error: {
        code: 'CONFLICT',
        message:
          'qTest project "Web Storefront" is already synced by connection "qTest (demo)" into Jira project SHOP; a second connection would create a second issue for every test case.',
      },
    });
    const overview = await app.admin('getOverview');
    expect(overview.connections.find((c: any) => c.id === second.id).mappings).toEqual([]);

    // Another qTest site's project 101 is another project.
    const other = await app.admin('saveConnection', { tool: 'qtest', name: 'qTest (other site)', baseUrl: 'https://other.qtestnet.com', apiToken: 'x' });
    expect(await app.admin('saveMapping', { ...mapping, connectionId: other.id })).toMatchObject({ connectionId: other.id, externalProjectId: '101' });
    // The connection that has the mapping may still edit it.
    expect(await app.admin('saveMapping', { ...mapping, schedule: 'day' })).toMatchObject({ schedule: 'day' });
  });

  it('refuses an Xray project another connection to the same Xray tenant syncs; another site may use the same project id', async () => {
    const base = { tool: 'xray', clientSecret: 's' };
    const xrayMapping = { externalProjectId: '10002', externalProjectName: 'Quality Assurance', jiraProjectKey: 'QA', issueType: 'Test' };
    const refusal = {
      code: 'CONFLICT',
      message:
        'Xray project "Quality Assurance" is already synced by connection "Xray (demo)" into Jira project QA; a second connection would create a second issue for every test case.',
    };
    // Another API key of the Xray on this Jira site.
    const secondKey = await app.admin('saveConnection', { ...base, region: 'global', name: 'Xray (second key)', clientId: 'another-client' });
    expect((await app.admin('saveMapping', { ...xrayMapping, connectionId: secondKey.id })).error).toEqual(refusal);
    // The demo's API key through the EU host: the same tenant.
    const eu = await app.admin('saveConnection', { ...base, region: 'eu', name: 'Xray (EU)', clientId: 'xray-demo-client', sameSite: false });
    expect((await app.admin('saveMapping', { ...xrayMapping, connectionId: eu.id })).error).toEqual(refusal);
    // Xray's project ids are Jira project ids: on another Jira site, with another API key, 10002 is another project.
    const otherSite = await app.admin('saveConnection', { ...base, region: 'global', name: 'Xray (other site)', clientId: 'other-site-client', sameSite: false });
    expect(await app.admin('saveMapping', { ...xrayMapping, connectionId: otherSite.id })).toMatchObject({ externalProjectId: '10002' });
  });
});

describe('cancel a sync', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  /** A run recorded and holding the connection, whose first event has not been delivered yet. */
  async function queuedRun(): Promise<string> {
    const run = await app.server.runtime.runInInvocation(() => startRun('qtest-demo', 'manual', false, { queue: { push: async () => undefined } }));
    return run.runId;
  }

  it('ends a queued run at once as cancelled and releases the connection for the next sync', async () => {
    const runId = await queuedRun();
    expect((await app.admin('syncNow', { connectionId: 'qtest-demo' })).error).toMatchObject({ code: 'CONFLICT' });

    const cancelled = await app.admin('cancelRun', { runId });
    expect(cancelled).toMatchObject({ runId, state: 'cancelled', finishedAt: expect.any(String) });
    expect((await app.admin('getOverview')).history.find((r: any) => r.runId === runId).state).toBe('cancelled');

    const next = await app.admin('syncNow', { connectionId: 'qtest-demo' });
    expect(next).toMatchObject({ state: 'queued' });
    await app.server.runtime.drain();
    const done = (await app.admin('getOverview')).history.find((r: any) => r.runId === next.runId);
    expect(done.state).toBe('succeeded');
  });

  it('answers CONFLICT for a run that is over and NOT_FOUND for one it does not know', async () => {
    const [finished, cancelled] = (await app.admin('getOverview')).history;
    expect(await app.admin('cancelRun', { runId: finished.runId })).toEqual({
      error: { code: 'CONFLICT', message: 'This sync has already finished; there is nothing to cancel.' },
    });
    expect(await app.admin('cancelRun', { runId: cancelled.runId })).toEqual({ error: { code: 'CONFLICT', message: 'This sync was already cancelled.' } });
    expect(await app.admin('cancelRun', { runId: '0000000000000-nope' })).toEqual({
      error: { code: 'NOT_FOUND', message: 'That sync is not in the history any more.' },
    });
    expect((await app.admin('cancelRun', {})).error.code).toBe('INVALID_INPUT');
  });

  it('asks a running run to stop at its next page', async () => {
    const runId = await queuedRun();
    await app.server.runtime.runInInvocation(async () => {
      const run = (await getRun(runId))!;
      await saveRun({ ...run, state: 'running', heartbeatAt: new Date().toISOString() });
    });
    expect(await app.admin('cancelRun', { runId })).toMatchObject({ runId, state: 'running', cancelRequested: true });
    const shown = (await app.admin('getOverview')).connections[0].lastRun;
    expect(shown).toMatchObject({ runId, state: 'running', cancelRequested: true });
  });
});
