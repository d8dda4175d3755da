/**
 * The units of work a run is made of, each small enough to finish well inside an invocation: a batch of due
 * failed items, a chunk of a page of test cases, a page of runs, a batch of re-mapped results, of flushed
 * properties, of coverage. Each unit moves the run's cursor; the engine saves it after every unit.
 */
import { getMapping, type MappingRecord } from '../config/mappings';
import { clearRemap, remapPending } from '../config/status-mappings';
import { ConnectorError, type Connector, type ReadOptions, type RunCache } from '../connectors/types';
import type { Page, TestCase, TestRun } from '../domain/model';
import { syncCasePage } from './case-page';
import { getCheckpoint, later, saveCheckpoint } from './checkpoints';
import { itemFailed, type ConnectionContext, type SyncContext } from './context';
import { coverageStep } from './coverage-phase';
import { flushDirty } from './dirty';
import { dueFailures, loadFailures, parkFailures, resolveFailures, type FailureRecord } from './failures';
import { remapSyncedResults } from './remap';
import type { RunRecord } from './run-store';
import { syncRunPage } from './run-page';
import { deletionsUnit } from './deletions';
import { isPageAside, isUnidentified, pageReadAgain, reportUnreadable, setPageAside } from './unreadable';
import { keepCasesPage, keptCasesPage } from './kept-page';

const RETRIES_PER_UNIT = 20;
/** Test cases synced per unit: a page of up to 999 is worked through in chunks, resumably. */
export const CASES_PER_UNIT = 50;
/**
 * Runs gathered per unit: pages are read until this many tests are touched or runs gathered, or reading took
 * this share of the budget (at most a minute). Each touched test's record is then read and written once for the
 * unit, however many of its runs the pages held (a tool lists runs by time, each page holding a run of many tests).
 * Fewer tests when the run's storage share would not store them in a quarter of the budget.
 */
export const RUNS_UNIT = { tests: 5_000, runs: 20_000, readShare: 0.1, readMs: 60_000, storageShare: 0.25, unitsPerTest: 4 };

/**
 * Tests a runs unit may touch: RUNS_UNIT.tests, or what a quarter of the budget's storage share can store (about
 * four units a test), or 50
 * a second of the budget (a short budget); never fewer than a chunk of cases. A unit always takes whole pages.
 */
export function testsPerRunsUnit(env: Pick<UnitEnv, 'budgetMs' | 'storageUnitsPerMinute'>): number {
  // A touched test costs its record read and written, and its share of its stories' coverage entries and markers.
  const tests = (env.storageUnitsPerMinute * env.budgetMs * RUNS_UNIT.storageShare) / 60_000 / RUNS_UNIT.unitsPerTest;
  return Math.max(CASES_PER_UNIT, Math.min(RUNS_UNIT.tests, Math.floor(tests), Math.floor(env.budgetMs / 20)));
}

/** What a unit needs besides the run: a context for a mapping, and pages read earlier in this invocation. */
export interface UnitEnv {
  base: ConnectionContext;
  contextFor(mapping: MappingRecord): SyncContext;
  connector: Connector;
  now: () => Date;
  timeLeft: () => boolean;
  /** The invocation's time budget. */
  budgetMs: number;
  /** Storage units a minute this run may use (its share of the installation's). */
  storageUnitsPerMinute: number;
  /** Pages of test cases read in this invocation, by mapping and cursor: a page worked through in chunks is read once. */
  pages: Map<string, Page<TestCase>>;
  /** The run's cache in storage: the page a mapping is being worked through, for a continuation (kept-page.ts). */
  runCache: RunCache;
}

export function nextMapping(run: RunRecord): void {
  run.cursor.mappingIndex++;
  run.cursor.phase = run.cursor.mappingIndex < run.cursor.mappings.length ? 'cases' : 'remap';
  delete run.cursor.pageCursor;
  delete run.cursor.doneInPage;
  delete run.cursor.casesHigh;
  delete run.cursor.runsHigh;
  delete run.cursor.highIds;
}

/** The phase after the connection-level retry phase. */
export function afterRetry(run: RunRecord): RunRecord['cursor']['phase'] {
  return run.cursor.mappings.length > 0 ? 'cases' : 'remap';
}

