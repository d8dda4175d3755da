/**
 * The five-minute scheduled trigger: resumes runs that stopped progressing and starts a run for every
 * connection with due mappings.
 */
import { log } from '../platform/log';
import { startDueRuns } from '../sync/schedule';

export async function runScheduler(): Promise<{ statusCode: number; body: string }> {
  try {
    const result = await startDueRuns();
    return { statusCode: 200, body: JSON.stringify(result) };
  } catch (e) {
    // Scheduled triggers are not retried: say what failed; the next tick tries again.
    log.error('scheduler-failed', { phase: 'schedule' }, e);
    return { statusCode: 500, body: JSON.stringify({ error: e instanceof Error ? e.message : String(e) }) };
  }
}
