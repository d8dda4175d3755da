/**
 * Two connections syncing at once and covering the same stories: a requirement another run will recompute later
 * is left to it, so each story's coverage is computed and written once, not once per connection.
 */
import { useKv } from '../../../src/platform/kv';
import { leftToOtherRuns } from '../../../src/sync/coverage-share';
import { markCoverageStale } from '../../../src/sync/item-index';
import { takeActiveLock } from '../../../src/sync/lock';
import { newRunId, saveRun, type RunRecord } from '../../../src/sync/run-store';
import { MemoryKv } from '../../support/engine/memory-kv';

const now = new Date('2026-11-29T10:00:00Z');

async function runOf(connectionId: string, phase: RunRecord['cursor']['phase'], over: Partial<RunRecord> = {}): Promise<void> {
  const run: RunRecord = {
    runId: `${newRunId(now)}-${connectionId}`, connectionId, trigger: 'schedule', dryRun: false, state: 'running', startedAt: now.toISOString(),
    counts: { created: 0, updated: 0, unchanged: 0, linked: 0, failed: 0 }, errors: [], warnings: [],
    cursor: { step: 1, mappingIndex: 0, phase, mappings: ['1'] }, ...over,
  };
  await saveRun(run);
  await takeActiveLock(connectionId, run.runId, now);
}

describe('coverage shared between connections syncing at once', () => {
  let restore: () => void;
  beforeEach(() => {
    restore = useKv(new MemoryKv(() => now.getTime()));
  });
  afterEach(() => restore());

  it('leaves to a run still before its coverage phase the requirements it has marked too', async () => {
    await runOf('xray-a', 'runs');
    await markCoverageStale('xray-a', ['SHOP-1', 'SHOP-2']);
    expect([...(await leftToOtherRuns('qtest-a', ['SHOP-1', 'SHOP-3']))]).toEqual(['SHOP-1']);
  });

  it('keeps them when the other run is in or past its coverage phase, a dry run, or no longer under way', async () => {
    await runOf('xray-a', 'coverage');
    await runOf('qmetry-a', 'cases', { dryRun: true });
    await runOf('qtest-b', 'cases', { state: 'failed' });
    for (const c of ['xray-a', 'qmetry-a', 'qtest-b']) await markCoverageStale(c, ['SHOP-1']);
    // A connection with a marker but no run under way: its next run is not soon enough.
    await markCoverageStale('qtest-c', ['SHOP-1']);
    expect([...(await leftToOtherRuns('qtest-a', ['SHOP-1']))]).toEqual([]);
  });

  it('never leaves a requirement to the run asking', async () => {
    await runOf('qtest-a', 'cases');
    await markCoverageStale('qtest-a', ['SHOP-1']);
    expect([...(await leftToOtherRuns('qtest-a', ['SHOP-1']))]).toEqual([]);
  });
});
