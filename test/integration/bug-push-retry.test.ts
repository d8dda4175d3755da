/**
 * A bug's write to its tool on the test's panel, through the panel's resolvers as the viewing user: with "Write
 * defects to qTest" on, each bug of the test says whether qTest holds it (on its story's list too), and `retryBugPush` writes one qTest refused
 * again (recording the new attempt); a bug already written is left alone. Refused, each with its own code and words:
 * a bug not recorded for the test, one the user may not see, a user who may not create or link issues, a connection
 * whose writing is off; nothing answered holds the connection's secret.
 */
import { startTestApp, type TestApp } from '../support/local-app';
import { toolPushOf } from '../../src/defects/tool-push';
import { DEMO_API_TOKEN } from '../../local/demo/qtest/generate';
import { createBugInJira } from '../support/bugs';

let app: TestApp;
/** A demo qTest test whose latest run failed, covering a story. */
let failing: any;
let testKey: string;

const VIEWER = { accountId: 'demo-viewer', displayName: 'Vera Viewer', emailAddress: 'vera.viewer@example.com', admin: false, browse: ['SHOP'], edit: [] as string[] };
const NO_LINKS = { accountId: 'demo-nolinks', displayName: 'Nico Nolinks', emailAddress: 'nico.nolinks@example.com', admin: false, browse: ['SHOP'], edit: ['SHOP'], link: [] as string[] };

beforeAll(async () => {
  app = await startTestApp();
  app.jira.state.data.users.push(VIEWER, NO_LINKS);
  expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
  const tests = await app.search('project = SHOP AND testsyncStatus = FAIL ORDER BY key', ['summary'], ['testsync']);
  failing = tests.find((i) => i.properties.testsync.covers.length > 0);
  testKey = failing.key;
});
afterAll(async () => app?.close());

const site = () => app.qtest.state.site('demo')!;
/** The qTest user of the demo's API token. */
const tokenUser = () => site().users.find((u) => u.id === 1)!;

const createBug = (summary: string) => createBugInJira(app.server.url, summary);

async function writeDefects(on: boolean): Promise<void> {
  const { connections } = await app.admin('getOverview');
  const c = connections.find((x: { tool: string }) => x.tool === 'qtest');
  const saved = await app.admin('saveConnectionChecked', { connection: { id: c.id, tool: 'qtest', name: c.name, baseUrl: c.baseUrl, enabled: true, writeDefects: on } });
  expect(saved).toMatchObject({ saved: true, connection: { settings: { writeDefects: on } } });
}

const pushOf = (bugId: string, runId: string) => app.server.runtime.runInInvocation(() => toolPushOf(failing.properties.testsync.connectionId, bugId, runId));
const listed = async (bugKey: string) => ((await app.panel(testKey)).bugs.items as any[]).find((b) => b.key === bugKey);
/** As the story the test covers lists it. */
const listedOnStory = async (bugKey: string) => ((await app.panel(failing.properties.testsync.covers[0])).bugs.items as any[]).find((b) => b.key === bugKey);
const retry = (payload: unknown, accountId = 'demo-tester', issueKey = testKey) => app.panel(issueKey, 'retryBugPush', accountId, payload);

