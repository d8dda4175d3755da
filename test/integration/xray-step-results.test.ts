/**
 * An Xray Test Run's step results, read on demand (when a bug is created from the run): getTestRunById with the run's
 * steps (status and actual result), one GraphQL request validated by the simulator against Xray's schema; an answer in
 * a shape the connector cannot read is refused naming the endpoint and the field.
 */
import { createXrayConnector } from '../../src/connectors/xray';
import { ConnectorError, type ToolConnector } from '../../src/connectors/types';
import { DEMO_ANCHOR, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '../../local/demo/xray/generate';
import { QA_PROJECT } from '../../local/demo/xray/catalog';
import { startXraySimulator } from '../../local/simulators/xray/harness';
import type { SimRun } from '../../local/simulators/xray/types';
import { rejectionOf, resetSimulator, testTransport, useSimulator } from '../support/connectors';

describe('Xray step results', () => {
  const running = useSimulator(() => startXraySimulator({ seed: 'demo', now: () => DEMO_ANCHOR }));
  beforeEach(() => resetSimulator(running));

  const connector = (): ToolConnector => createXrayConnector({ clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, ...testTransport(running.fetch, () => DEMO_ANCHOR) });
  const tenant = () => running.sim.state.tenant('demo');
  const testOf = (r: SimRun) => tenant().tests.find((t) => t.issueId === r.testIssueId)!;
  /** A failed run of a Manual Test of several steps. */
  const failedRun = () => tenant().runs.find((r) => r.status === 'FAILED' && testOf(r).kind === 'Manual' && testOf(r).steps.length > 1)!;
  const ref = (r: SimRun) => ({ projectId: QA_PROJECT.id, runId: r.id, testCaseId: r.testIssueId });
  const graphql = () => running.calls.filter((c) => c.url.endsWith('/graphql'));

  it('reads each step’s status in the Test’s step order, and the failing step’s actual result, in one request', async () => {
    const run = failedRun();
    const { steps } = await connector().readStepResults(ref(run));
    expect(graphql()).toHaveLength(1);
    expect(steps.map((s) => s.index)).toEqual(testOf(run).steps.map((_, i) => i + 1));
    const failed = steps.filter((s) => s.status === 'FAILED');
    expect(failed).toEqual([{ index: expect.any(Number), status: 'FAILED', actual: expect.any(String) }]);
    expect(steps.slice(0, failed[0].index - 1).every((s) => s.status === 'PASSED')).toBe(true);
    expect(steps.slice(failed[0].index).every((s) => s.status === 'TODO')).toBe(true);
  });

  it('answers the results the run holds, a step without a status as TODO', async () => {
    const run = failedRun();
    const before = run.stepResults;
    running.sim.state.setStepResults('demo', run.id, [{ status: 'PASSED' }, { status: 'FAILED', actualResult: '  The total shows 0.00  ' }]);
    try {
      const { steps } = await connector().readStepResults(ref(run));
      expect(steps.slice(0, 2)).toEqual([
        { index: 1, status: 'PASSED' },
        { index: 2, status: 'FAILED', actual: 'The total shows 0.00' },
      ]);
    } finally {
      run.stepResults = before;
    }
  });

  it('answers no steps for a run of a Test without steps', async () => {
    const run = tenant().runs.find((r) => testOf(r).kind !== 'Manual');
    expect(run).toBeDefined();
    expect(await connector().readStepResults(ref(run!))).toEqual({ steps: [] });
  });

  it('refuses an answer it cannot read, naming the endpoint and the field', async () => {
    const run = failedRun();
    running.sim.faults.set({ corruptField: { count: 1, path: '/graphql' } });
    const e = await rejectionOf(connector().readStepResults(ref(run)));
    expect(e).toBeInstanceOf(ConnectorError);
    expect(e).toMatchObject({
      code: 'UNEXPECTED_RESPONSE',
      details: { endpoint: 'POST /api/v2/graphql (XrayTestRunSteps)', field: 'data.getTestRunById.id' },
      message: expect.stringContaining('XrayTestRunSteps'),
    });
  });

  it('says Xray has no such Test Run', async () => {
    expect(await rejectionOf(connector().readStepResults({ projectId: QA_PROJECT.id, runId: '0123456789abcdef01234567', testCaseId: '1' }))).toMatchObject({
      code: 'PROJECT_NOT_FOUND',
      message: 'Xray has no Test Run 0123456789abcdef01234567',
    });
  });
});
