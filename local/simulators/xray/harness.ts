/**
 * Runs the Xray simulator on a local port for tests and scripts, with a FetchLike that sends
 * `https://{,us.,eu.,au.}xray.cloud.getxray.app/...` there (see ../shared/harness.ts).
 */
import { startSimulatorHarness, type RunningSimulator } from '../shared/harness';
import { createXraySimulator, type XraySimulator, type XraySimulatorOptions } from './index';

export type RunningXraySimulator = RunningSimulator<XraySimulator>;

export async function startXraySimulator(opts: XraySimulatorOptions = { seed: 'demo' }): Promise<RunningXraySimulator> {
  return startSimulatorHarness('/xray', createXraySimulator(opts), 'Xray');
}
