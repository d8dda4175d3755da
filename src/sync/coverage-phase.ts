/**
 * The coverage phase of a run, a unit at a time: the stories edited in Jira are marked (at most hourly), the stories
 * this connection's changes made stale are computed again from the app's index, then those whose open defects are
 * done in Jira now, and the readiness trend gets its points.
 */
import { deleteMany } from '../config/store';
import { recordTrendPoints } from '../gadget/trend';
import { log } from '../platform/log';
import { pausesRun } from './context';
import { recheckDefects, recountAfterUpgrade, refreshCoverages, type CoverageOutcome } from './coverage';
import { leftToOtherRuns } from './coverage-share';
import { markEditedRequirements } from './edited-requirements';
import { staleCoveragePage } from './item-index';
import type { RunRecord } from './run-store';
import type { UnitEnv } from './units';

/** Requirements per coverage unit: one bulk write of Jira's 100. */
const COVERAGE_PER_UNIT = 100;

/** One unit of the coverage phase; answers true when the phase is complete. */
export async function coverageStep(run: RunRecord, env: UnitEnv): Promise<boolean> {
  if (run.dryRun) {
    await recordTrendPoints(run, env);
    return true;
  }
  // Stories whose fix versions were edited in Jira are recomputed with the others (at most hourly).
  try {
    await markEditedRequirements(env.base.jira, run.connectionId, env.now());
  } catch (e) {
    // Jira's rate limit pauses the run as everywhere; any other failure only postpones the look (its mark stays,
    // so the next look covers this one's window too) and the coverage phase goes on.
    if (pausesRun(e)) throw e;
    run.warnings.push(`Requirements edited in Jira could not be looked for (${e instanceof Error ? e.message : String(e)}); the next sync looks again.`);
  }
  // Properties an older release wrote are computed again once, whatever changed.
  const recounted = await recountAfterUpgrade(run.connectionId);
  if (recounted > 0) log.info('coverage-recount-after-upgrade', { run: run.runId, connection: run.connectionId, requirements: recounted });
  if (!(await coverageUnit(run, env))) return false;
  await recheckDefectsUnit(run, env);
  await recordTrendPoints(run, env);
  return true;
}

/**
 * Recomputes up to COVERAGE_PER_UNIT requirements whose coverage this connection's changes made stale. Answers
 * true when none is left but those this run could not write (their markers stay for the next run).
 */
async function coverageUnit(run: RunRecord, env: UnitEnv): Promise<boolean> {
  const skipped = new Set(run.cursor.coverageSkipped ?? []);
  const todo: { key: string; requirementKey: string }[] = [];
  // Storage cursors are not kept across invocations: walk from the start, past the markers set aside.
  let cursor: string | undefined;
  do {
    const page = await staleCoveragePage(run.connectionId, cursor);
    todo.push(...page.markers.filter((m) => !skipped.has(m.requirementKey)));
    cursor = page.nextCursor;
  } while (cursor && todo.length < COVERAGE_PER_UNIT);
  if (todo.length === 0) {
    delete run.cursor.coverageSkipped;
    return true;
  }
  const batch = todo.slice(0, COVERAGE_PER_UNIT);
  const markerOf = new Map(batch.map((m) => [m.requirementKey, m.key]));
  const others = await leftToOtherRuns(run.connectionId, batch.map((m) => m.requirementKey));
  const result = await refreshCoverages(env.base.jira, batch.map((m) => m.requirementKey).filter((k) => !others.has(k)), env.now());
  const written = [...result.written, ...result.unchanged, ...result.gone, ...others].map((k) => markerOf.get(k)!);
  sayCoverageOutcome(run, result);
  for (const { key } of result.failed) skipped.add(key);
  await deleteMany(written);
  if (skipped.size > 0) run.cursor.coverageSkipped = [...skipped];
  return false;
}

/** What the run says of a coverage computation: requirements gone or not written, defects Jira could not tell of. */
function sayCoverageOutcome(run: RunRecord, result: CoverageOutcome): void {
  for (const w of result.warnings) if (!run.warnings.includes(w)) run.warnings.push(w);
  for (const key of result.gone) run.warnings.push(`${key} no longer exists in Jira; its coverage is not written.`);
  for (const { key, error } of result.failed) {
    run.warnings.push(`Coverage of ${key} could not be written (${error instanceof Error ? error.message : String(error)}); the next sync writes it.`);
  }
}

/**
 * The requirements whose open defects are done in Jira now are computed again (src/sync/defect-watches.ts). Jira's
 * rate limit pauses the run (the phase's end is done again, which costs nothing); any other failure is a warning
 * and the watches stay for the next sync.
 */
async function recheckDefectsUnit(run: RunRecord, env: UnitEnv): Promise<void> {
  try {
    const outcome = await recheckDefects(env.base.jira, env.now(), run.startedAt);
    if (outcome) sayCoverageOutcome(run, outcome);
  } catch (e) {
    if (pausesRun(e)) throw e;
    log.warn('defect-recheck-failed', { run: run.runId, phase: 'coverage' }, e);
    run.warnings.push(`The defects of requirements could not be looked at again (${e instanceof Error ? e.message : String(e)}); the next sync looks again.`);
  }
}

