/**
 * "Cancel sync": calls the resolver for a queued or running run and reports the answer (the run, now
 * cancelled or cancelling) or the error to the view that offered the button.
 */
import { useState } from 'react';
import type { RunSummary } from '../../../src/resolvers/contract';
import { adminApi } from './api';

export interface CancelRun {
  cancel: (run: RunSummary) => Promise<void>;
  /** The run being cancelled, while the call is under way. */
  busyRunId?: string;
}

export function useCancelRun(onDone: (run: RunSummary) => void, onFailed: (error: unknown) => void): CancelRun {
  const [busyRunId, setBusyRunId] = useState<string>();

  async function cancel(run: RunSummary) {
    setBusyRunId(run.runId);
    let answer: RunSummary;
    try {
      answer = await adminApi.cancelRun(run.runId);
    } catch (e) {
      setBusyRunId(undefined);
      onFailed(e);
      return;
    }
    setBusyRunId(undefined);
    onDone(answer);
  }

  return { cancel, busyRunId };
}

/** What the admin is told once a cancel was accepted. */
export function cancelOutcome(run: RunSummary, connectionName: string): string {
  const what = run.dryRun ? 'dry run' : 'sync';
  return run.state === 'cancelled'
    ? `The ${what} of ${connectionName} is cancelled.`
    : `The ${what} of ${connectionName} stops after the page it is working on.`;
}
