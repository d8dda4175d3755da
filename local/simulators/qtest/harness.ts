/**
 * Runs the qTest simulator on a local port for tests and scripts, with a FetchLike that sends
 * `https://<site>.qtestnet.com/...` there (see ../shared/harness.ts).
 */
import { startSimulatorHarness, type RunningSimulator } from '../shared/harness';
import { createQtestSimulator, type QtestSimulator, type QtestSimulatorOptions } from './index';

export type RunningQtestSimulator = RunningSimulator<QtestSimulator>;

export async function startQtestSimulator(opts: QtestSimulatorOptions = { seed: 'demo' }): Promise<RunningQtestSimulator> {
  return startSimulatorHarness('/qtest', createQtestSimulator(opts), 'qTest');
}
