/**
 * Syncing on a site whose licence is not active: the scheduled trigger starts and resumes nothing and says so
 * once in the sync history (not at every tick; again after the licence was active in between), a queued sync
 * ends at its next step with the licence as its cause, and nothing already synced into Jira is removed or
 * changed. With no licence data (free app, development install) syncs run as usual.
 */
import type { InvocationContext } from '../../local/runtime';
import type { LicenseMode } from '../../local/runtime/context';
import { startTestApp, DEMO_ACTIVE_CASES, type TestApp } from '../support/local-app';

const CONNECTION = 'qtest-demo';
const NOTICE = /^TestSync's licence for this site is not active: scheduled syncs are paused and start again by themselves once it is active\. Nothing already synced was removed or changed\.$/;
const RUN_CAUSE = /^TestSync's licence for this site is not active: this sync stopped before its next step\. Nothing it already synced was removed or changed/;

let app: TestApp;
/** Jira calls and queue pushes the app made since the last reset. */
let platformCalls: string[] = [];

beforeAll(async () => {
  app = await startTestApp();
  const runtime = app.server.runtime;
  const forgeFetch = runtime.forgeFetch.bind(runtime);
  runtime.forgeFetch = (ctx: InvocationContext, descriptor, p, init) => {
    if (descriptor?.type !== 'kvs') platformCalls.push(`${descriptor?.remote ?? descriptor?.type} ${p}`);
    return forgeFetch(ctx, descriptor, p, init);
  };
  const first = await app.server.fireTrigger('sync-scheduler');
  expect(first.events.failed).toBe(0);
  expect(await app.search('project = SHOP AND issuetype = Test')).toHaveLength(DEMO_ACTIVE_CASES);
});
afterAll(async () => app?.close());

/** Every SHOP issue with what TestSync wrote on it: fields, links and properties. */
async function jiraState(): Promise<string> {
  const issues = await app.search('project = SHOP ORDER BY key ASC', ['summary', 'description', 'labels', 'updated', 'issuelinks'], ['testsync', 'testsync-coverage']);
  return JSON.stringify(issues.map((i) => ({ key: i.key, fields: i.fields, properties: i.properties })));
}

/** An admin call on a licensed page, to read what happened. */
const admin = (functionKey: string, payload: Record<string, unknown> = {}): Promise<any> =>
  app.server.invoke({ moduleKey: 'testsync-admin', functionKey, payload, accountId: 'demo-admin', license: 'active' });

async function history(): Promise<any[]> {
  return (await admin('listHistory', { connectionId: CONNECTION, pageSize: 100 })).rows;
}

async function fire(license: LicenseMode) {
  app.server.runtime.license = license;
  const summary = await app.server.fireTrigger('sync-scheduler');
  expect(summary.error).toBeUndefined();
  return { ...summary, body: JSON.parse((summary.result as { body: string }).body) };
}

describe('the scheduled sync on a site whose licence is not active', () => {
  let before: string;

  it('starts nothing and records one notice in the history, even when the trigger fires twice', async () => {
    before = await jiraState();
    const rows = await history();
    platformCalls = [];

    const first = await fire('inactive');
    const second = await fire('inactive');

    expect(first.body).toEqual({ licence: 'inactive', started: [], notice: 'recorded', connections: [CONNECTION] });
    expect(second.body).toEqual({ licence: 'inactive', started: [], notice: 'already-recorded', connections: [] });
    for (const s of [first, second]) expect(s.events).toEqual({ delivered: 0, retried: 0, failed: 0 });
    // No Jira call, no queue push: nothing started, nothing resumed.
    expect(platformCalls).toEqual([]);

    const after = await history();
    expect(after).toHaveLength(rows.length + 1);
    const notice = after[0];
    expect(notice).toMatchObject({ trigger: 'schedule', state: 'cancelled', counts: { created: 0, updated: 0, unchanged: 0, linked: 0, failed: 0 }, errorCount: 0, warningCount: 1 });
    const details = await admin('getRunDetails', { runId: notice.runId });
    expect(details.run.warnings).toEqual([expect.stringMatching(NOTICE)]);
    expect(details.run.errors).toEqual([]);
    expect(await jiraState()).toBe(before);
  });

  it('forgets the notice once the licence is active again, and says it again at the next lapse', async () => {
    const active = await fire('active');
    expect(active.body.started).toEqual([expect.objectContaining({ connectionId: CONNECTION })]);
    expect(active.events.delivered).toBeGreaterThan(0);
    expect((await history())[0]).toMatchObject({ trigger: 'schedule', state: 'succeeded', counts: { created: 0, failed: 0 } });

    expect((await fire('inactive')).body.notice).toBe('recorded');
    expect((await fire('inactive')).body.notice).toBe('already-recorded');
    const notices = (await history()).filter((r) => r.state === 'cancelled' && r.trigger === 'schedule' && r.warningCount === 1);
    expect(notices).toHaveLength(2);
    expect(await jiraState()).toBe(before);
  });

  it('syncs as usual with no licence data (a free app, a development install)', async () => {
    const none = await fire('none');
    expect(none.body.started).toEqual([expect.objectContaining({ connectionId: CONNECTION })]);
    expect((await history())[0]).toMatchObject({ trigger: 'schedule', state: 'succeeded' });
  });
});

describe('a queued sync on a site whose licence is not active', () => {
  it('ends at its next step with the licence as the cause, writes nothing to Jira, and lets a later sync run', async () => {
    const before = await jiraState();
    // The page's call was licensed; the licence lapses before the queued step is delivered.
    app.server.runtime.license = 'inactive';
    const started = await admin('syncNow', { connectionId: CONNECTION });
    expect(started).toMatchObject({ state: 'queued', trigger: 'manual' });
    platformCalls = [];
    await app.server.runtime.drain();
    // The step called neither Jira nor the queue: it only ended the run in storage.
    const stepCalls = [...platformCalls];

    const { run } = await admin('getRunDetails', { runId: started.runId });
    expect(run).toMatchObject({ state: 'cancelled', counts: { created: 0, updated: 0, unchanged: 0, linked: 0, failed: 0 } });
    expect(run.finishedAt).toEqual(expect.any(String));
    expect(run.errors).toEqual([{ message: expect.stringMatching(RUN_CAUSE) }]);
    expect(run.phase).toBeUndefined();
    expect(stepCalls).toEqual([]);
    expect(await jiraState()).toBe(before);

    // The run let go of the connection: with the licence active again a sync starts and finishes.
    app.server.runtime.license = 'active';
    const next = await admin('syncNow', { connectionId: CONNECTION });
    expect(next.state).toBe('queued');
    await app.server.runtime.drain();
    expect((await admin('getRunDetails', { runId: next.runId })).run).toMatchObject({ state: 'succeeded', counts: { created: 0, failed: 0 } });
  });
});
