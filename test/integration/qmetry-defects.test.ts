/**
 * Defects both ways with QMetry. Read: the issues QMetry links to a test case run come with the run's row (`defects`),
 * or, where the row only counts them, with one call for that run (forTCRun); the Jira issues among them are kept on the
 * test's results and shown on its panel. Written: with "Write defects to QMetry" on, a bug created from a failed run
 * is linked to that run as the issue QMetry holds for it (found by its key, then PUT /rest/execution/link/issue); a
 * key whose role has no Issues module is told apart by the check.
 */
// The local runtime first: it must be loaded before anything that loads @forge/api.
import { startTestApp, type TestApp } from '../support/local-app';
import { createQmetryConnector } from '../../src/connectors/qmetry';
import type { ToolConnector } from '../../src/connectors/types';
import { DEMO_DEFECT } from '../../local/demo/defects';
import { DEMO_API_KEY, DEMO_NO_ISSUES_KEY, DEMO_PROJECT_KEY } from '../../local/demo/qmetry/generate';
import { startQmetrySimulator } from '../../local/simulators/qmetry/harness';
import type { SimRun } from '../../local/simulators/qmetry/types';
import { readAllRuns, rejectionOf, resetSimulator, testTransport, useSimulator } from '../support/connectors';

const paths = (calls: Array<{ method: string; url: string }>) => calls.map((c) => `${c.method} ${new URL(c.url).pathname}`);

describe('the QMetry connector', () => {
  let clock = Date.parse('2025-06-10T09:00:00.000Z');
  const running = useSimulator(() => startQmetrySimulator({ seed: 'demo', now: () => clock }));
  beforeEach(() => {
    resetSimulator(running);
    host().countIssuesOnly = false;
    for (const u of host().users) delete u.issues;
    host().users.find((u) => u.apiKey === DEMO_NO_ISSUES_KEY)!.issues = 'none';
  });

  const connector = (apiKey = DEMO_API_KEY): ToolConnector =>
    createQmetryConnector({
      baseUrl: 'https://demo.qmetry.com',
      apiKey,
      projectKey: DEMO_PROJECT_KEY,
      ...testTransport(running.fetch, () => clock),
      budget: { limit: 10_000, windowMs: 1000 },
    });
  const host = () => running.sim.state.host('demo')!;
  const caseOf = (run: SimRun) => String(run.testCaseId);
  /** A failed run without issues. */
  const failedRun = () => host().runs.find((r) => r.statusId === 302 && !r.issueIds?.length)!;

  it('reads the Jira issues QMetry links to a run from the run’s row, at no request of their own', async () => {
    const { items } = await readAllRuns(connector(), DEMO_PROJECT_KEY);
    const withDefects = items.filter((r) => r.defects);
    expect(withDefects).toHaveLength(1);
    expect(withDefects[0]).toMatchObject({ status: 'Fail', defects: [DEMO_DEFECT.key] });
    expect(paths(running.calls).filter((p) => p.includes('/issue'))).toEqual([]);
  });

  it('reads them with one call for each run whose row only counts them', async () => {
    host().countIssuesOnly = true;
    const { items } = await readAllRuns(connector(), DEMO_PROJECT_KEY);
    expect(items.filter((r) => r.defects).map((r) => r.defects)).toEqual([[DEMO_DEFECT.key]]);
    expect(paths(running.calls).filter((p) => p.includes('/issue'))).toEqual(['POST /rest/execution/issue/list/forTCRun']);
  });

  it('links a Jira bug to a test case run as the issue QMetry holds for it, and the run then carries it', async () => {
    const run = failedRun();
    const since = new Date(clock).toISOString();
    clock += 60_000;
    const linked = await connector().linkDefect({ projectId: DEMO_PROJECT_KEY, runId: String(run.id), testCaseId: caseOf(run) }, { key: 'SHOP-42', id: '10077' });
    const issue = host().issues!.find((i) => i.entityKey === 'SHOP-42')!;
    expect(issue).toMatchObject({ createdSystem: 'JIRA' });
    expect(linked).toEqual({ linkedTo: `test case run ${run.id}`, toolDefectId: String(issue.id) });
    expect(paths(running.calls).slice(-2)).toEqual(['POST /rest/issues/list/viewColumns', 'PUT /rest/execution/link/issue']);
    expect(run.issueIds).toEqual([issue.id]);
    const { items } = await readAllRuns(connector(), DEMO_PROJECT_KEY, since);
    expect(items.find((r) => r.externalId === String(run.id))?.defects).toEqual(['SHOP-42']);
  });

  it('says why it could not link: an issue QMetry does not hold, a role that may not link', async () => {
    const run = failedRun();
    const ref = { projectId: DEMO_PROJECT_KEY, runId: String(run.id), testCaseId: caseOf(run) };
    expect(await rejectionOf(connector().linkDefect(ref, { key: 'HR-7' }))).toMatchObject({
      code: 'PROJECT_NOT_FOUND',
      message: expect.stringContaining('QMetry holds no issue HR-7 in project SHOPQA yet'),
    });
    host().users.find((u) => u.apiKey === DEMO_API_KEY)!.issues = 'view';
    expect(await rejectionOf(connector().linkDefect(ref, { key: 'SHOP-43' }))).toMatchObject({
      code: 'MISSING_PERMISSION',
      message: expect.stringContaining("the Open API key's role may not link issues"),
    });
    expect(run.issueIds).toBeUndefined();
  });

  it('tells a key whose role has no Issues module from one that has', async () => {
    expect(await connector().checkDefectWrites([])).toMatchObject({ ok: true, cause: 'OK', message: expect.stringContaining("may use project SHOPQA's issues") });
    const refused = await connector(DEMO_NO_ISSUES_KEY).checkDefectWrites([]);
    expect(refused).toMatchObject({ ok: false, cause: 'MISSING_PERMISSION', message: expect.stringContaining('may read but not write defects') });
    expect(refused.fix).toContain('Issues module');
    // That key still reads the project.
    expect((await connector(DEMO_NO_ISSUES_KEY).checkConnection()).ok).toBe(true);
  });
});