describe('a bug’s write to qTest, on the test’s panel', () => {
  let draft: any;
  /** Recorded while writing was off. */
  let early: { id: string; key: string };
  /** Refused by qTest at first. */
  let bug: { id: string; key: string };

  it('says nothing of qTest, and refuses a retry, while "Write defects to qTest" is off', async () => {
    draft = await app.panel(testKey, 'bugDraft');
    early = await createBug('Card declined, before writing is on');
    const answer = await app.panel(testKey, 'recordBug', 'demo-tester', { bugIssueId: early.id, runId: draft.runId });
    expect(answer.toolPush).toBeUndefined();
    expect(answer.bugs.find((b: any) => b.key === early.key).toolPush).toBeUndefined();
    expect(await listed(early.key)).not.toHaveProperty('toolPush');
    expect(await retry({ bugIssueId: early.id })).toEqual({
      error: { code: 'WRITE_DEFECTS_OFF', message: `"Write defects to qTest" is off for the connection qTest (demo), so ${early.key} is not written to qTest. A Jira admin can turn it on in TestSync's settings.` },
    });
    expect(await pushOf(early.id, draft.runId)).toBeUndefined();
    expect(JSON.stringify(site().runs)).not.toContain(early.key);
  });

  it('lists a bug qTest refused with the cause, and writes it on a retry', async () => {
    await writeDefects(true);
    // A bug recorded while writing was off was never tried: nothing is said of it.
    expect(await listed(early.key)).not.toHaveProperty('toolPush');
    expect(await listedOnStory(early.key)).not.toHaveProperty('toolPush');
    bug = await createBug('Totals are wrong after a refund');
    tokenUser().readOnlyLogs = true;
    let refused: any;
    try {
      refused = await app.panel(testKey, 'recordBug', 'demo-tester', { bugIssueId: bug.id, runId: draft.runId });
    } finally {
      tokenUser().readOnlyLogs = false;
    }
    const failure = { state: 'failed', tool: 'qtest', cause: expect.stringContaining('may not edit test logs executed by others'), fix: expect.any(String) };
    expect(refused.toolPush).toEqual(failure);
    expect(refused.bugs.find((b: any) => b.key === bug.key).toolPush).toEqual(failure);
    expect((await listed(bug.key)).toolPush).toEqual(failure);
    expect(await listedOnStory(bug.key)).toMatchObject({ testIssueKey: testKey, toolPush: failure });
    expect(await pushOf(bug.id, draft.runId)).toMatchObject({ state: 'failed', attempts: 1 });
    expect(JSON.stringify(site().runs)).not.toContain(bug.key);

    const logId = Number(String(draft.runId).split(':')[1]);
    const answer = await retry({ bugIssueId: bug.id });
    expect(answer).toEqual({ bugIssueId: bug.id, bugKey: bug.key, toolPush: { state: 'pushed', tool: 'qtest', linkedTo: `test log ${logId}` } });
    expect(JSON.stringify(answer)).not.toContain(DEMO_API_TOKEN);
    expect(await pushOf(bug.id, draft.runId)).toMatchObject({ state: 'pushed', bugKey: bug.key, attempts: 2 });
    const log = site().runs.flatMap((r) => r.logs).find((l) => l.id === logId)!;
    expect(log.defects).toContain(bug.key);
    expect((await listed(bug.key)).toolPush).toEqual({ state: 'pushed', tool: 'qtest', linkedTo: `test log ${logId}` });
    expect((await listedOnStory(bug.key)).toolPush).toEqual({ state: 'pushed', tool: 'qtest', linkedTo: `test log ${logId}` });
  });

  it('answers "pushed" for a bug already written, and writes nothing again', async () => {
    const before = await pushOf(bug.id, draft.runId);
    const holding = site().runs.flatMap((r) => r.logs).filter((l) => l.defects?.includes(bug.key)).length;
    const again = await retry({ bugIssueId: bug.id, testIssueKey: testKey });
    expect(again).toMatchObject({ bugKey: bug.key, toolPush: { state: 'pushed', tool: 'qtest' } });
    expect(await pushOf(bug.id, draft.runId)).toEqual(before);
    expect(site().runs.flatMap((r) => r.logs).filter((l) => l.defects?.includes(bug.key))).toHaveLength(holding);
  });

  it("lists the story's bugs without their writes while the tests' bug records cannot be read", async () => {
    const runtime = app.server.runtime;
    const forgeFetch = runtime.forgeFetch.bind(runtime);
    let refused = 0;
    runtime.forgeFetch = async (ctx, descriptor, path, init) => {
      if (descriptor?.type === 'kvs' && path.includes('batch/get') && String(init?.body).includes('"bug:t:')) {
        refused++;
        return new Response(JSON.stringify({ code: 'INTERNAL_SERVER_ERROR', message: 'Storage failed' }), { status: 500, headers: { 'content-type': 'application/json' } });
      }
      return forgeFetch(ctx, descriptor, path, init);
    };
    try {
      const shown = await listedOnStory(bug.key);
      expect(refused).toBeGreaterThan(0);
      expect(shown).toMatchObject({ key: bug.key, testIssueKey: testKey });
      expect(shown).not.toHaveProperty('toolPush');
    } finally {
      runtime.forgeFetch = forgeFetch;
    }
    expect((await listedOnStory(bug.key)).toolPush).toMatchObject({ state: 'pushed' });
  });

  it('refuses a bug not recorded for the test, one the user may not see, and a user who may not create or link issues', async () => {
    const stranger = await createBug('Never recorded');
    expect(await retry({ bugIssueId: stranger.id })).toEqual({
      error: { code: 'BUG_NOT_RECORDED', message: `The bug ${stranger.key} is not recorded for the test ${testKey}, so there is nothing to write to its tool. Create bugs of this test from its panel.` },
    });
    expect(await retry({ bugIssueId: '999999' })).toEqual({ error: { code: 'BUG_NOT_FOUND', message: expect.stringContaining('does not exist or you do not have permission to see it') } });
    expect(await retry({ bugIssueId: bug.id }, 'demo-viewer')).toEqual({ error: { code: 'CANNOT_CREATE_ISSUES', message: expect.stringContaining('permission to create issues in project SHOP') } });
    expect(await retry({ bugIssueId: bug.id }, 'demo-nolinks')).toEqual({ error: { code: 'CANNOT_LINK_ISSUES', message: expect.stringContaining('permission to link issues in project SHOP') } });
    // The panel of an issue that is not a synced test, with no test named.
    const story = failing.properties.testsync.covers[0];
    expect(await retry({ bugIssueId: bug.id }, 'demo-tester', story)).toEqual({ error: { code: 'NOT_FOUND', message: `${story} is not a test synced by TestSync.` } });
    expect(await retry({ bugIssueId: 'SHOP-1' })).toEqual({ error: { code: 'INVALID_INPUT', message: expect.stringContaining('must be the id of the bug') } });
    expect(await retry({})).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it('refuses a retry once writing is turned off, and lists the bug without its write', async () => {
    const other = await createBug('Coupon ignored');
    tokenUser().readOnlyLogs = true;
    try {
      expect((await app.panel(testKey, 'recordBug', 'demo-tester', { bugIssueId: other.id, runId: draft.runId })).toolPush).toMatchObject({ state: 'failed' });
    } finally {
      tokenUser().readOnlyLogs = false;
    }
    await writeDefects(false);
    expect(await retry({ bugIssueId: other.id })).toMatchObject({ error: { code: 'WRITE_DEFECTS_OFF', message: expect.stringContaining('"Write defects to qTest" is off') } });
    expect(await pushOf(other.id, draft.runId)).toMatchObject({ state: 'failed', attempts: 1 });
    const items = (await app.panel(testKey)).bugs.items as any[];
    expect(items.map((b) => b.toolPush)).toEqual(items.map(() => undefined));
    expect(JSON.stringify(site().runs)).not.toContain(other.key);
  });
});
