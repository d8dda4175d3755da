/**
 * Keeps the traceability index current. The coverage phase calls `indexCoverage` with every requirement it just
 * computed (src/sync/coverage.ts); the page folds in what a writer left marked and builds what is missing (upkeep.ts).
 * A bucket is written only when one of its requirements changed, by one writer at a time (the project's lock);
 * a writer that cannot get the lock leaves markers, and whoever holds it next computes those requirements afresh.
 *
 * Requirements whose coverage was computed before the index existed are found by their coverage records
 * (`coverage:<KEY>`, one per requirement whose coverage was ever written) and built a few at a time: the state
 * names the issue-number prefixes left (`1`..`9` at first; a prefix with too many requirements for one step is split
 * into its ten longer prefixes and the requirement it names alone), so the walk resumes without a storage cursor.
 */
import { getAppContext } from '@forge/api';
import pLimit from 'p-limit';
import { kv } from '../platform/kv';
import { markTrendDue } from '../gadget/trend-due';
import { log } from '../platform/log';
import type { CoveringTest } from '../sync/coverage-index';
import { projectOfKey, sameRequirement, traceRequirementOf, type TraceRequirement } from './model';
import { bucketOf, readBuckets, readDirty, readState, deleteKeys, updateState, withIndexLock, writeBucket, writeDirty, writeState, type IndexState } from './store';

export interface IndexDeps {
  /** Issue types of requirements, as the app sees them in Jira (absent: not found). */
  issueFacts(keys: string[]): Promise<Map<string, { issueType?: string }>>;
  /** The tests that cover a requirement, as its coverage counts them. */
  coveringTests(requirementKey: string): Promise<CoveringTest[]>;
}

/** A requirement's coverage as the coverage phase computed it. */
export interface ComputedCoverage {
  key: string;
  type?: string;
  tests: CoveringTest[];
}

/** Where a rebuild starts: every issue number begins with one of these. */
export const REBUILD_START = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
const DIGITS = ['0', ...REBUILD_START];
const coverageRecordKey = (requirementKey: string) => `coverage:${requirementKey}`;
/** Requirements whose covering tests are read at once (each a storage query or two). */
const COMPUTE_CONCURRENCY = 6;

/** Entries for these requirements, computed now from the coverage index (types from `knownTypes`, else from Jira). */
export async function computeEntries(keys: string[], deps: IndexDeps, knownTypes: Map<string, string> = new Map()): Promise<Map<string, TraceRequirement>> {
  const unknown = keys.filter((k) => !knownTypes.has(k));
  const facts = unknown.length > 0 ? await deps.issueFacts(unknown) : new Map<string, { issueType?: string }>();
  const limit = pLimit(COMPUTE_CONCURRENCY);
  const tests = await Promise.all(keys.map((key) => limit(() => deps.coveringTests(key))));
  return new Map(keys.map((key, i) => [key, traceRequirementOf(tests[i], knownTypes.get(key) ?? facts.get(key)?.issueType)]));
}

/**
 * Writes these requirements into their buckets (call it holding the lock); a bucket whose requirements are all
 * unchanged is not written. An entry without a type keeps the one stored. Answers how many requirements changed.
 */
export async function applyEntries(project: string, entries: Map<string, TraceRequirement>): Promise<number> {
  const byBucket = new Map<number, [string, TraceRequirement][]>();
  for (const [key, entry] of entries) byBucket.set(bucketOf(key), [...(byBucket.get(bucketOf(key)) ?? []), [key, entry]]);
  const stored = await readBuckets(project, [...byBucket.keys()]);
  let changed = 0;
  const written: number[] = [];
  for (const [bucket, list] of byBucket) {
    const current = stored.get(bucket)!;
    const next = new Map(current.requirements);
    let bucketChanged = current.damaged.length > 0;
    for (const [key, entry] of list) {
      const held = current.requirements.get(key);
      const merged = entry.type || !held?.type ? entry : { ...entry, type: held.type };
      if (sameRequirement(held, merged)) continue;
      next.set(key, merged);
      changed++;
      bucketChanged = true;
    }
    if (bucketChanged) {
      await writeBucket(project, bucket, next, current.keys);
      written.push(bucket);
    }
  }
  // The state lists every bucket written, so one that goes missing later is noticed (a state write per new bucket).
  const listed = (await readState(project))?.buckets;
  if (listed && written.some((b) => !listed.includes(b))) {
    await updateState(project, (s) => ({ ...s, buckets: [...new Set([...(s.buckets ?? []), ...written])].sort((a, b) => a - b) }));
  }
  return changed;
}

/** The project's state; written on first use, as complete unless coverage was computed before the index existed. */
export async function ensureState(project: string): Promise<IndexState> {
  const held = await readState(project);
  if (held) return held;
  const state: IndexState = (await hasCoverageRecords(project)) ? { v: 1, built: false, todo: REBUILD_START, buckets: [] } : { v: 1, built: true, buckets: [] };
  await writeState(project, state);
  return state;
}

/** Whether any requirement of the project had its coverage written (by this release or an earlier one). */
export async function hasCoverageRecords(project: string): Promise<boolean> {
  return (await kv().query(`coverage:${project}-`, { limit: 1 })).results.length > 0;
}