/** One unit of the run's current phase. */
export async function processUnit(run: RunRecord, env: UnitEnv): Promise<void> {
  const c = run.cursor;
  switch (c.phase) {
    case 'retry':
      return retryUnit(run, env);
    case 'cases':
    case 'runs':
    case 'deletions': {
      const mapping = await getMapping(run.connectionId, c.mappings[c.mappingIndex] ?? '');
      if (!mapping) {
        run.warnings.push(`The mapping of project ${c.mappings[c.mappingIndex]} was removed during the sync; it was skipped.`);
        return nextMapping(run);
      }
      const ctx = env.contextFor(mapping);
      if (c.phase === 'cases') {
        if (!(await readCasesUnit(ctx, env))) return;
        c.phase = mapping.syncRuns ? 'runs' : 'deletions';
        delete c.doneInPage;
      } else if (c.phase === 'runs') {
        if (await readRunsUnit(ctx, env)) c.phase = 'deletions';
      } else if (await deletionsUnit(ctx)) nextMapping(run);
      return;
    }
    case 'remap': {
      const ctx = env.base;
      const asked = run.dryRun ? undefined : await remapPending(run.connectionId);
      if (asked === undefined) c.phase = 'flush';
      else if (await remapSyncedResults(ctx, env.timeLeft)) {
        await clearRemap(run.connectionId, asked);
        c.phase = 'flush';
      }
      return;
    }
    case 'flush':
      if (run.dryRun || (await flushDirty(env.base))) c.phase = 'coverage';
      return;
    case 'coverage':
      if (await coverageStep(run, env)) c.phase = 'done';
      return;
    case 'done':
      return;
  }
}

/** Ids kept at the boundary; past this many items at one instant, the rest are simply read again. */
const BOUNDARY_IDS = 1000;

/** Moves the phase's high-water mark, keeping the ids of the items at exactly that time. */
function noteHigh(c: RunRecord['cursor'], high: 'casesHigh' | 'runsHigh', time: string | undefined, id: string): void {
  if (!time) return;
  const current = c[high];
  if (!current || time > current) {
    c[high] = time;
    c.highIds = [id];
  } else if (time === current && (c.highIds?.length ?? 0) < BOUNDARY_IDS && !c.highIds?.includes(id)) {
    c.highIds = [...(c.highIds ?? []), id];
  }
}

/** The checkpoint's next mark and boundary ids, from the old ones and what this run read. */
function nextSince<S extends 'casesSince' | 'runsSince', I extends 'casesSinceIds' | 'runsSinceIds'>(
  since: string | undefined,
  sinceIds: string[] | undefined,
  high: string | undefined,
  highIds: string[] | undefined,
  sinceKey: S,
  idsKey: I,
): { [K in S | I]?: K extends S ? string : string[] } {
  const at = later(since, high);
  const ids = at === high ? [...new Set([...(at === since ? sinceIds ?? [] : []), ...(highIds ?? [])])].slice(0, BOUNDARY_IDS) : sinceIds;
  return { [sinceKey]: at, [idsKey]: ids } as never;
}

const PHASES = {
  cases: {
    read: (c: Connector, projectId: string, opts: ReadOptions) => c.readTestCases(projectId, opts),
    id: (tc: TestCase) => tc.externalId,
    time: (tc: TestCase) => tc.updatedAt,
    since: 'casesSince',
    sinceIds: 'casesSinceIds',
    high: 'casesHigh',
    perUnit: CASES_PER_UNIT,
  },
  runs: {
    read: (c: Connector, projectId: string, opts: ReadOptions) => c.readRuns(projectId, opts),
    id: (r: TestRun) => r.externalId,
    // Runs are read by modification time where the tool has one, so a re-executed run is seen again.
    time: (r: TestRun) => r.updatedAt ?? r.executedAt,
    since: 'runsSince',
    sinceIds: 'runsSinceIds',
    high: 'runsHigh',
  },
} as const;

/**
 * Syncs the next chunk of the current page of test cases. Answers true when the phase is complete: then its
 * checkpoint moves on. Every item of the page has then reached Jira or is in the failure queue.
 */
