/**
 * The sync engine: starts runs and processes them one unit at a time within the invocation's time budget,
 * saving the run after every unit and continuing through the queue. Every step is fail-safe: whatever throws,
 * the run records why and either continues later or ends — it never stays queued or running for ever.
 */
import { fetch as forgeFetch } from '@forge/api';
import { getConnection, getSecret, SECRET_LABELS, type ConnectionRecord } from '../config/connections';
import { listMappings, type MappingRecord } from '../config/mappings';
import { statusMappingOf } from '../config/status-mappings';
import { SeenVersions, versionMappingOf } from '../config/version-mappings';
import { StoredRecordError, withStoredRecordListener } from '../config/store';
import { createConnector } from '../connectors/registry';
import { dropRunCache, runCache } from './run-cache';
import { storedRequestBudgets } from '../config/request-budgets';
import { ConnectorError, type FetchLike } from '../connectors/types';
import { JiraError, QUOTA_NEARLY_SPENT, withWaitListener } from '../jira/client';
import { checkJiraPause, pauseJira } from './jira-pause';
import type { LinkType } from '../jira/links';
import { log } from '../platform/log';
import type { ConnectionContext } from './context';
import { failureKeySet } from './failures';
import { forgeJira, forgeQueue } from './forge-ports';
import { claimStep, countActiveRuns, noteRunEnded, releaseActiveLock, releaseClaim, renewActiveLock, takeActiveLock } from './lock';
import { withKvPacing } from '../platform/kv';
import { KvPacer, StorageWaitPastDeadline, storageShare } from '../platform/kv-pacing';
import type { EngineDeps, JiraPort, QueuePort } from './ports';
import type { SyncEvent } from './queue';
import { getRun, isFinished, newRunId, pruneRuns, recordWait, saveRun, type RunRecord } from './run-store';
import { processUnit, type UnitEnv } from './units';

/**
 * The share of an invocation's budget the engine may use: no wait (storage limit, a tool's request budget) runs past
 * it. The rest is margin.
 */
export const BUDGET_SHARE = 0.8;
/**
 * The share by which a new unit must be expected to end: below BUDGET_SHARE, so a unit that runs longer than the
 * longest one before it (a slower service, a smaller storage share once other runs start) still ends inside it.
 */
export const PLANNING_SHARE = 0.7;
const STORAGE_LIMIT = "Forge's storage limit";
/** Consecutive failed steps (passing faults: storage, Jira or the tool down) before a run ends as failed. */
export const MAX_STEP_FAILURES = 5;
/** Consecutive waits without progress (a service that keeps asking the app to wait) before a run ends. */
export const MAX_STEP_WAITS = 20;

export interface StepOutcome {
  outcome: 'done' | 'continued' | 'stale' | 'duplicate' | 'failed' | 'cancelled';
}

/** Another run holds the connection. */
export class RunBusyError extends Error {
  constructor(readonly heldBy: string) {
    super(`Another sync of this connection (run ${heldBy}) is still running.`);
    this.name = 'RunBusyError';
  }
}

/** The run was ended elsewhere (cancelled, or ended by the scheduler) while this step worked on it. */
class RunEndedElsewhere extends Error {}

/** Records a new run, takes the connection's lock and queues its first step. */
export async function startRun(
  connectionId: string,
  trigger: RunRecord['trigger'],
  dryRun: boolean,
  opts: { now?: Date; mappingIds?: string[]; queue?: QueuePort } = {},
): Promise<RunRecord> {
  const now = opts.now ?? new Date();
  const mappings = opts.mappingIds ?? (await listMappings(connectionId)).map((m) => m.externalProjectId);
  const runId = newRunId(now);
  const lock = await takeActiveLock(connectionId, runId, now);
  if (!lock.ok) throw new RunBusyError(lock.heldBy);
  const run: RunRecord = {
    runId,
    connectionId,
    trigger,
    dryRun,
    state: 'queued',
    startedAt: now.toISOString(),
    counts: { created: 0, updated: 0, unchanged: 0, linked: 0, failed: 0 },
    ...(dryRun ? { planned: { create: [], update: [], link: [] } } : {}),
    errors: [],
    warnings: mappings.length === 0 ? ['This connection has no project mapping: nothing to sync.'] : [],
    cursor: { step: 0, mappingIndex: 0, phase: 'retry', mappings },
  };
  try {
    await saveRun(run);
    await (opts.queue ?? forgeQueue).push({ runId, connectionId, step: 0 });
  } catch (e) {
    await releaseActiveLock(connectionId, runId).catch(() => undefined);
    throw e;
  }
  log.info('run-started', { run: runId, connection: connectionId, trigger, dryRun });
  return run;
}

