/**
 * Defects both ways with qTest. Read: the Jira issues qTest links to a test log (TestLogResource.defects) come with the
 * runs, are kept on the test's results through syncs, and show on the test's panel to viewers who may see them.
 * Written: with "Write defects to qTest" on, a bug created from a failed run is linked to that run's test log by its
 * key (linkArtifactsByPid), as the Swagger accepts it; a credential that may only read is told apart by the check, and
 * a refused write is answered with its cause, recorded, and retried.
 */
// The local runtime first: it must be loaded before anything that loads @forge/api.
import { startTestApp, type TestApp } from '../support/local-app';
import { createQtestConnector } from '../../src/connectors/qtest';
import type { ToolConnector } from '../../src/connectors/types';
import { pushDefectToTool, toolPushOf } from '../../src/defects/tool-push';
import { DEMO_DEFECT } from '../../local/demo/defects';
import { DEMO_API_TOKEN, DEMO_READONLY_TOKEN } from '../../local/demo/qtest/generate';
import { startQtestSimulator, takeViolations } from '../../local/simulators/qtest/harness';
import type { SimRun } from '../../local/simulators/qtest/types';
import { readAllRuns, rejectionOf, resetSimulator, testTransport, useSimulator } from '../support/connectors';
import { createBugInJira } from '../support/bugs';

