/**
 * Runs the qTest simulator on a local port for tests and scripts, with a FetchLike that sends
 * `https://<site>.qtestnet.com/...` there (see ../shared/harness.ts).
 */
import { startSimulatorHarness, type RunningSimulator } from '../shared/harness';
import { createQtestSimulator, type QtestSimulator, type QtestSimulatorOptions, type QtestViolation } from './index';

export type RunningQtestSimulator = RunningSimulator<QtestSimulator>;

export async function startQtestSimulator(opts: QtestSimulatorOptions = { seed: 'demo' }): Promise<RunningQtestSimulator> {
  return startSimulatorHarness('/qtest', createQtestSimulator(opts), 'qTest');
}

/** The violations recorded so far, emptied: tests end by asserting none are left. */
export function takeViolations(sim: Pick<QtestSimulator, 'violations'>): QtestViolation[] {
  return sim.violations.splice(0, sim.violations.length);
}