/** Ends a run: its state, its time, the lock released. */
export async function finishRun(run: RunRecord, state: RunRecord['state'], now: Date, error?: string): Promise<void> {
  if (error) run.errors.push({ message: error });
  run.state = state === 'succeeded' && (run.errors.length > 0 || run.counts.failed > 0) ? 'partial' : state;
  run.finishedAt = now.toISOString();
  run.durationMs = now.getTime() - Date.parse(run.startedAt);
  run.cursor.phase = 'done';
  delete run.resumeAt;
  delete run.cancelRequested;
  await saveRun(run);
  // Its last minute of storage still counts against the quota the other runs share (best effort: pacing only).
  await noteRunEnded(run.runId, now).catch((e) => log.warn('run-end-not-noted', { run: run.runId, connection: run.connectionId }, e));
  await releaseActiveLock(run.connectionId, run.runId);
  await dropRunCache(run.runId);
  const fields = { run: run.runId, connection: run.connectionId, state: run.state, counts: run.counts };
  if (run.state === 'failed') log.error('run-failed', { ...fields, cause: error ?? run.errors[run.errors.length - 1]?.message });
  else log.info('run-finished', fields);
  await pruneRuns().catch((e) => log.warn('prune-failed', { run: run.runId }, e));
}

/** Moves the run to its next step, after `delaySeconds`. */
async function continueRun(run: RunRecord, queue: QueuePort, now: Date, delaySeconds = 0): Promise<void> {
  run.cursor.step++;
  if (delaySeconds > 0) run.resumeAt = new Date(now.getTime() + delaySeconds * 1000).toISOString();
  else delete run.resumeAt;
  await saveRun(run);
  await queue.push({ runId: run.runId, connectionId: run.connectionId, step: run.cursor.step }, delaySeconds);
}

/** Saves the run unless it was ended elsewhere meanwhile; picks up a cancel requested meanwhile. */
async function saveProgress(run: RunRecord, now: Date): Promise<void> {
  const stored = await getRun(run.runId);
  if (!stored || isFinished(stored)) throw new RunEndedElsewhere(`Run ${run.runId} was ended while a step was running.`);
  if (stored.cancelRequested) run.cancelRequested = true;
  run.heartbeatAt = now.toISOString();
  await saveRun(run);
}

/** Why the run cannot go on with this connection, or undefined when it can. */
async function unusable(connection: ConnectionRecord | undefined): Promise<string | undefined> {
  if (!connection || !connection.connected) return 'The connection was disconnected; enter its settings again to sync.';
  if (!connection.enabled) return `${connection.name} was disabled before this run started; enable it to sync.`;
  return undefined;
}

/** A passing fault, worth another try in a while. */
function isTransient(e: unknown): boolean {
  if (e instanceof JiraError) return e.status >= 500 || e.status === 429 || e.status === 409;
  if (e instanceof ConnectorError) return ['NETWORK', 'RATE_LIMITED', 'UNEXPECTED_RESPONSE'].includes(e.code);
  if (e instanceof StoredRecordError) return false;
  const status = (e as { responseDetails?: { status?: number }; status?: number })?.responseDetails?.status;
  if (typeof status === 'number') return status === 429 || status >= 500;
  return !(e instanceof TypeError || e instanceof RangeError || e instanceof SyntaxError);
}

