/**
 * The async-event queue the sync runs on: one event per step of work, continued until the run is done.
 */
import { z } from 'zod';

export const SYNC_QUEUE = 'testsync-sync';

export const SyncEvent = z.object({ runId: z.string(), connectionId: z.string(), step: z.number().int().min(0) });
export type SyncEvent = z.infer<typeof SyncEvent>;
