/**
 * What a page open does for the index before it reports, within a small budget: the requirements it is about to
 * show that a writer left marked are computed afresh, and while the index is incomplete (coverage computed before
 * it existed, or a damaged value) the requirements shown that have coverage but no entry yet are built first, then
 * a step of the rebuild. Whatever the budget leaves is reported as not indexed yet, never as uncovered. Without the
 * lock (another writer holds it) the page computes what it shows in memory and writes nothing.
 */
import { kv } from '../platform/kv';
import type { TraceRequirement } from './model';
import type { ProjectIndex } from './store';
import { deleteKeys, withIndexLock, writeState, type IndexState } from './store';
import { applyEntries, computeEntries, ensureState, hasCoverageRecords, invocationMsLeft, rebuildStep, REBUILD_START, type IndexDeps } from './writer';

export interface UpkeepBudget {
  /** Requirements computed at most. */
  requirements: number;
  /** Milliseconds of work at most (a resolver has 25 s in all). */
  ms: number;
  /** How long to wait for another writer. */
  lockWaitMs: number;
}

export const PAGE_UPKEEP: UpkeepBudget = { requirements: 100, ms: 6_000, lockWaitMs: 2_000 };

/** Requirements checked for coverage records per open while the index is incomplete (a read unit each). */
const CHECKED_MAX = 400;

export interface Upkept {
  requirements: Map<string, TraceRequirement>;
  /** Requirements with coverage that the index does not hold yet (shown as not indexed yet). */
  pending: Set<string>;
  /** The index is still being built. */
  building: boolean;
  /** Stored values of the index could not be read (they are being rebuilt). */
  damaged: boolean;
}

/**
 * Brings the entries of `inScope` (the requirements the page shows, with their issue types) up to date where the
 * index is behind, and answers the entries to report from.
 */
export async function keepCurrent(project: string, index: ProjectIndex, inScope: Map<string, string>, deps: IndexDeps, given: UpkeepBudget = PAGE_UPKEEP): Promise<Upkept> {
  const started = Date.now();
  // At most a third of what is left of the resolver's 25 s: the Jira reads and the answer need the rest.
  const budget = { ...given, ms: Math.min(given.ms, invocationMsLeft() / 3) };
  const requirements = new Map(index.requirements);
  const damaged = index.damaged.length > 0;
  const legacy = !index.state && !damaged && (await hasCoverageRecords(project));
  const incomplete = damaged || (index.state ? !index.state.built : legacy);
  const marked = new Set(index.dirty.map((d) => d.requirementKey));
  const stale = [...inScope.keys()].filter((k) => marked.has(k));
  let missing: string[] = [];
  let unchecked: string[] = [];
  if (incomplete) {
    // Which of the shown requirements have coverage the index lacks: one coverage record read each, at most
    // CHECKED_MAX an open (the rest are not indexed yet, as far as this open can tell).
    const absent = [...inScope.keys()].filter((k) => !requirements.has(k) && !marked.has(k));
    unchecked = absent.slice(CHECKED_MAX);
    // Only whether the record is there matters (a damaged one still says the coverage was computed).
    const records = await kv().getMany(absent.slice(0, CHECKED_MAX).map((k) => `coverage:${k}`));
    missing = absent.filter((k) => records.has(`coverage:${k}`));
  }
  const wanted = [...stale, ...missing, ...unchecked];
  if (wanted.length === 0 && !incomplete) return { requirements, pending: new Set(), building: false, damaged: false };

  const now = wanted.slice(0, budget.requirements);
  let state: IndexState | undefined = index.state;
  let computed = new Map<string, TraceRequirement>();
  const locked = await withIndexLock(project, budget.lockWaitMs, async () => {
    if (damaged) {
      // Unreadable values are derived data: they go, and the whole index is built again from the coverage.
      await deleteKeys(index.damaged);
      state = { v: 1, built: false, todo: REBUILD_START, buckets: index.buckets };
      await writeState(project, state);
    } else state = await ensureState(project);
    computed = await computeEntries(now, deps, inScope);
    await applyEntries(project, computed);
    await deleteKeys(index.dirty.filter((d) => computed.has(d.requirementKey)).map((d) => d.key));
    if (!state.built) {
      state = await rebuildStep(project, state, deps, { requirements: budget.requirements - now.length, until: started + budget.ms });
    }
  });
  if (!locked.held) computed = await computeEntries(now, deps, inScope);
  for (const [key, entry] of computed) requirements.set(key, entry);
  const pending = new Set(wanted.filter((k) => !computed.has(k)));
  const building = state ? !(state as IndexState).built : incomplete;
  return { requirements, pending, building, damaged };
}
