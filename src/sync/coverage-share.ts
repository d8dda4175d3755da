/**
 * Connections that sync at the same time often cover the same requirements (a story tested from qTest and Xray).
 * Each run recomputes the coverage its own changes made stale; when another connection's run is still before its
 * coverage phase and has the same requirement marked, that run will recompute it later, from records that then
 * include this run's (they are stored before a coverage phase starts). This run leaves such requirements to it,
 * so a requirement is computed and written once, not once per connection. Should that run end before its
 * coverage phase, its markers stay for its connection's next run.
 */
import { activeRuns } from './lock';
import { markedStale } from './item-index';
import { getRun, isFinished, type RunPhase } from './run-store';

const BEFORE_COVERAGE: readonly RunPhase[] = ['retry', 'cases', 'runs', 'deletions', 'remap', 'flush'];

/** The requirements among these that another connection's run under way will recompute after this moment. */
export async function leftToOtherRuns(connectionId: string, requirementKeys: string[]): Promise<Set<string>> {
  const left = new Set<string>();
  if (requirementKeys.length === 0) return left;
  for (const other of await activeRuns()) {
    if (other.connectionId === connectionId) continue;
    const run = await getRun(other.runId);
    if (!run || isFinished(run) || run.dryRun || !BEFORE_COVERAGE.includes(run.cursor.phase)) continue;
    for (const key of await markedStale(other.connectionId, requirementKeys.filter((k) => !left.has(k)))) left.add(key);
  }
  return left;
}
