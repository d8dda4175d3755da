/**
 * The failing step in a bug's draft: `bugDraft` reads the failed run's step results from the test's tool when the user
 * asks to create a bug (the sync keeps none), through the connection's stored credential, and names the first failed
 * step in the summary and the description, its expected result against the actual one. A tool that cannot be read in
 * time leaves the step out and says why in a note, and the draft is answered all the same; QMetry, whose API documents
 * no call for step results, is not asked and the draft says nothing of it.
 */
// The local runtime first: it must be loaded before anything that loads @forge/api.
import { startTestApp, type TestApp } from '../support/local-app';
import { DEMO_API_TOKEN } from '../../local/demo/qtest/generate';
import { orderedSteps, stepOutcomes } from '../../local/simulators/qtest/step-results';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ tools: ['qtest', 'qmetry'] });
  expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
});
afterAll(async () => app?.close());

/** The first synced test of a tool whose latest run failed, with its record. */
async function failingTest(tool: string) {
  const failing = await app.search('project = SHOP AND testsyncStatus = FAIL ORDER BY key', ['summary'], ['testsync']);
  const test = failing.find((i) => i.properties.testsync.tool === tool);
  if (!test) throw new Error(`no failing ${tool} test in the demo`);
  return test;
}

/** What the description says, as text. */
function texts(node: unknown): string[] {
  if (!node || typeof node !== 'object') return [];
  const n = node as { type?: string; text?: string; content?: unknown[] };
  return [...(n.type === 'text' && n.text !== undefined ? [n.text] : []), ...(n.content ?? []).flatMap(texts)];
}

async function qtestViolations(): Promise<unknown[]> {
  const res = await fetch(`${app.server.url}/qtest/__sim/violations`);
  return ((await res.json()) as { violations: unknown[] }).violations;
}

describe('the failing step in a bug’s draft', () => {
  it('names the failing step qTest reported, with its expected and actual result', async () => {
    const test = await failingTest('qtest');
    const view = await app.panel(test.key);
    const draft = await app.panel(test.key, 'bugDraft');
    // The step qTest reports failed in the run the draft is about.
    const [runId, logId] = String(draft.runId).split(':').map(Number);
    const site = app.qtest.state.site('demo')!;
    const run = site.runs.find((r) => r.id === runId)!;
    const steps = orderedSteps(site.cases.find((c) => c.id === run.testCaseId)!.steps);
    const outcomes = stepOutcomes(run.logs.find((l) => l.id === logId)!, steps);
    const at = outcomes.findIndex((o) => o.status === 'Failed');
    expect(at).toBeGreaterThanOrEqual(0);
    const step = view.steps[at];
    expect(step.index).toBe(at + 1);

    expect(draft.stepNote).toBeUndefined();
    expect(draft.context.summary).toBe(`Test fails at step ${at + 1} (${step.action}): ${view.test.name}`);
    const words = texts(draft.context.description);
    expect(words.join('\n')).toContain(`Expected (step ${at + 1}): \n${step.expected}`);
    expect(words.join('\n')).toContain(`Actual: \n${outcomes[at].actual}`);
    expect(await qtestViolations()).toEqual([]);
  });

  it('drafts the bug without the step when qTest is down, with a note that says why', async () => {
    const test = await failingTest('qtest');
    const view = await app.panel(test.key);
    const before = await app.panel(test.key, 'bugDraft');
    app.qtest.faults.set({ serverError: { count: 100, status: 503 } });
    let draft;
    try {
      draft = await app.panel(test.key, 'bugDraft');
    } finally {
      app.qtest.faults.clear();
    }
    expect(draft).toMatchObject({ projectKey: 'SHOP', issueTypeName: 'Bug', runId: before.runId, context: { projectId: before.context.projectId, issueTypeId: before.context.issueTypeId } });
    expect(draft.context.summary).toBe(`Test fails: ${view.test.name}`);
    expect(texts(draft.context.description).join('\n')).toContain('Steps to reproduce');
    expect(draft.stepNote).toMatch(/^The failing step could not be read from qTest: qTest (failed with HTTP 503|did not answer within 4 s)/);
    expect(JSON.stringify(draft)).not.toContain(DEMO_API_TOKEN);
    // Up again, the next draft names the step.
    expect((await app.panel(test.key, 'bugDraft')).context.summary).toBe(before.context.summary);
  });

  it('says so when the connection cannot be asked, and still drafts the bug', async () => {
    const test = await failingTest('qtest');
    const { connections } = await app.admin('getOverview');
    const c = connections.find((x: { tool: string }) => x.tool === 'qtest');
    const base = { id: c.id, tool: 'qtest', name: c.name, baseUrl: c.baseUrl };
    expect(await app.admin('saveConnection', { ...base, enabled: false })).toMatchObject({ enabled: false });
    try {
      const draft = await app.panel(test.key, 'bugDraft');
      expect(draft.stepNote).toBe(`The failing step could not be read from qTest: the connection ${c.name} is disabled`);
      expect(draft.context.summary).toMatch(/^Test fails: /);
    } finally {
      expect(await app.admin('saveConnection', { ...base, enabled: true })).toMatchObject({ enabled: true });
    }
  });

  it('does not ask QMetry, whose API documents no step results, and says nothing of it', async () => {
    const test = await failingTest('qmetry');
    const view = await app.panel(test.key);
    const draft = await app.panel(test.key, 'bugDraft');
    expect(draft.stepNote).toBeUndefined();
    expect(draft.context.summary).toBe(`Test fails: ${view.test.name}`);
  });
});
