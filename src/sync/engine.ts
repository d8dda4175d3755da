/**
 * The sync engine: starts runs and processes them one page at a time within the invocation's time budget,
 * checkpointing after every page and continuing through the queue.
 */
import { fetch as forgeFetch } from '@forge/api';
import { getConnection, getSecret, SECRET_LABELS } from '../config/connections';
import { getMapping, listMappings, type MappingRecord } from '../config/mappings';
import { createConnector } from '../connectors/registry';
import { ConnectorError, type Connector, type FetchLike, type ReadOptions } from '../connectors/types';
import type { Page, TestCase, TestRun } from '../domain/model';
import { clearRemap, remapPending, statusMappingOf } from '../config/status-mappings';
import { pickTestLinkType, type LinkType } from '../jira/links';
import { getCheckpoint, later, saveCheckpoint } from './checkpoints';
import { syncCasePage } from './case-page';
import type { SyncContext } from './context';
import { refreshCoverage } from './coverage';
import { flushDirty } from './dirty';
import { remapSyncedResults } from './remap';
import { acquireConnectionLock, claimStep, releaseConnectionLock } from './lock';
import { pushSyncEvent, type SyncEvent } from './queue';
import { syncRunPage } from './run-page';
import { getRun, newRunId, pruneRuns, saveRun, type RunRecord } from './run-store';

/** Stop taking new pages when less than this remains of the invocation. */
export const SAFETY_MARGIN_MS = 20_000;
const COVERAGE_PER_STEP = 25;
const LOCK_RETRIES = 5;

export interface StepOutcome {
  outcome: 'done' | 'continued' | 'stale' | 'duplicate' | 'busy' | 'failed';
  retryAfterSeconds?: number;
}

export interface EngineDeps {
  remainingMs: () => number;
  now?: () => Date;
  fetch?: FetchLike;
}

/** Records a new run and queues its first step. */
export async function startRun(
  connectionId: string,
  trigger: RunRecord['trigger'],
  dryRun: boolean,
  opts: { now?: Date; mappingIds?: string[] } = {},
): Promise<RunRecord> {
  const now = opts.now ?? new Date();
  const mappings = opts.mappingIds ?? (await listMappings(connectionId)).map((m) => m.externalProjectId);
  const run: RunRecord = {
    runId: newRunId(now),
    connectionId,
    trigger,
    dryRun,
    state: 'queued',
    startedAt: now.toISOString(),
    counts: { created: 0, updated: 0, unchanged: 0, linked: 0, failed: 0 },
    ...(dryRun ? { planned: { create: [], update: [], link: [] } } : {}),
    errors: [],
    warnings: mappings.length === 0 ? ['This connection has no project mapping: nothing to sync.'] : [],
    cursor: { step: 0, mappingIndex: 0, phase: mappings.length > 0 ? 'cases' : 'remap', touched: [], mappings },
  };
  await saveRun(run);
  await pushSyncEvent({ runId: run.runId, connectionId, step: 0 });
  return run;
}

async function finish(run: RunRecord, state: RunRecord['state'], now: Date, error?: string): Promise<void> {
  if (error) run.errors.push({ message: error });
  run.state = state === 'succeeded' && run.errors.length > 0 ? 'partial' : state;
  run.finishedAt = now.toISOString();
  run.durationMs = now.getTime() - Date.parse(run.startedAt);
  run.cursor.phase = 'done';
  await saveRun(run);
  await releaseConnectionLock(run.connectionId, run.runId);
  await pruneRuns();
}

/** Processes one delivered event. Idempotent: a duplicate or stale delivery changes nothing. */
export async function processSyncEvent(event: SyncEvent, retryCount: number, deps: EngineDeps): Promise<StepOutcome> {
  const now = deps.now ?? (() => new Date());
  const run = await getRun(event.runId);
  if (!run || run.cursor.phase === 'done' || run.cursor.step !== event.step) return { outcome: 'stale' };

  const lock = await acquireConnectionLock(run.connectionId, run.runId);
  if (!lock.ok) {
    if (retryCount < LOCK_RETRIES) return { outcome: 'busy', retryAfterSeconds: 60 };
    await finish(run, 'failed', now(), `Another sync of this connection (run ${lock.heldBy}) was still running, so this one was skipped.`);
    return { outcome: 'failed' };
  }
  if (!(await claimStep(run.runId, run.cursor.step))) return { outcome: 'duplicate' };

  const connection = await getConnection(run.connectionId);
  if (!connection || !connection.connected) {
    await finish(run, 'failed', now(), 'The connection was disconnected; enter its settings again to sync.');
    return { outcome: 'failed' };
  }
  if (!connection.enabled) {
    await finish(run, 'failed', now(), `${connection.name} was disabled before this run started; enable it to sync.`);
    return { outcome: 'failed' };
  }
  const secret = await getSecret(connection.id);
  if (!secret) {
    await finish(run, 'failed', now(), `No ${SECRET_LABELS[connection.tool]} is stored for ${connection.name}; enter it on the TestSync admin page.`);
    return { outcome: 'failed' };
  }
  const connector = createConnector(connection, secret, deps.fetch ?? (forgeFetch as unknown as FetchLike));
  let linkType: Promise<LinkType> | undefined;
  const statusMapping = await statusMappingOf(connection);
  run.state = 'running';

  try {
    // processUnit moves the phase on; read it afresh each time round.
    let units = 0;
    while (phaseOf(run) !== 'done') {
      // Each invocation does at least one page, so a run always progresses whatever the budget.
      if (units > 0 && deps.remainingMs() < SAFETY_MARGIN_MS) {
        run.cursor.step++;
        await saveRun(run);
        await pushSyncEvent({ runId: run.runId, connectionId: run.connectionId, step: run.cursor.step });
        return { outcome: 'continued' };
      }
      const perMapping = run.cursor.phase === 'cases' || run.cursor.phase === 'runs';
      const mapping = perMapping ? await currentMapping(run) : undefined;
      if (perMapping && !mapping) {
        nextMapping(run);
      } else {
        const ctx: SyncContext = {
          run,
          connection,
          mapping: mapping!,
          connector,
          statusMapping,
          linkType: () => (linkType ??= pickTestLinkType()),
          now,
        };
        await processUnit(ctx, connector, now, () => deps.remainingMs() >= SAFETY_MARGIN_MS);
      }
      units++;
      await saveRun(run);
    }
    await finish(run, 'succeeded', now());
    return { outcome: 'done' };
  } catch (e) {
    if (e instanceof ConnectorError && e.code === 'RATE_LIMITED') {
      // The tool asked us to slow down: resume from the saved page after its delay.
      run.cursor.step++;
      run.warnings.push(`${connection.name} rate-limited the sync; it resumes after ${e.details.retryAfterSeconds ?? 60} s.`);
      await saveRun(run);
      await pushSyncEvent({ runId: run.runId, connectionId: run.connectionId, step: run.cursor.step }, e.details.retryAfterSeconds ?? 60);
      return { outcome: 'continued' };
    }
    await finish(run, 'failed', now(), describeFailure(e, connection.name));
    return { outcome: 'failed' };
  }
}

