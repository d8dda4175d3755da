/**
 * The step results of a QMetry test case run: not read. The facts the connector follows (contracts/qmetry/SOURCES.md:
 * SmartBear's own QMetry client and the vendor's API pages) document no call that lists the step executions of a test
 * case run: `/rest/testcases/steps/list` is a test case version's steps as designed, and the execution calls
 * (`/rest/execution/list/viewColumns`, `/rest/testcases/execution`) answer one row per test case run without its steps.
 * Rather than guess an endpoint, the connector answers no step results, says why, and sends no request; a bug from a
 * QMetry run then names no failing step.
 */
import type { StepResults } from '../types';

export const QMETRY_STEP_RESULTS_UNSUPPORTED =
  "QMetry's Open API documents no call that lists the step results of a test case run, so TestSync does not read them";

export async function readQmetryStepResults(): Promise<StepResults> {
  return { steps: [], unsupported: QMETRY_STEP_RESULTS_UNSUPPORTED };
}