describe('QMetry defects in the app', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ tools: ['qmetry'] });
    expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
  });
  afterAll(async () => app?.close());

  const host = () => app.qmetry.state.host('demo')!;
  async function withDefects(key: string) {
    for (const issue of await app.search('project = SHOP AND issuetype = Test', ['summary'], ['testsync'])) {
      const entry = issue.properties.testsync?.history.find((h: { defects?: string[] }) => h.defects?.includes(key));
      if (entry) return { issue, entry };
    }
    return undefined;
  }

  it('keeps the run’s Jira issues on the test’s results and shows them to whoever may see them', async () => {
    const found = await withDefects(DEMO_DEFECT.key);
    expect(found?.entry).toMatchObject({ status: 'FAIL', defects: [DEMO_DEFECT.key] });
    const admin = await app.panel(found!.issue.key, 'getPanel', 'demo-admin');
    expect(admin.runs.find((r: { runId: string }) => r.runId === found!.entry.runId).defects).toEqual([DEMO_DEFECT.key]);
    const tester = await app.panel(found!.issue.key, 'getPanel', 'demo-tester');
    expect(tester.runs.find((r: { runId: string }) => r.runId === found!.entry.runId).defects).toBeUndefined();
  });

  it('links a bug created from a failed run to that run in QMetry once writing is on', async () => {
    const { connections } = await app.admin('getOverview');
    const c = connections.find((x: { tool: string }) => x.tool === 'qmetry');
    const input = { id: c.id, tool: 'qmetry', name: c.name, baseUrl: c.baseUrl, projectKey: c.settings.projectKey, enabled: true, writeDefects: true };
    expect(await app.admin('saveConnectionChecked', { connection: { ...input, apiKey: DEMO_NO_ISSUES_KEY } })).toMatchObject({ saved: false, check: { cause: 'MISSING_PERMISSION' } });
    expect(await app.admin('saveConnectionChecked', { connection: input })).toMatchObject({ saved: true, check: { ok: true } });

    const [failing] = await app.search('project = SHOP AND testsyncStatus = FAIL ORDER BY key', ['summary'], ['testsync']);
    const draft = await app.panel(failing.key, 'bugDraft', 'demo-tester');
    const res = await fetch(`${app.server.url}/jira/rest/api/3/issue`, {
      method: 'POST',
      headers: { 'x-sim-principal': 'user:demo-tester', 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ fields: { project: { key: 'SHOP' }, issuetype: { name: 'Bug' }, summary: draft.context.summary } }),
    });
    const bug = (await res.json()) as { id: string; key: string };
    const answer = await app.panel(failing.key, 'recordBug', 'demo-tester', { bugIssueId: bug.id, runId: draft.runId });
    expect(answer.toolPush).toEqual({ state: 'pushed', tool: 'qmetry', linkedTo: `test case run ${draft.runId}` });
    const issue = host().issues!.find((i) => i.entityKey === bug.key)!;
    expect(host().runs.find((r) => String(r.id) === draft.runId)!.issueIds).toContain(issue.id);
    expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
    expect((await withDefects(bug.key))?.entry.runId).toBe(draft.runId);
  });
});
