/**
 * All three tools at once: qTest and QMetry test cases become Jira issues (one each), Xray's Test issues on
 * this site are annotated where they are (no new issue), and a story's panel lists tests from every tool.
 */
import { startTestApp, DEMO_ACTIVE_CASES, type TestApp } from '../support/local-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ tools: ['qtest', 'xray', 'qmetry'] });
});
afterAll(async () => app?.close());

/** The demo's QMetry project SHOPQA has 60 test cases; Xray's QA project has 30 Test issues. */
const QMETRY_CASES = 60;
const XRAY_TESTS = 30;

describe('sync from qTest, Xray and QMetry', () => {
  it('creates one issue per qTest and QMetry case and annotates the Xray Test issues without creating any', async () => {
    const before = await app.search('project = QA AND issuetype = Test', ['updated']);
    expect(before).toHaveLength(XRAY_TESTS);

    const summary = await app.server.fireTrigger('sync-scheduler');
    expect(summary.events.failed).toBe(0);
    const runs = (await app.admin('getOverview')).history;
    for (const id of ['qtest-demo', 'xray-demo', 'qmetry-demo']) {
      expect(runs.find((r: any) => r.connectionId === id)).toMatchObject({ state: expect.stringMatching(/succeeded|partial/), counts: { failed: 0 } });
    }

    // Each Xray test is annotated once (one property write), counted once.
    expect(runs.find((r: any) => r.connectionId === 'xray-demo').counts).toMatchObject({ created: 0, updated: XRAY_TESTS });
    expect(await app.search('testsyncTool = qtest', ['summary'])).toHaveLength(DEMO_ACTIVE_CASES);
    expect(await app.search('testsyncTool = qmetry', ['summary'])).toHaveLength(QMETRY_CASES);
    const xray = await app.search('testsyncTool = xray', ['summary', 'updated'], ['testsync']);
    expect(xray).toHaveLength(XRAY_TESTS);
    expect(xray.every((i) => i.key.startsWith('QA-'))).toBe(true);
    // Annotating writes an entity property only: the Xray issues themselves are untouched.
    const updatedBefore = new Map(before.map((i) => [i.key, i.fields.updated]));
    for (const issue of xray) expect(issue.fields.updated).toBe(updatedBefore.get(issue.key));
    expect(await app.search('project = QA AND issuetype = Test', ['summary'])).toHaveLength(XRAY_TESTS);
  });

  it("lists a story's tests from all three tools with their latest status", async () => {
    const view = await app.panel('SHOP-1', 'getPanel', 'demo-admin');
    expect(view.kind).toBe('requirement');
    const tools = new Set(view.tests.map((t: any) => t.tool));
    expect([...tools].sort()).toEqual(['qmetry', 'qtest', 'xray']);
    expect(view.hidden).toBe(0);
    expect(view.coverage.total).toBe(view.tests.length);
    expect(view.coverage.how).toMatch(/qTest.*Xray.*QMetry|qTest.*QMetry.*Xray|Xray|QMetry/);
  });

  it('shows a tester only the tests they may browse and says how many are hidden', async () => {
    const admin = await app.panel('SHOP-1', 'getPanel', 'demo-admin');
    // demo-tester browses SHOP, not QA where Xray keeps its Test issues.
    const tester = await app.panel('SHOP-1', 'getPanel', 'demo-tester');
    const xrayTests = admin.tests.filter((t: any) => t.tool === 'xray').length;
    expect(xrayTests).toBeGreaterThan(0);
    expect(tester.tests.some((t: any) => t.tool === 'xray' || t.issueKey.startsWith('QA-'))).toBe(false);
    expect(tester.hidden).toBe(xrayTests);
    expect(tester.coverage.total).toBe(admin.coverage.total - xrayTests);
    expect(JSON.stringify(tester)).not.toMatch(/QA-\d/);
  });

  it('writes nothing on a second sync with nothing changed, and sent nothing Jira would reject', async () => {
    const stamp = new Map((await app.search('testsyncTool in (qtest, qmetry, xray)', ['updated'])).map((i) => [i.key, i.fields.updated]));
    await app.server.fireTrigger('sync-scheduler');
    const latest = (await app.admin('getOverview')).history.slice(0, 3);
    for (const run of latest) expect(run.counts).toMatchObject({ created: 0, updated: 0, linked: 0, failed: 0 });
    for (const issue of await app.search('testsyncTool in (qtest, qmetry, xray)', ['updated'])) expect(issue.fields.updated).toBe(stamp.get(issue.key));
    const { body } = await app.jiraApi('GET', '/__sim/violations');
    expect(body.violations).toEqual([]);
  });
});