async function readCasesUnit(ctx: SyncContext, env: UnitEnv): Promise<boolean> {
  const name = 'cases';
  const phase = PHASES.cases;
  const { run, mapping } = ctx;
  const c = run.cursor;
  const cp = await getCheckpoint(mapping);
  const pageKey = `${name}:${mapping.externalProjectId}:${c.pageCursor ?? ''}:${cp[phase.since] ?? ''}`;
  const done = new Set(c.doneInPage ?? []);
  // Items synced at exactly the checkpoint's time come back with every read: skipped unless they changed since.
  const boundary = new Set(cp[phase.sinceIds] ?? []);
  const known = (id: string, changedAt: string | undefined) => done.has(id) || (changedAt === cp[phase.since] && boundary.has(id));
  // A page is kept only by the unit that leaves some of it done: a fresh page is not looked for in storage.
  let page = env.pages.get(pageKey) ?? (done.size > 0 ? await keptCasesPage(env.runCache, mapping.externalProjectId, pageKey) : undefined);
  // Read from the tool by this unit: kept for a continuation when the unit leaves some of it to do.
  let readNow = false;
  if (!page) {
    readNow = true;
    try {
      page = await phase.read(env.connector, mapping.externalProjectId, { cursor: c.pageCursor, modifiedSince: cp[phase.since], known });
    } catch (e) {
      if (!(e instanceof ConnectorError && e.code === 'UNEXPECTED_RESPONSE')) throw e;
      // The page cannot be read: the phase ends here for this run, its checkpoint where it was.
      await setPageAside(ctx, name, e);
      delete c.doneInPage;
      delete c.pageCursor;
      return true;
    }
    if (page.unreadable?.length) await reportUnreadable(ctx, name, page.unreadable);
  }
  if (!env.pages.has(pageKey)) {
    env.pages.clear();
    env.pages.set(pageKey, page);
  }
  const todo = page.items.filter((item) => !known(phase.id(item), phase.time(item)));
  const chunk = todo.slice(0, phase.perUnit);
  await syncCasePage(ctx, chunk);
  for (const item of chunk) noteHigh(c, phase.high, phase.time(item), phase.id(item));
  if (chunk.length < todo.length) {
    if (readNow) await keepCasesPage(env.runCache, mapping.externalProjectId, pageKey, page);
    c.doneInPage = [...done, ...chunk.map((i) => phase.id(i))];
    return false;
  }
  delete c.doneInPage;
  if (page.next) {
    c.pageCursor = page.next;
    return false;
  }
  // A full read of the cases has just seen every case there is: a first deletion scan would learn nothing.
  const scanned = !cp.casesSince && !cp.deletionsScannedAt ? { deletionsScannedAt: ctx.now().toISOString() } : {};
  if (!run.dryRun) await saveCheckpoint(mapping, { ...cp, ...nextSince(cp[phase.since], cp[phase.sinceIds], c[phase.high], c.highIds, phase.since, phase.sinceIds), ...scanned });
  delete c.pageCursor;
  delete c.highIds;
  await pageReadAgain(ctx, name);
  return true;
}

/**
 * Syncs the next pages of runs: as many as fit RUNS_UNIT, merged into their tests' records at once. Answers true
 * when the phase is complete: then its checkpoint moves on. Nothing is stored before the pages' runs are, so a
 * unit that dies is simply done again.
 */
