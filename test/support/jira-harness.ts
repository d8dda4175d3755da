/**
 * A fresh Jira simulator on loopback for each test of a file, checked after each test for requests the real
 * Jira would have rejected.
 */
import type { JiraSimulatorOptions } from '../../local/simulators/jira';
import { startJiraHarness, type JiraHarness } from '../../local/simulators/jira/testing';

/** The harness of the running test (filled in by beforeEach), and an optional step after it starts. */
export function useJiraHarness(opts: JiraSimulatorOptions = {}, prepare?: (h: JiraHarness) => Promise<void>): JiraHarness {
  const current = {} as JiraHarness;
  beforeEach(async () => {
    Object.assign(current, await startJiraHarness(opts));
    await prepare?.(current);
  });
  afterEach(async () => {
    expect(current.sim.violations).toEqual([]);
    await current.close();
  });
  return current;
}
