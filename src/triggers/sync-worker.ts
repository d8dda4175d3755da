/**
 * The queue consumer: processes one step of a sync run per event.
 */
import { getAppContext } from '@forge/api';
import { InvocationError, InvocationErrorCode, type AsyncEvent } from '@forge/events';
import { log } from '../platform/log';
import { processSyncEvent } from '../sync/engine';
import { SyncEvent } from '../sync/queue';

/** Seconds before the platform redelivers an event whose step could not even record its failure. */
const REDELIVER_AFTER_SECONDS = 60;

export async function handleSyncEvent(event: AsyncEvent): Promise<InvocationError | void> {
  const parsed = SyncEvent.safeParse(event.body);
  if (!parsed.success) {
    log.error('sync-event-unreadable', { phase: 'consume', problems: parsed.error.issues.map((i) => i.message).join('; ') });
    return;
  }
  const remainingMs = () => getAppContext().invocationRemainingTimeInMillis();
  try {
    await processSyncEvent(parsed.data, { remainingMs, budgetMs: remainingMs() });
  } catch (e) {
    // Storage or the queue was unreachable even to record the failure: let the platform deliver it again.
    log.error('sync-step-redelivered', { run: parsed.data.runId, connection: parsed.data.connectionId, phase: 'consume' }, e);
    return new InvocationError({ retryAfter: REDELIVER_AFTER_SECONDS, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
  }
}
