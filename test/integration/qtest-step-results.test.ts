/**
 * A qTest run's step results, read on demand (when a bug is created from the run): the test log's test_step_logs, from
 * the run's latest log with expand=teststeplog.teststep (getLastRunLog), or, for an older execution, from the log read
 * by id (getTestLog). Every request held to qTest's Swagger by the simulator; an answer in a shape the connector cannot
 * read is refused naming the endpoint and the field.
 */
import { createQtestConnector } from '../../src/connectors/qtest';
import { ConnectorError, type ToolConnector } from '../../src/connectors/types';
import { DEMO_API_TOKEN } from '../../local/demo/qtest/generate';
import { startQtestSimulator, takeViolations } from '../../local/simulators/qtest/harness';
import type { SimLog, SimRun } from '../../local/simulators/qtest/types';
import { rejectionOf, resetSimulator, testTransport, useSimulator } from '../support/connectors';

describe('qTest step results', () => {
  const clock = Date.parse('2025-06-10T09:00:00.000Z');
  const running = useSimulator(() => startQtestSimulator({ seed: 'demo', now: () => clock }));
  beforeEach(() => resetSimulator(running));
  // Every request was one qTest's Swagger allows, and every answer matched it.
  afterEach(() => expect(takeViolations(running.sim)).toEqual([]));

  const connector = (): ToolConnector =>
    createQtestConnector({ baseUrl: 'https://demo.qtestnet.com', auth: { kind: 'token', token: DEMO_API_TOKEN }, ...testTransport(running.fetch, () => clock) });
  const site = () => running.sim.state.site('demo')!;
  const stepsOf = (run: SimRun) => site().cases.find((c) => c.id === run.testCaseId)!.steps;
  const latestOf = (run: SimRun) => [...run.logs].sort((a, b) => a.id - b.id).pop()!;
  /** A run of project 101 whose latest log failed, on a case of several steps. */
  const failedLatest = () => site().runs.find((r) => r.projectId === 101 && r.logs.length > 0 && latestOf(r).status === 'Failed' && stepsOf(r).length > 1)!;
  /** A run of project 101 with a failed log older than its latest. */
  const failedOlder = (): { run: SimRun; log: SimLog } => {
    for (const run of site().runs.filter((r) => r.projectId === 101 && stepsOf(r).length > 0)) {
      const latest = latestOf(run);
      const log = run.logs.find((l) => l.status === 'Failed' && l.id !== latest.id);
      if (log) return { run, log };
    }
    throw new Error('the demo has no run with an older failed log');
  };
  const ref = (run: SimRun, log: string | number) => ({ projectId: '101', runId: `${run.id}:${log}`, testCaseId: String(run.testCaseId) });
  const paths = () => running.calls.map((c) => `${c.method} ${new URL(c.url).pathname}${new URL(c.url).search}`);

  it('reads the latest log’s step results in one request: each step’s status in step order, and the failing step’s actual result', async () => {
    const run = failedLatest();
    const log = latestOf(run);
    const { steps } = await connector().readStepResults(ref(run, log.id));
    expect(paths()).toEqual([`GET /api/v3/projects/101/test-runs/${run.id}/test-logs/last-run?expand=teststeplog.teststep`]);
    expect(steps.map((s) => s.index)).toEqual(stepsOf(run).map((_, i) => i + 1));
    const failed = steps.filter((s) => s.status === 'Failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].actual).toEqual(expect.any(String));
    // The steps before it passed; those after it were not executed.
    expect(steps.slice(0, failed[0].index - 1).every((s) => s.status === 'Passed' && s.actual === undefined)).toBe(true);
    expect(steps.slice(failed[0].index).every((s) => s.status === 'Unexecuted')).toBe(true);
  });

  it('reads an older execution of the run by its id, after the latest turned out to be another', async () => {
    const { run, log } = failedOlder();
    const { steps } = await connector().readStepResults(ref(run, log.id));
    expect(paths()).toEqual([
      `GET /api/v3/projects/101/test-runs/${run.id}/test-logs/last-run?expand=teststeplog.teststep`,
      `GET /api/v3/projects/101/test-runs/${run.id}/test-logs/${log.id}`,
    ]);
    expect(steps.some((s) => s.status === 'Failed')).toBe(true);
  });

  it('reads the run’s latest log for a run entry that names none', async () => {
    const run = failedLatest();
    const { steps } = await connector().readStepResults(ref(run, 'latest'));
    expect(paths()).toHaveLength(1);
    expect(steps.some((s) => s.status === 'Failed')).toBe(true);
  });

  it('numbers the steps in their order, whatever order qTest lists them in, and reads rich text as plain text', async () => {
    const run = failedLatest();
    const log = latestOf(run);
    const steps = stepsOf(run);
    const saved = steps.map((s) => s.order);
    const before = log.stepResults;
    // The case's steps listed last first: the step logs follow their `order`.
    steps.forEach((s, i) => (s.order = steps.length - i));
    running.sim.state.setStepResults('demo', log.id, [{ status: 'Failed', actual: '<p>Shows <b>&quot;Card declined&quot;</b></p>' }, { status: 'Passed' }]);
    try {
      const read = await connector().readStepResults(ref(run, log.id));
      expect(read.steps.slice(0, 2)).toEqual([
        { index: 1, status: 'Failed', actual: 'Shows "Card declined"' },
        { index: 2, status: 'Passed' },
      ]);
      expect(read.steps.slice(2).every((s) => s.status === 'Unexecuted')).toBe(true);
    } finally {
      steps.forEach((s, i) => (s.order = saved[i]));
      log.stepResults = before;
    }
  });

  it('refuses an answer it cannot read, naming the endpoint and the field', async () => {
    const run = failedLatest();
    running.sim.faults.set({ corruptField: { count: 1, path: '/last-run' } });
    const e = await rejectionOf(connector().readStepResults(ref(run, latestOf(run).id)));
    expect(e).toBeInstanceOf(ConnectorError);
    expect(e).toMatchObject({
      code: 'UNEXPECTED_RESPONSE',
      details: { endpoint: 'GET /api/v3/projects/{projectId}/test-runs/{testRunId}/test-logs/last-run', field: 'test_step_logs[0].status' },
      message: expect.stringContaining('test_step_logs[0].status'),
    });
  });

  it('says qTest has no such run, and refuses a run entry that names no run', async () => {
    expect(await rejectionOf(connector().readStepResults({ projectId: '101', runId: '999999:1', testCaseId: '1' }))).toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    expect(await rejectionOf(connector().readStepResults({ projectId: '101', runId: 'run-1', testCaseId: '1' }))).toMatchObject({
      code: 'UNEXPECTED_RESPONSE',
      message: '"run-1" names no qTest test run',
    });
  });
});
