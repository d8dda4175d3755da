/**
 * The async-event queue the sync runs on: one event per page of work, continued until the run is done.
 */
import { Queue } from '@forge/events';
import { z } from 'zod';

export const SYNC_QUEUE = 'testsync-sync';

export const SyncEvent = z.object({ runId: z.string(), connectionId: z.string(), step: z.number().int().min(0) });
export type SyncEvent = z.infer<typeof SyncEvent>;

export async function pushSyncEvent(event: SyncEvent, delayInSeconds = 0): Promise<void> {
  await new Queue({ key: SYNC_QUEUE }).push({
    body: event,
    ...(delayInSeconds > 0 ? { delayInSeconds: Math.min(900, Math.ceil(delayInSeconds)) } : {}),
    // The platform runs at most one event per connection at a time; the lock below guards the rest.
    concurrency: { key: `connection-${event.connectionId}`.slice(0, 64), limit: 1 },
  });
}
