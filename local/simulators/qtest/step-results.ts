/**
 * The result of each step of a simulated test log, as its `test_step_logs` answer them (TestStepLogResource `status`
 * and `actual_result`): the log's own `stepResults` when a test set them (state.setStepResults), else derived from the
 * log's status, the same on every answer:
 * - Failed: the steps before one of them Passed, that one Failed with an actual result, the ones after Unexecuted;
 * - Blocked: the same, that step Blocked (and why, as its actual result);
 * - any other status: every step with the log's status.
 * Which step fails is drawn from the log's id, so the demo's failed runs fail at different steps.
 */
import type { SimLog, SimStep } from './types';

export interface SimStepOutcome {
  status: string;
  actual?: string;
}

/** What a failing step did instead, by the log's id. */
const ACTUALS = [
  'An error page is shown: "Something went wrong (HTTP 500)"',
  'Nothing happens: the page stays as it was',
  'The page shows "Card declined" and no order is created',
  'The request times out after 30 s',
];
const BLOCKED = 'Could not be run: the test environment was not available';

/** The case's steps in their order, as test step logs follow them. */
export const orderedSteps = (steps: readonly SimStep[]) => [...steps].sort((a, b) => a.order - b.order);

/** One outcome per step of `steps` (in their order) for the log. */
export function stepOutcomes(log: SimLog, steps: readonly SimStep[]): SimStepOutcome[] {
  const n = steps.length;
  if (log.stepResults) return Array.from({ length: n }, (_, i) => log.stepResults![i] ?? { status: 'Unexecuted' });
  if (n === 0 || (log.status !== 'Failed' && log.status !== 'Blocked')) return steps.map(() => ({ status: log.status }));
  const at = log.id % n;
  const failed: SimStepOutcome =
    log.status === 'Failed' ? { status: 'Failed', actual: ACTUALS[log.id % ACTUALS.length] } : { status: 'Blocked', actual: BLOCKED };
  return steps.map((_, i) => (i < at ? { status: 'Passed' } : i === at ? failed : { status: 'Unexecuted' }));
}
