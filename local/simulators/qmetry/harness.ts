/**
 * Runs the QMetry simulator on a local port for tests and scripts, with a FetchLike that sends
 * `https://<site>.qmetry.com/...` there (see ../shared/harness.ts).
 */
import { startSimulatorHarness, type RunningSimulator } from '../shared/harness';
import { createQmetrySimulator, type QmetrySimulator, type QmetrySimulatorOptions } from './index';

export type RunningQmetrySimulator = RunningSimulator<QmetrySimulator>;

export async function startQmetrySimulator(opts: QmetrySimulatorOptions = { seed: 'demo' }): Promise<RunningQmetrySimulator> {
  return startSimulatorHarness('/qmetry', createQmetrySimulator(opts), 'QMetry');
}