describe('the qTest connector', () => {
  let clock = Date.parse('2025-06-10T09:00:00.000Z');
  const running = useSimulator(() => startQtestSimulator({ seed: 'demo', now: () => clock }));
  beforeEach(() => resetSimulator(running));
  // Every request was one qTest's Swagger allows, and every answer matched it.
  afterEach(() => expect(takeViolations(running.sim)).toEqual([]));

  const connector = (token = DEMO_API_TOKEN): ToolConnector =>
    createQtestConnector({ baseUrl: 'https://demo.qtestnet.com', auth: { kind: 'token', token }, ...testTransport(running.fetch, () => clock) });
  const site = () => running.sim.state.site('demo')!;
  /** A failed execution of project 101 that has no defect yet, and its run. */
  const failedLog = () => {
    for (const run of site().runs.filter((r) => r.projectId === 101)) {
      const log = run.logs.find((l) => l.status === 'Failed' && !l.defects?.length);
      if (log) return { run, log };
    }
    throw new Error('the demo has no failed log without a defect');
  };

  it('reads the Jira issues linked to a test log with its run, as the log’s defects', async () => {
    const withDefect = site().runs.find((r) => r.logs.some((l) => l.defects?.includes(DEMO_DEFECT.key)))!;
    const log = withDefect.logs.find((l) => l.defects?.length)!;
    const { items } = await readAllRuns(connector(), String(withDefect.projectId));
    expect(items.find((r) => r.externalId === `${withDefect.id}:${log.id}`)).toMatchObject({ status: 'Failed', environment: 'staging', defects: [DEMO_DEFECT.key] });
    // Only that execution has one.
    expect(items.filter((r) => r.defects).map((r) => r.externalId)).toEqual([`${withDefect.id}:${log.id}`]);
  });

  it('links a Jira bug to the test log of a run by its key, and the run then carries it', async () => {
    const { run, log } = failedLog();
    const since = new Date(clock).toISOString();
    clock += 60_000;
    const linked = await connector().linkDefect({ projectId: '101', runId: `${run.id}:${log.id}`, testCaseId: String(run.testCaseId) }, { key: 'SHOP-42', id: '10042' });
    expect(linked).toEqual({ linkedTo: `test log ${log.id}`, toolDefectId: expect.any(String) });
    expect(running.calls.map((c) => `${c.method} ${new URL(c.url).pathname}`)).toEqual([`POST /api/v3/projects/101/test-logs/${log.id}/defects`]);
    expect(log.defects).toEqual(['SHOP-42']);
    // The run is read again by an incremental read (its modification time moved) and carries the bug.
    const { items } = await readAllRuns(connector(), '101', since);
    expect(items.find((r) => r.externalId === `${run.id}:${log.id}`)?.defects).toEqual(['SHOP-42']);
    // Linking again changes nothing.
    await connector().linkDefect({ projectId: '101', runId: `${run.id}:${log.id}`, testCaseId: String(run.testCaseId) }, { key: 'SHOP-42' });
    expect(log.defects).toEqual(['SHOP-42']);
  });

  it('links to the run’s latest log when the run entry names none', async () => {
    const { run } = failedLog();
    const latest = [...run.logs].sort((a, b) => a.id - b.id).pop()!;
    await connector().linkDefect({ projectId: '101', runId: `${run.id}:latest`, testCaseId: String(run.testCaseId) }, { key: 'SHOP-43' });
    expect(running.calls.map((c) => new URL(c.url).pathname)).toEqual([
      `/api/v3/projects/101/test-runs/${run.id}/test-logs/last-run`,
      `/api/v3/projects/101/test-logs/${latest.id}/defects`,
    ]);
    expect(latest.defects).toContain('SHOP-43');
  });

  it('says why qTest refused: an issue of a Jira project its integration does not cover, a user who may not edit logs', async () => {
    const { run, log } = failedLog();
    const ref = { projectId: '101', runId: `${run.id}:${log.id}`, testCaseId: String(run.testCaseId) };
    const foreign = await rejectionOf(connector().linkDefect(ref, { key: 'HR-7' }));
    expect(foreign).toMatchObject({ code: 'PROJECT_NOT_FOUND', message: expect.stringContaining('HR-7 could not be linked to test log') });
    expect((foreign as Error).message).toContain('Link defect unsuccessfully');
    const readOnly = await rejectionOf(connector(DEMO_READONLY_TOKEN).linkDefect(ref, { key: 'SHOP-44' }));
    expect(readOnly).toMatchObject({ code: 'MISSING_PERMISSION', message: expect.stringContaining('may not edit test logs executed by others') });
    expect(log.defects ?? []).toEqual([]);
  });

  it('tells a credential that may only read from one that may write, per project', async () => {
    expect(await connector().checkDefectWrites(['101', '102'])).toEqual({ ok: true, cause: 'OK', message: 'The qTest user may link defects to test logs (2 projects checked).' });
    const readOnly = await connector(DEMO_READONLY_TOKEN).checkDefectWrites(['101', '102']);
    expect(readOnly).toMatchObject({ ok: false, cause: 'MISSING_PERMISSION', message: expect.stringContaining('may read but not write defects: in projects 101, 102') });
    expect(readOnly.fix).toContain('Modify test logs executed by others');
    expect(running.calls.every((c) => new URL(c.url).pathname.endsWith('/user-profiles/current'))).toBe(true);
  });
});

