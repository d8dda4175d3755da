/**
 * The result of each step of a simulated Test Run, as `TestRun.steps` answers them (TestRunStep `status`, a StepStatus,
 * and `actualResult`): the run's own `stepResults` when a test set them (state.setStepResults), else derived from the
 * run's status, the same on every answer:
 * - FAILED: the steps before one of them PASSED, that one FAILED with an actual result, the ones after TODO;
 * - PASSED (and the custom FLAKY_RETRY, a pass): every step PASSED;
 * - EXECUTING and ABORTED: the steps before one of them PASSED, the rest TODO;
 * - any other status: every step TODO.
 * Which step is reached is drawn from the run's id, so the demo's failed runs fail at different steps. Step statuses
 * are Xray's own catalogue of them (PASSED, FAILED, TODO, EXECUTING), apart from the Test Run statuses.
 */
import type { SimRun, SimStep } from './types';

export interface SimStepOutcome {
  status: string;
  actualResult?: string;
}

/** Xray's step statuses, as StepStatus answers them. */
const STEP_STATUSES: Record<string, { color: string; description: string }> = {
  PASSED: { color: '#95C160', description: 'The test step has passed' },
  FAILED: { color: '#D45D52', description: 'The test step has failed' },
  TODO: { color: '#A2A6AE', description: 'The test step has not started' },
  EXECUTING: { color: '#F1E069', description: 'The test step is being executed' },
};

/** StepStatus of a step status name (an unknown one, set by a test, with a neutral colour). */
export const stepStatusView = (name: string) => ({ name, ...(STEP_STATUSES[name] ?? { color: '#777777', description: '' }) });

/** What a failing step did instead, by the run's id. */
const ACTUALS = [
  'An error page is shown: "Something went wrong (HTTP 500)"',
  'Nothing happens: the page stays as it was',
  'The page shows "Card declined" and no order is created',
  'The request times out after 30 s',
];

/** One outcome per step of `steps` for the run. */
export function stepOutcomes(run: SimRun, steps: readonly SimStep[]): SimStepOutcome[] {
  const n = steps.length;
  if (run.stepResults) return Array.from({ length: n }, (_, i) => run.stepResults![i] ?? { status: 'TODO' });
  const draw = parseInt(run.id.slice(-6), 16) || 0;
  const at = n === 0 ? 0 : draw % n;
  switch (run.status) {
    case 'FAILED':
      return steps.map((_, i) => (i < at ? { status: 'PASSED' } : i === at ? { status: 'FAILED', actualResult: ACTUALS[draw % ACTUALS.length] } : { status: 'TODO' }));
    case 'PASSED':
    case 'FLAKY_RETRY':
      return steps.map(() => ({ status: 'PASSED' }));
    case 'EXECUTING':
    case 'ABORTED':
      return steps.map((_, i) => ({ status: i < at ? 'PASSED' : 'TODO' }));
    default:
      return steps.map(() => ({ status: 'TODO' }));
  }
}
