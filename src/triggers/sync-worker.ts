/**
 * The queue consumer: processes one step of a sync run per event.
 */
import { getAppContext } from '@forge/api';
import { InvocationError, InvocationErrorCode, type AsyncEvent } from '@forge/events';
import { processSyncEvent } from '../sync/engine';
import { SyncEvent } from '../sync/queue';

export async function handleSyncEvent(event: AsyncEvent): Promise<InvocationError | void> {
  const parsed = SyncEvent.safeParse(event.body);
  if (!parsed.success) {
    console.error('Ignoring a sync event with an unexpected body:', parsed.error.issues.map((i) => i.message).join('; '));
    return;
  }
  const result = await processSyncEvent(parsed.data, event.retryContext?.retryCount ?? 0, {
    remainingMs: () => getAppContext().invocationRemainingTimeInMillis(),
  });
  if (result.outcome === 'busy') {
    return new InvocationError({ retryAfter: result.retryAfterSeconds ?? 60, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
  }
}
