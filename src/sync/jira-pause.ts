/**
 * When Jira said the app's hourly points quota is nearly spent, every sync of every connection waits for the
 * window to reset: the pause is kept in storage, so a resumed step does not spend points to find out again.
 */
import { z } from 'zod';
import { getRecord, putRecord, storedRecord } from '../config/store';
import { JiraError, QUOTA_NEARLY_SPENT } from '../jira/client';

const Pause = storedRecord('Jira quota pause', z.object({ until: z.string(), reason: z.string() }), {
  unreadable: 'set-aside',
  consequence: { setAside: 'Syncs go on; Jira says again when its quota is nearly spent.' },
});
const KEY = 'jira-pause';

export async function pauseJira(until: Date, reason: string): Promise<void> {
  await putRecord(KEY, Pause, { until: until.toISOString(), reason });
}

/** Throws the wait when syncs are paused for Jira's quota. */
export async function checkJiraPause(now: Date): Promise<void> {
  const pause = await getRecord(KEY, Pause);
  const seconds = pause ? Math.ceil((Date.parse(pause.until) - now.getTime()) / 1000) : 0;
  if (seconds > 0) throw new JiraError(429, `${QUOTA_NEARLY_SPENT}: waiting ${seconds} s for the window to reset`, undefined, seconds);
}
