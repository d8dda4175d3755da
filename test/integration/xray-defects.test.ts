/**
 * Defects both ways with Xray Cloud. Read: a Test Run's `defects` (Jira issue ids) come with the runs, are kept on the
 * test's results through syncs, and show on the test's panel by their keys to viewers who may see them. Written:
 * with "Write defects to Xray Cloud" on, a bug created from a failed run is added to that Test Run with
 * `addDefectsToTestRun` (every document validated by the simulator against Xray's schema); an API key whose user may
 * only read is told apart by the check; Xray on another Jira site cannot take a bug of this one.
 */
// The local runtime first: it must be loaded before anything that loads @forge/api.
import { startTestApp, type TestApp } from '../support/local-app';
import { createXrayConnector } from '../../src/connectors/xray';
import type { ToolConnector } from '../../src/connectors/types';
import { DEMO_DEFECT, DEMO_DEFECT_ID_WITH_XRAY } from '../../local/demo/defects';
import { DEMO_ANCHOR, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, READONLY_CLIENT_ID, READONLY_CLIENT_SECRET } from '../../local/demo/xray/generate';
import { QA_PROJECT } from '../../local/demo/xray/catalog';
import { startXraySimulator } from '../../local/simulators/xray/harness';
import type { SimRun } from '../../local/simulators/xray/types';
import { readAllRuns, rejectionOf, resetSimulator, testTransport, useSimulator } from '../support/connectors';

const graphqlOperations = (calls: Array<{ url: string }>) => calls.filter((c) => c.url.endsWith('/graphql')).length;

describe('the Xray connector', () => {
  let clock = DEMO_ANCHOR;
  const running = useSimulator(() => startXraySimulator({ seed: 'demo', now: () => clock }));
  beforeEach(() => resetSimulator(running));

  const connector = (client = { id: DEMO_CLIENT_ID, secret: DEMO_CLIENT_SECRET }, sameSite?: boolean): ToolConnector =>
    createXrayConnector({ clientId: client.id, clientSecret: client.secret, ...(sameSite !== undefined ? { sameSite } : {}), ...testTransport(running.fetch, () => clock) });
  const readOnly = { id: READONLY_CLIENT_ID, secret: READONLY_CLIENT_SECRET };
  const tenant = () => running.sim.state.tenant('demo');
  /** A failed run of the QA project without a defect. */
  const failedRun = (): SimRun => tenant().runs.find((r) => r.status === 'FAILED' && !r.defects?.length && r.execIssueId)!;
  const ref = (r: SimRun) => ({ projectId: QA_PROJECT.id, runId: r.id, testCaseId: r.testIssueId });

  it('reads a Test Run’s defects, Jira issue ids, with the runs', async () => {
    const { items } = await readAllRuns(connector(), QA_PROJECT.id);
    const withDefects = items.filter((r) => r.defects);
    expect(withDefects).toHaveLength(1);
    expect(withDefects[0]).toMatchObject({ status: 'FAILED', defects: [DEMO_DEFECT_ID_WITH_XRAY] });
  });

  it('adds a bug to the Test Run by its issue id, and the run then carries it', async () => {
    const run = failedRun();
    const since = new Date(clock).toISOString();
    clock += 60_000;
    expect(await connector().linkDefect(ref(run), { key: 'SHOP-42', id: '10077' })).toEqual({ linkedTo: `Test Run ${run.id}`, toolDefectId: '10077' });
    expect(graphqlOperations(running.calls)).toBe(1);
    expect(run.defects).toEqual(['10077']);
    const { items } = await readAllRuns(connector(), QA_PROJECT.id, since);
    expect(items.find((r) => r.externalId === run.id)?.defects).toEqual(['10077']);
    // Adding it again changes nothing (Xray warns it is there already).
    await connector().linkDefect(ref(run), { key: 'SHOP-42', id: '10077' });
    expect(run.defects).toEqual(['10077']);
  });

  it('adds a bug by its key when its id is not known, and says why Xray added nothing', async () => {
    const run = failedRun();
    expect(await connector().linkDefect(ref(run), { key: DEMO_DEFECT.key })).toEqual({ linkedTo: `Test Run ${run.id}`, toolDefectId: DEMO_DEFECT_ID_WITH_XRAY });
    const other = failedRun();
    const unknown = await rejectionOf(connector().linkDefect(ref(other), { key: 'HR-7' }));
    expect(unknown).toMatchObject({ code: 'UNEXPECTED_RESPONSE', message: `Xray did not add HR-7 to Test Run ${other.id}: Issue with key HR-7 was not found.` });
    expect(other.defects).toBeUndefined();
  });

  it('tells an API key whose user may only read from one that may write, and changes nothing asking', async () => {
    const before = JSON.stringify(tenant().runs);
    expect(await connector().checkDefectWrites([QA_PROJECT.id])).toEqual({ ok: true, cause: 'OK', message: 'The Xray API key may add defects to Test Runs (1 project checked).' });
    const refused = await connector(readOnly).checkDefectWrites([QA_PROJECT.id]);
    expect(refused).toMatchObject({ ok: false, cause: 'MISSING_PERMISSION', message: expect.stringContaining('may read but not write defects') });
    expect(refused.message).toContain('User does not have permission to edit the Test Run.');
    expect(JSON.stringify(tenant().runs)).toBe(before);
    expect(await rejectionOf(connector(readOnly).linkDefect(ref(failedRun()), { key: 'SHOP-42', id: '10077' }))).toMatchObject({ code: 'MISSING_PERMISSION' });
  });

  it('writes nothing to an Xray of another Jira site: a bug of this site cannot be its defect', async () => {
    const check = await connector(undefined, false).checkDefectWrites([QA_PROJECT.id]);
    expect(check).toMatchObject({ ok: false, cause: 'WRONG_REGION_OR_URL', message: expect.stringContaining('Xray is installed on another Jira site') });
    expect(await rejectionOf(connector(undefined, false).linkDefect(ref(failedRun()), { key: 'SHOP-42', id: '10077' }))).toMatchObject({ code: 'WRONG_REGION_OR_URL' });
    expect(running.calls).toEqual([]);
  });
});