/** The requirements with coverage records under an issue-number prefix, or 'too-many' past `max`. */
async function coveredUnder(project: string, prefix: string, max: number): Promise<string[] | 'too-many'> {
  if (prefix.endsWith('=')) {
    const key = `${project}-${prefix.slice(0, -1)}`;
    return (await kv().getMany([coverageRecordKey(key)])).has(coverageRecordKey(key)) ? [key] : [];
  }
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv().query(coverageRecordKey(`${project}-${prefix}`), { cursor, limit: 20 });
    keys.push(...page.results.map((r) => r.key.slice(coverageRecordKey('').length)));
    if (keys.length > max) return 'too-many';
    cursor = page.nextCursor;
  } while (cursor);
  return keys;
}

export interface Budget {
  /** Requirements to compute at most. */
  requirements: number;
  /** Epoch ms to stop by (a step under way finishes). */
  until: number;
}

/** Builds what is left of the index, within the budget (call it holding the lock); answers the state after. */
export async function rebuildStep(project: string, state: IndexState, deps: IndexDeps, budget: Budget): Promise<IndexState> {
  const todo = [...(state.todo ?? [])];
  let done = 0;
  let current = state;
  while (todo.length > 0 && done < budget.requirements && Date.now() < budget.until) {
    const prefix = todo[0];
    const keys = await coveredUnder(project, prefix, Math.max(20, budget.requirements - done));
    if (keys === 'too-many') {
      todo.splice(0, 1, `${prefix}=`, ...DIGITS.map((d) => `${prefix}${d}`));
      continue;
    }
    if (keys.length > 0) await applyEntries(project, await computeEntries(keys, deps));
    todo.shift();
    done += keys.length;
    const left = [...todo];
    current = await updateState(project, ({ todo: _t, ...s }) => (left.length > 0 ? { ...s, built: false, todo: left } : { ...s, built: true }));
  }
  if (todo.length > 0 && current.todo?.join() !== todo.join()) {
    const left = [...todo];
    current = await updateState(project, (s) => ({ ...s, built: false, todo: left }));
  }
  return current;
}

/** What is left of the invocation (Forge's own count); without a platform, no limit. */
export function invocationMsLeft(): number {
  try {
    return getAppContext().invocationRemainingTimeInMillis();
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** How many requirements one call of the coverage phase builds of an index left to rebuild, and for how long at most. */
const SYNC_REBUILD_REQUIREMENTS = 50;
const SYNC_REBUILD_MS = 5_000;
/** A writer waits this long for another one (a page, another connection's run) before leaving markers. */
const SYNC_LOCK_WAIT_MS = 3_000;
/**
 * The index's work in a call never takes more than this share of what is left of the invocation: the coverage
 * phase sizes its units without it, and the panel's refresh calls it inside a resolver.
 */
const SHARE_OF_WHAT_IS_LEFT = 0.1;
/** Markers folded in per call at most (each is a requirement computed again). */
const FOLD_MAX = 200;

/**
 * Records requirements whose coverage was just computed, folds in what other writers marked, and builds a little
 * of what is missing. A failure is logged and the requirements are marked instead, so the next writer or the page
 * computes them: the index never stops a sync, unless storage itself fails (the step is then retried).
 */
export async function indexCoverage(computed: ComputedCoverage[], deps: IndexDeps, opts: { lockWaitMs?: number } = {}): Promise<void> {
  const byProject = new Map<string, ComputedCoverage[]>();
  for (const c of computed) {
    const project = projectOfKey(c.key);
    if (project) byProject.set(project, [...(byProject.get(project) ?? []), c]);
  }
  for (const [project, list] of byProject) {
    try {
      const entries = new Map(list.map((c) => [c.key, traceRequirementOf(c.tests, c.type)]));
      const spare = invocationMsLeft() * SHARE_OF_WHAT_IS_LEFT;
      const done = await withIndexLock(project, opts.lockWaitMs ?? Math.min(SYNC_LOCK_WAIT_MS, spare), async () => {
        const state = await ensureState(project);
        const markers = (await readDirty(project, FOLD_MAX)).filter((m) => projectOfKey(m.requirementKey) === project);
        const again = [...new Set(markers.map((m) => m.requirementKey))].filter((k) => !entries.has(k));
        const all = new Map([...(await computeEntries(again, deps)), ...entries]);
        await applyEntries(project, all);
        await deleteKeys(markers.map((m) => m.key));
        if (!state.built) await rebuildStep(project, state, deps, { requirements: SYNC_REBUILD_REQUIREMENTS, until: Date.now() + Math.min(SYNC_REBUILD_MS, spare) });
      });
      if (!done.held) await writeDirty(project, [...entries.keys()]);
    } catch (e) {
      log.warn('traceability-index-failed', { phase: 'coverage', project, requirements: list.length }, e);
      await writeDirty(project, list.map((c) => c.key));
    }
  }
  // The readiness trend owes these projects a point at the end of the sync (src/gadget/trend.ts).
  await markTrendDue([...byProject.keys()]);
}