async function readRunsUnit(ctx: SyncContext, env: UnitEnv): Promise<boolean> {
  const phase = PHASES.runs;
  const { run, mapping } = ctx;
  const c = run.cursor;
  const cp = await getCheckpoint(mapping);
  const boundary = new Set(cp.runsSinceIds ?? []);
  const known = (id: string, changedAt: string | undefined) => changedAt === cp.runsSince && boundary.has(id);
  const gathered: TestRun[] = [];
  const tests = new Set<string>();
  const readUntil = Date.now() + Math.min(RUNS_UNIT.readMs, env.budgetMs * RUNS_UNIT.readShare);
  const maxTests = testsPerRunsUnit(env);
  let cursor = c.pageCursor;
  let complete = false;
  for (;;) {
    let page: Page<TestRun>;
    try {
      page = await phase.read(env.connector, mapping.externalProjectId, { cursor, modifiedSince: cp.runsSince, known });
    } catch (e) {
      // What was gathered is synced first; the next unit meets the page again.
      if (gathered.length > 0) break;
      if (!(e instanceof ConnectorError && e.code === 'UNEXPECTED_RESPONSE')) throw e;
      // The page cannot be read: the phase ends here for this run, its checkpoint where it was.
      await setPageAside(ctx, 'runs', e);
      delete c.pageCursor;
      return true;
    }
    if (page.unreadable?.length) await reportUnreadable(ctx, 'runs', page.unreadable);
    for (const r of page.items) {
      if (known(phase.id(r), phase.time(r))) continue;
      gathered.push(r);
      tests.add(r.testCaseExternalId);
    }
    cursor = page.next;
    if (!cursor) {
      complete = true;
      break;
    }
    if (tests.size >= maxTests || gathered.length >= RUNS_UNIT.runs || Date.now() >= readUntil) break;
  }
  await syncRunPage(ctx, gathered);
  for (const r of gathered) noteHigh(c, phase.high, phase.time(r), phase.id(r));
  if (!complete) {
    c.pageCursor = cursor;
    return false;
  }
  if (!run.dryRun) await saveCheckpoint(mapping, { ...cp, ...nextSince(cp.runsSince, cp.runsSinceIds, c.runsHigh, c.highIds, phase.since, phase.sinceIds) });
  delete c.pageCursor;
  delete c.highIds;
  await pageReadAgain(ctx, 'runs');
  return true;
}

/** Reads due failed items again from their tool and syncs them. */
async function retryUnit(run: RunRecord, env: UnitEnv): Promise<void> {
  if (run.dryRun) {
    run.cursor.phase = afterRetry(run);
    return;
  }
  // A page set aside is read again by its own phase, not here.
  // An unreadable failure record is mended or set aside by the store, which says so in the run.
  const { due } = await dueFailures(run.connectionId, env.now(), RETRIES_PER_UNIT, (f) => !isPageAside(f.sourceKey));
  if (due.length === 0) {
    run.cursor.phase = afterRetry(run);
    return;
  }
  for (const failure of due) {
    await retryOne(run, env, failure);
    // Whatever happened, the item is not due again in this run: tried, resolved, or queued for later.
    const still = (await loadFailures(run.connectionId, [failure.sourceKey])).get(failure.sourceKey);
    if (still && still.lastFailedAt === failure.lastFailedAt && still.state === 'retrying' && (await getMapping(run.connectionId, failure.projectId))) {
      await itemFailed(env.contextFor((await getMapping(run.connectionId, failure.projectId))!), failure, new Error(failure.cause));
    }
  }
}

async function retryOne(run: RunRecord, env: UnitEnv, failure: FailureRecord): Promise<void> {
  if (isUnidentified(failure.sourceKey)) {
    // A record without an id cannot be read on its own: it waits, parked, for an admin (or for its page to be
    // read again).
    await parkFailures(run.connectionId, [failure.sourceKey]);
    return;
  }
  const mapping = await getMapping(run.connectionId, failure.projectId);
  if (!mapping) {
    await resolveFailures(run.connectionId, [failure.sourceKey]);
    run.warnings.push(`${failure.displayId} is no longer mapped to Jira; it was removed from Failed items.`);
    return;
  }
  const ctx = env.contextFor(mapping);
  let found;
  try {
    found = await env.connector.readTestCase(failure.projectId, failure.externalId);
  } catch (e) {
    // The whole connection failing stops the step; one item the tool cannot answer stays in the queue.
    if (e instanceof ConnectorError && ['INVALID_CREDENTIALS', 'TOKEN_EXPIRED', 'RATE_LIMITED', 'NETWORK', 'EGRESS_NOT_ALLOWED'].includes(e.code)) throw e;
    await itemFailed(ctx, failure, e);
    return;
  }
  if (!found) {
    await resolveFailures(run.connectionId, [failure.sourceKey]);
    run.warnings.push(`${failure.displayId} no longer exists in the tool; it was removed from Failed items.`);
    return;
  }
  await syncCasePage(ctx, [found.testCase]);
  if (mapping.syncRuns && !ctx.failedNow.has(failure.sourceKey)) await syncRunPage(ctx, found.runs);
}