/** How long a service asked the run to wait, when it did. */
function waitAskedFor(e: unknown): { seconds: number; reason: string } | undefined {
  if (e instanceof JiraError && e.status === 429) {
    return { seconds: e.retryAfterSeconds ?? 60, reason: e.message.startsWith(QUOTA_NEARLY_SPENT) ? "Jira's hourly points quota" : 'Jira rate limit' };
  }
  if (e instanceof ConnectorError && e.code === 'RATE_LIMITED') {
    return { seconds: e.details.retryAfterSeconds ?? 60, reason: "the tool's rate limit" };
  }
  if (e instanceof StorageWaitPastDeadline) return { seconds: e.seconds, reason: STORAGE_LIMIT };
  return undefined;
}

function describe(e: unknown, connectionName: string): string {
  if (e instanceof ConnectorError) return `${connectionName}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

/** Processes one delivered event. Idempotent: a duplicate or stale delivery changes nothing. */
export async function processSyncEvent(event: SyncEvent, deps: EngineDeps): Promise<StepOutcome> {
  const now = deps.now ?? (() => new Date());
  const run = await getRun(event.runId);
  if (!run || isFinished(run) || run.cursor.step !== event.step) return { outcome: 'stale' };
  if (!(await claimStep(run.runId, run.cursor.step, now()))) return { outcome: 'duplicate' };
  // Storage is paced to this run's share of the installation's minute, carried over from its last step.
  const share = async () => storageShare(await countActiveRuns(now()));
  const pacer = new KvPacer(await share(), run.storageUse ?? [], deps.storageClock?.now ?? Date.now, deps.storageClock?.sleep, share);
  // The step's time runs from here: the reads before its first unit (lock, connection, mappings) may wait for the
  // storage limit too, and count against the budget.
  const budgetMs = deps.budgetMs ?? deps.remainingMs();
  const step: StepClock = { startedAt: Date.now(), budgetMs, deadline: (deps.storageClock?.now ?? Date.now)() + budgetMs * BUDGET_SHARE };
  // Those reads wait no later than the budget's share either, unless the last step ended on a wait (see runUnits).
  pacer.deadline = (run.stepWaits ?? 0) > 0 ? undefined : step.deadline;
  // A stored record the step cannot read is said in the run's warnings (and, in a dry run, only skipped).
  const listener = { report: (r: { message: string }) => run.warnings.push(r.message), readOnly: run.dryRun, now };
  return withKvPacing(pacer, () => withStoredRecordListener(listener, () => processStep(run, pacer, step, deps, now)));
}

/** When a step began (wall clock), its budget, and the storage clock's time past which no wait may end. */
interface StepClock {
  startedAt: number;
  budgetMs: number;
  deadline: number;
}

async function processStep(run: RunRecord, pacer: KvPacer, step: StepClock, deps: EngineDeps, now: () => Date): Promise<StepOutcome> {
  const queue = deps.queue ?? forgeQueue;
  const fields = { run: run.runId, connection: run.connectionId };
  let connectionName = run.connectionId;
  try {
    await renewActiveLock(run.connectionId, run.runId, now());
    if (run.cancelRequested) {
      await finishRun(run, 'cancelled', now(), undefined);
      return { outcome: 'cancelled' };
    }
    const connection = await getConnection(run.connectionId);
    connectionName = connection?.name ?? connectionName;
    const refusal = await unusable(connection);
    if (refusal) {
      await finishRun(run, 'failed', now(), refusal);
      return { outcome: 'failed' };
    }
    const secret = await getSecret(connection!.id);
    if (!secret) {
      await finishRun(run, 'failed', now(), `No ${SECRET_LABELS[connection!.tool]} is stored for ${connection!.name}; enter it on the TestSync admin page.`);
      return { outcome: 'failed' };
    }
    run.state = 'running';
    await checkJiraPause(now());
    const jira = deps.jira ?? forgeJira;
    const outcome = await withWaitListener(
      (seconds, reason) => recordWait(run, seconds, reason, now()),
      () => runUnits(run, connection!, secret, jira, queue, deps, now, pacer, step),
    );
    return outcome;
  } catch (e) {
    if (e instanceof RunEndedElsewhere) return { outcome: 'stale' };
    return handleStepFailure(run, e, connectionName, queue, now(), fields, pacer);
  }
}

async function runUnits(
  run: RunRecord,
  connection: ConnectionRecord,
  secret: { apiToken: string },
  jira: JiraPort,
  queue: QueuePort,
  deps: EngineDeps,
  now: () => Date,
  pacer: KvPacer,
  step: StepClock,
): Promise<StepOutcome> {
  const cache = runCache(run.runId);
  const connector = deps.connector
    ? deps.connector(connection, secret, { runCache: cache })
    : createConnector(connection, secret, deps.fetch ?? (forgeFetch as unknown as FetchLike), { budgetStore: storedRequestBudgets, runCache: cache, deadline: () => pacer.deadline });
  let linkType: Promise<LinkType> | undefined;
  let appAccount: Promise<string> | undefined;
  const base: ConnectionContext = {
    run,
    connection,
    connector,
    statusMapping: await statusMappingOf(connection),
    versionMapping: await versionMappingOf(connection.id),
    ...(run.dryRun ? {} : { versionsSeen: new SeenVersions(connection.id) }),
    jira,
    linkType: () => (linkType ??= jira.testLinkType()),
    appAccountId: () => (appAccount ??= jira.appAccountId()),
    now,
    knownFailures: run.dryRun ? new Set() : await failureKeySet(connection.id),
    failedNow: new Set(),
  };
  const { startedAt, budgetMs: budget } = step;
  let longestUnit = 0;
  let longestPhase = '';
  /** What the step did, for the logs: which unit ran longest says where a long step spent its time. */
  const stepEnded = (outcome: StepOutcome['outcome'], units: number) =>
    log.info('step-ended', {
      run: run.runId,
      connection: run.connectionId,
      outcome,
      units,
      ms: Date.now() - startedAt,
      budgetMs: budget,
      longestUnit: { phase: longestPhase, ms: longestUnit },
    });
  const env: UnitEnv = {
    base,
    contextFor: (mapping: MappingRecord) => ({ ...base, mapping }),
    connector,
    now,
    // Room for another unit as long as it is expected to end inside the planning share of the budget.
    timeLeft: () => Date.now() - startedAt + Math.max(longestUnit * 1.5, 1000) <= budget * PLANNING_SHARE && deps.remainingMs() > budget * (1 - BUDGET_SHARE),
    budgetMs: budget,
    // The run's storage share as it is now: it shrinks when other runs start (units are sized by it).
    get storageUnitsPerMinute() {
      return pacer.limitPerMinute;
    },
    pages: new Map(),
    runCache: cache,
  };
  let units = 0;
  for (; run.cursor.phase !== 'done'; units++) {
    // Each invocation does at least one unit, so a run always progresses whatever the budget.
    if (units > 0 && !env.timeLeft()) {
      await continueRun(run, queue, now());
      stepEnded('continued', units);
      return { outcome: 'continued' };
    }
    if (run.cancelRequested) {
      await finishRun(run, 'cancelled', now());
      return { outcome: 'cancelled' };
    }
    const t0 = Date.now();
    const phase = run.cursor.phase;
    const waited = pacer.waitedMs;
    // A wait for the storage limit (or a tool's request budget) that would run past the budget's share ends the step
    // instead (the unit is done again in the continuation; units are restartable, and sized by the storage share so
    // that one fits an invocation). The first unit too, unless the last step already ended on such a wait: then it
    // waits as long as it must, so a run always progresses whatever the budget.
    const mustProgress = units === 0 && (run.stepWaits ?? 0) > 0;
    pacer.deadline = mustProgress ? undefined : step.deadline;
    const atUnitStart = structuredClone(run);
    try {
      await processUnit(run, env);
    } catch (e) {
      // A wait ends the step: the unit is done again from its start, so the run is saved as it stood before it.
      if (waitAskedFor(e)) restoreRun(run, atUnitStart);
      throw e;
    } finally {
      pacer.deadline = undefined;
    }
    if (Date.now() - t0 >= longestUnit) [longestUnit, longestPhase] = [Date.now() - t0, phase];
    run.stepFailures = 0;
    run.stepWaits = 0;
    const storageWait = Math.round((pacer.waitedMs - waited) / 1000);
    if (storageWait >= 1) recordWait(run, storageWait, STORAGE_LIMIT, now());
    run.storageUse = pacer.snapshot();
    await saveProgress(run, now());
  }
  await finishRun(run, 'succeeded', now());
  stepEnded('done', units);
  return { outcome: 'done' };
}

/**
 * The run as it stood before a unit that is to be done again, but for what the unit did that is not done again:
 * the issues it created (the redo finds them recorded) stay counted.
 */
function restoreRun(run: RunRecord, earlier: RunRecord): void {
  const created = run.counts.created;
  for (const key of Object.keys(run) as (keyof RunRecord)[]) delete run[key];
  Object.assign(run, earlier);
  run.counts.created = created;
}

/**
 * A step threw. A service asking to wait: the run resumes after the wait. A passing fault: the run resumes
 * after a back-off, up to MAX_STEP_FAILURES in a row. Anything else ends the run with its cause. When even
 * that cannot be recorded (storage down), the claim is given back and the error rethrown, so the platform
 * redelivers the event; failing that, the scheduler finds the run stalled.
 */
async function handleStepFailure(
  run: RunRecord,
  e: unknown,
  connectionName: string,
  queue: QueuePort,
  now: Date,
  fields: { run: string; connection: string },
  pacer?: KvPacer,
): Promise<StepOutcome> {
  const phase = run.cursor.phase;
  try {
    const wait = waitAskedFor(e);
    const waits = (run.stepWaits ?? 0) + 1;
    if (wait && waits <= MAX_STEP_WAITS) {
      run.stepWaits = waits;
      recordWait(run, wait.seconds, wait.reason, now);
      if (e instanceof JiraError && e.message.startsWith(QUOTA_NEARLY_SPENT)) await pauseJira(new Date(now.getTime() + wait.seconds * 1000), QUOTA_NEARLY_SPENT);
      if (e instanceof StorageWaitPastDeadline) {
        // The app's own pacing, not a service's refusal: in the run's waits, not its warnings.
        if (pacer) {
          run.storageUse = pacer.snapshot();
          pacer.ending = true;
        }
        log.info('run-waiting', { ...fields, phase, seconds: wait.seconds, reason: wait.reason });
      } else {
        run.warnings.push(`${connectionName}: the sync waited ${wait.seconds} s for ${wait.reason}.`);
        log.warn('run-waiting', { ...fields, phase, seconds: wait.seconds }, e);
      }
      await continueRun(run, queue, now, wait.seconds);
      return { outcome: 'continued' };
    }
    const failures = (run.stepFailures ?? 0) + 1;
    if (isTransient(e) && failures < MAX_STEP_FAILURES) {
      run.stepFailures = failures;
      const delay = Math.min(30 * 2 ** (failures - 1), 600);
      run.warnings.push(`A step failed (${describe(e, connectionName)}); the sync tries again in ${delay} s.`);
      log.warn('step-failed', { ...fields, phase, attempt: failures, retryInSeconds: delay }, e);
      await continueRun(run, queue, now, delay);
      return { outcome: 'continued' };
    }
    log.error('step-failed', { ...fields, phase, final: true }, e);
    await finishRun(run, 'failed', now, describe(e, connectionName));
    return { outcome: 'failed' };
  } catch (inner) {
    log.error('step-failure-not-recorded', { ...fields, phase }, new Error('Recording a failed step failed', { cause: inner }));
    await releaseClaim(run.runId, run.cursor.step).catch(() => undefined);
    throw new Error(`Sync step of run ${run.runId} failed and could not be recorded`, { cause: e });
  }
}

