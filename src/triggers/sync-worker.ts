/**
 * The queue consumer: processes one step of a sync run per event. While the site's licence is not active, a
 * delivered step ends its run instead, with the licence as the cause (nothing synced before is touched).
 */
import { getAppContext } from '@forge/api';
import { InvocationError, InvocationErrorCode, type AsyncEvent } from '@forge/events';
import { invocationLicence, LICENCE_RUN_CAUSE, mayWork } from '../platform/license';
import { log } from '../platform/log';
import { finishRun, processSyncEvent } from '../sync/engine';
import { SyncEvent } from '../sync/queue';
import { getRun, isFinished } from '../sync/run-store';

/** Seconds before the platform redelivers an event whose step could not even record its failure. */
const REDELIVER_AFTER_SECONDS = 60;

/** Ends the event's run (when it is still going) with the licence as its cause. */
async function endForLicence(event: SyncEvent): Promise<void> {
  const run = await getRun(event.runId);
  if (!run || isFinished(run)) return;
  await finishRun(run, 'cancelled', new Date(), LICENCE_RUN_CAUSE);
  log.warn('run-ended-licence-inactive', { run: run.runId, connection: run.connectionId, phase: 'consume' });
}

/** `context` carries the site's licence (see src/platform/license.ts). */
export async function handleSyncEvent(event: AsyncEvent, context?: unknown): Promise<InvocationError | void> {
  const parsed = SyncEvent.safeParse(event.body);
  if (!parsed.success) {
    log.error('sync-event-unreadable', { phase: 'consume', problems: parsed.error.issues.map((i) => i.message).join('; ') });
    return;
  }
  const remainingMs = () => getAppContext().invocationRemainingTimeInMillis();
  try {
    if (!mayWork(invocationLicence(context))) await endForLicence(parsed.data);
    else await processSyncEvent(parsed.data, { remainingMs, budgetMs: remainingMs() });
  } catch (e) {
    // Storage or the queue was unreachable even to record the failure: let the platform deliver it again.
    log.error('sync-step-redelivered', { run: parsed.data.runId, connection: parsed.data.connectionId, phase: 'consume' }, e);
    return new InvocationError({ retryAfter: REDELIVER_AFTER_SECONDS, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
  }
}