describe('qTest defects in the app', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
  });
  afterAll(async () => app?.close());

  const site = () => app.qtest.state.site('demo')!;
  const tests = () => app.search('project = SHOP AND issuetype = Test', ['summary'], ['testsync']);
  /** The synced test whose runs carry a defect, and the entry of that run. */
  async function withDefects(key: string) {
    for (const issue of await tests()) {
      const entry = issue.properties.testsync.history.find((h: { defects?: string[] }) => h.defects?.includes(key));
      if (entry) return { issue, entry };
    }
    return undefined;
  }
  async function violations(): Promise<unknown[]> {
    const res = await fetch(`${app.server.url}/qtest/__sim/violations`);
    return ((await res.json()) as { violations: unknown[] }).violations;
  }
  const createBug = (summary: string) => createBugInJira(app.server.url, summary);
  const connectionInput = async (extra: Record<string, unknown>) => {
    const { connections } = await app.admin('getOverview');
    const c = connections.find((x: { tool: string }) => x.tool === 'qtest');
    return { id: c.id, tool: 'qtest', name: c.name, baseUrl: c.baseUrl, enabled: true, ...extra };
  };

  it('keeps the defects qTest links to a run on the test’s results, through syncs', async () => {
    const found = await withDefects(DEMO_DEFECT.key);
    expect(found?.entry).toMatchObject({ status: 'FAIL', environment: 'staging', defects: [DEMO_DEFECT.key] });
    // An edit of the test case in qTest syncs the case again; its results keep the defect.
    const { projectId, externalId } = found!.issue.properties.testsync;
    app.qtest.state.modifyTestCase('demo', Number(projectId), Number(externalId), { name: 'Checkout with a saved card, edited in qTest' });
    expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
    expect((await withDefects(DEMO_DEFECT.key))?.entry.runId).toBe(found!.entry.runId);
    // A defect linked in qTest later comes with the next sync.
    const [runPart, logPart] = found!.entry.runId.split(':');
    app.qtest.state.linkDefects('demo', Number(logPart), ['SHOP-12']);
    expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
    expect((await withDefects('SHOP-12'))?.entry).toMatchObject({ runId: `${runPart}:${logPart}`, defects: [DEMO_DEFECT.key, 'SHOP-12'] });
  });

  it('shows a run’s defects on the test’s panel, each to a viewer who may see it', async () => {
    const { issue, entry } = (await withDefects(DEMO_DEFECT.key))!;
    const admin = await app.panel(issue.key, 'getPanel', 'demo-admin');
    expect(admin.runs.find((r: { runId: string }) => r.runId === entry.runId).defects).toEqual([DEMO_DEFECT.key, 'SHOP-12']);
    // demo-tester browses SHOP, not OPS.
    const tester = await app.panel(issue.key, 'getPanel', 'demo-tester');
    expect(tester.runs.find((r: { runId: string }) => r.runId === entry.runId).defects).toEqual(['SHOP-12']);
  });

  it('writes nothing to qTest until an admin turns "Write defects to qTest" on, and then checks the credential may write', async () => {
    const [failing] = await app.search('project = SHOP AND testsyncStatus = FAIL ORDER BY key', ['summary'], ['testsync']);
    const draft = await app.panel(failing.key, 'bugDraft', 'demo-tester');
    const bug = await createBug('Declined card, before writing is on');
    const answer = await app.panel(failing.key, 'recordBug', 'demo-tester', { bugIssueId: bug.id, runId: draft.runId });
    expect(answer.bug.key).toBe(bug.key);
    expect(answer.toolPush).toBeUndefined();
    expect(JSON.stringify(site().runs)).not.toContain(bug.key);
    const { sourceKey, connectionId } = failing.properties.testsync;
    const off = await app.server.runtime.runInInvocation(() => pushDefectToTool(sourceKey, draft.runId, bug));
    expect(off).toMatchObject({ state: 'not-enabled', tool: 'qtest', cause: '"Write defects to qTest" is off for the connection qTest (demo)' });
    expect(await app.server.runtime.runInInvocation(() => toolPushOf(connectionId, bug.id, draft.runId))).toBeUndefined();

    const readOnly = await app.admin('saveConnectionChecked', { connection: await connectionInput({ writeDefects: true, apiToken: DEMO_READONLY_TOKEN }) });
    expect(readOnly).toMatchObject({ saved: false, check: { ok: false, cause: 'MISSING_PERMISSION', message: expect.stringContaining('may read but not write defects') } });
    const on = await app.admin('saveConnectionChecked', { connection: await connectionInput({ writeDefects: true }) });
    expect(on).toMatchObject({ saved: true, check: { ok: true, message: expect.stringContaining('may link defects to test logs') }, connection: { settings: { writeDefects: true } } });
    expect((await app.admin('listAudit', {})).rows[0]).toMatchObject({ action: 'connection.edited', changes: [{ field: 'Write defects to the tool', to: 'Yes' }] });
  });

  it('links a bug created from a failed run to that run’s test log, and records it', async () => {
    const [failing] = await app.search('project = SHOP AND testsyncStatus = FAIL ORDER BY key', ['summary'], ['testsync']);
    const draft = await app.panel(failing.key, 'bugDraft', 'demo-tester');
    const bug = await createBug('Declined card at checkout');
    const answer = await app.panel(failing.key, 'recordBug', 'demo-tester', { bugIssueId: bug.id, runId: draft.runId });
    const logId = Number(String(draft.runId).split(':')[1]);
    expect(answer.toolPush).toEqual({ state: 'pushed', tool: 'qtest', linkedTo: `test log ${logId}` });
    const run = site().runs.find((r: SimRun) => r.logs.some((l) => l.id === logId))!;
    expect(run.logs.find((l) => l.id === logId)!.defects).toContain(bug.key);
    const { connectionId } = failing.properties.testsync;
    const recorded = await app.server.runtime.runInInvocation(() => toolPushOf(connectionId, bug.id, draft.runId));
    expect(recorded).toMatchObject({ state: 'pushed', bugKey: bug.key, runId: draft.runId, attempts: 1 });
    expect(await violations()).toEqual([]);
  });

  it('answers a refused write with its cause, keeps the Jira bug, and writes it when recorded again', async () => {
    const [failing] = await app.search('project = SHOP AND testsyncStatus = FAIL ORDER BY key DESC', ['summary'], ['testsync']);
    const draft = await app.panel(failing.key, 'bugDraft', 'demo-tester');
    const bug = await createBug('Totals are wrong after a refund');
    const demoUser = site().users.find((u) => u.id === 1)!;
    demoUser.readOnlyLogs = true;
    const refused = await app.panel(failing.key, 'recordBug', 'demo-tester', { bugIssueId: bug.id, runId: draft.runId });
    demoUser.readOnlyLogs = false;
    expect(refused).toMatchObject({ alreadyRecorded: false, bug: { key: bug.key }, linkedTo: [failing.key, ...failing.properties.testsync.covers.filter((k: string) => k.startsWith('SHOP-')).sort()] });
    expect(refused.toolPush).toMatchObject({ state: 'failed', tool: 'qtest', cause: expect.stringContaining('may not edit test logs executed by others'), fix: expect.any(String) });
    const { connectionId } = failing.properties.testsync;
    expect(await app.server.runtime.runInInvocation(() => toolPushOf(connectionId, bug.id, draft.runId))).toMatchObject({ state: 'failed', attempts: 1 });

    const again = await app.panel(failing.key, 'recordBug', 'demo-tester', { bugIssueId: bug.id, runId: draft.runId });
    expect(again).toMatchObject({ alreadyRecorded: true, toolPush: { state: 'pushed', tool: 'qtest' } });
    expect(await app.server.runtime.runInInvocation(() => toolPushOf(connectionId, bug.id, draft.runId))).toMatchObject({ state: 'pushed', attempts: 2 });
    expect(JSON.stringify(site().runs)).toContain(bug.key);
    expect(await violations()).toEqual([]);
  });

  it('reports a tool too slow to answer in time as a failure, recorded for a retry', async () => {
    const [failing] = await app.search('project = SHOP AND testsyncStatus = FAIL ORDER BY key', ['summary'], ['testsync']);
    const draft = await app.panel(failing.key, 'bugDraft', 'demo-tester');
    const bug = await createBug('Slow checkout page');
    const { sourceKey, connectionId } = failing.properties.testsync;
    app.qtest.faults.set({ delayMs: 1500 });
    try {
      const slow = await app.server.runtime.runInInvocation(() => pushDefectToTool(sourceKey, draft.runId, bug, { timeoutMs: 200 }));
      expect(slow).toMatchObject({ state: 'failed', cause: 'qTest did not answer within 200 ms', fix: 'Retry in a few minutes.' });
    } finally {
      app.qtest.faults.clear();
    }
    expect(await app.server.runtime.runInInvocation(() => toolPushOf(connectionId, bug.id, draft.runId))).toMatchObject({ state: 'failed', attempts: 1 });
    await new Promise((r) => setTimeout(r, 1500));
  });
});