const phaseOf = (run: RunRecord) => run.cursor.phase;

function describeFailure(e: unknown, connectionName: string): string {
  if (e instanceof ConnectorError) return `${connectionName}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

async function currentMapping(run: RunRecord): Promise<MappingRecord | undefined> {
  const id = run.cursor.mappings[run.cursor.mappingIndex];
  return id === undefined ? undefined : getMapping(run.connectionId, id);
}

function nextMapping(run: RunRecord): void {
  run.cursor.mappingIndex++;
  run.cursor.phase = run.cursor.mappingIndex < run.cursor.mappings.length ? 'cases' : 'remap';
  delete run.cursor.pageCursor;
  delete run.cursor.casesHigh;
  delete run.cursor.runsHigh;
}

/** How each reading phase reads a page, syncs it, and which checkpoint field and item time it advances. */
const READ_PHASES = {
  cases: {
    read: (c: Connector, projectId: string, opts: ReadOptions) => c.readTestCases(projectId, opts),
    sync: (ctx: SyncContext, items: TestCase[]) => syncCasePage(ctx, items),
    time: (tc: TestCase) => tc.updatedAt,
    since: 'casesSince',
    high: 'casesHigh',
  },
  runs: {
    read: (c: Connector, projectId: string, opts: ReadOptions) => c.readRuns(projectId, opts),
    sync: (ctx: SyncContext, items: TestRun[]) => syncRunPage(ctx, items),
    time: (r: TestRun) => r.executedAt,
    since: 'runsSince',
    high: 'runsHigh',
  },
} as const;

/**
 * Reads and syncs one page of a phase. Answers true when the phase is complete; then its checkpoint moves on
 * (unless this is a dry run or an item failed, so that failed items are read again by the next sync).
 */
async function readPhasePage<T>(
  ctx: SyncContext,
  connector: Connector,
  phase: {
    read: (c: Connector, projectId: string, opts: ReadOptions) => Promise<Page<T>>;
    sync: (ctx: SyncContext, items: T[]) => Promise<void>;
    time: (item: T) => string | undefined;
    since: 'casesSince' | 'runsSince';
    high: 'casesHigh' | 'runsHigh';
  },
): Promise<boolean> {
  const { run, mapping } = ctx;
  const c = run.cursor;
  const cp = await getCheckpoint(run.connectionId, mapping.externalProjectId);
  const page = await phase.read(connector, mapping.externalProjectId, { cursor: c.pageCursor, modifiedSince: cp[phase.since] });
  await phase.sync(ctx, page.items);
  for (const item of page.items) c[phase.high] = later(c[phase.high], phase.time(item));
  if (page.next) {
    c.pageCursor = page.next;
    return false;
  }
  if (!run.dryRun && run.counts.failed === 0) {
    await saveCheckpoint(run.connectionId, mapping.externalProjectId, { ...cp, [phase.since]: later(cp[phase.since], c[phase.high]) });
  }
  delete c.pageCursor;
  return true;
}

/** One page of one phase. */
async function processUnit(ctx: SyncContext, connector: Connector, now: () => Date, timeLeft: () => boolean): Promise<void> {
  const { run, mapping } = ctx;
  const c = run.cursor;
  if (c.phase === 'cases') {
    if (!(await readPhasePage(ctx, connector, READ_PHASES.cases))) return;
    if (mapping.syncRuns) c.phase = 'runs';
    else nextMapping(run);
  } else if (c.phase === 'runs') {
    if (await readPhasePage(ctx, connector, READ_PHASES.runs)) nextMapping(run);
  } else if (c.phase === 'remap') {
    if (run.dryRun || !(await remapPending(run.connectionId))) c.phase = 'flush';
    else if (await remapSyncedResults(ctx, () => timeLeft())) {
      await clearRemap(run.connectionId);
      c.phase = 'flush';
    }
  } else if (c.phase === 'flush') {
    if (run.dryRun || (await flushDirty(ctx))) c.phase = 'coverage';
  } else if (c.phase === 'coverage') {
    const batch = c.touched.slice(0, COVERAGE_PER_STEP);
    if (!run.dryRun) for (const key of batch) await refreshCoverage(key, now());
    c.touched = c.touched.slice(batch.length);
    if (c.touched.length === 0) c.phase = 'done';
  }
}