describe('Xray defects in the app', () => {
  let app: TestApp;
  /** A user who browses SHOP and QA, not OPS (where the demo's Bug is). */
  const QA_VIEWER = { accountId: 'demo-qa', displayName: 'Quinn QA', emailAddress: 'quinn.qa@example.com', admin: false, browse: ['SHOP', 'QA'], edit: ['QA'] };
  beforeAll(async () => {
    app = await startTestApp({ tools: ['xray'] });
    app.jira.state.data.users.push(QA_VIEWER);
    expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
  });
  afterAll(async () => app?.close());

  const tenant = () => app.xray.state.tenant('demo');
  async function withDefects(ref: string) {
    for (const issue of await app.search('project = QA AND issuetype = Test', ['summary'], ['testsync'])) {
      const entry = issue.properties.testsync?.history.find((h: { defects?: string[] }) => h.defects?.includes(ref));
      if (entry) return { issue, entry };
    }
    return undefined;
  }

  it('keeps a Test Run’s defects on the annotated Test, and the panel names them by key to whoever may see them', async () => {
    const found = await withDefects(DEMO_DEFECT_ID_WITH_XRAY);
    expect(found?.entry).toMatchObject({ status: 'FAIL', defects: [DEMO_DEFECT_ID_WITH_XRAY] });
    const admin = await app.panel(found!.issue.key, 'getPanel', 'demo-admin');
    expect(admin.runs.find((r: { runId: string }) => r.runId === found!.entry.runId).defects).toEqual([DEMO_DEFECT.key]);
    const viewer = await app.panel(found!.issue.key, 'getPanel', QA_VIEWER.accountId);
    expect(viewer.runs.find((r: { runId: string }) => r.runId === found!.entry.runId).defects).toBeUndefined();
    // Synced again after a defect was added in Xray, the run carries both.
    const run = tenant().runs.find((r) => r.id === found!.entry.runId)!;
    app.xray.state.addDefects('demo', run.id, ['10003']);
    expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
    expect((await withDefects('10003'))?.entry.defects).toEqual([DEMO_DEFECT_ID_WITH_XRAY, '10003']);
  });

  it('adds a bug created from a failed Test Run to that run in Xray once writing is on and the check passed', async () => {
    const { connections } = await app.admin('getOverview');
    const c = connections.find((x: { tool: string }) => x.tool === 'xray');
    const input = { id: c.id, tool: 'xray', name: c.name, region: c.settings.region, clientId: c.settings.clientId, sameSite: true, enabled: true, writeDefects: true };
    const saved = await app.admin('saveConnectionChecked', { connection: input });
    expect(saved).toMatchObject({ saved: true, check: { ok: true, message: expect.stringContaining('may add defects to Test Runs') } });

    const [failing] = await app.search('project = QA AND testsyncStatus = FAIL ORDER BY key', ['summary'], ['testsync']);
    const draft = await app.panel(failing.key, 'bugDraft', 'demo-admin');
    const res = await fetch(`${app.server.url}/jira/rest/api/3/issue`, {
      method: 'POST',
      headers: { 'x-sim-principal': 'user:demo-admin', 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ fields: { project: { id: draft.context.projectId }, issuetype: { id: draft.context.issueTypeId }, summary: draft.context.summary } }),
    });
    const bug = (await res.json()) as { id: string; key: string };
    const answer = await app.panel(failing.key, 'recordBug', 'demo-admin', { bugIssueId: bug.id, runId: draft.runId });
    expect(answer.toolPush).toEqual({ state: 'pushed', tool: 'xray', linkedTo: `Test Run ${draft.runId}` });
    expect(tenant().runs.find((r) => r.id === draft.runId)!.defects).toContain(bug.id);
    // The next sync reads it back onto the test, and the panel names it.
    expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
    const panel = await app.panel(failing.key, 'getPanel', 'demo-admin');
    expect(panel.runs.find((r: { runId: string }) => r.runId === draft.runId).defects).toContain(bug.key);
  });
});
