/**
 * The five-minute scheduled trigger: starts a run for every connection with due mappings.
 */
import { startDueRuns } from '../sync/schedule';

export async function runScheduler(): Promise<{ statusCode: number; body: string }> {
  try {
    const result = await startDueRuns();
    return { statusCode: 200, body: JSON.stringify(result) };
  } catch (e) {
    // Scheduled triggers are not retried: say what failed; the next tick tries again.
    console.error('Scheduling syncs failed:', e instanceof Error ? e.message : String(e));
    return { statusCode: 500, body: JSON.stringify({ error: e instanceof Error ? e.message : String(e) }) };
  }
}
