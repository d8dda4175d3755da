/** Sync run vocabulary: state lozenges, trigger labels, counts line. */
import Lozenge, { type ThemeAppearance } from '@atlaskit/lozenge';
import type { RunSummary } from '../../../src/resolvers/contract';
import { formatNumber as n } from '../../shared/format';

const STATE_APPEARANCE: Record<RunSummary['state'], ThemeAppearance> = {
  queued: 'new',
  running: 'inprogress',
  succeeded: 'success',
  failed: 'removed',
  partial: 'moved',
  cancelled: 'default',
};

const STATE_LABEL: Record<RunSummary['state'], string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  partial: 'Partly failed',
  cancelled: 'Cancelled',
};

/** The run's state; an active run whose cancel is being carried out reads "Cancelling". */
export function RunStateLozenge({ state, cancelRequested }: { state: RunSummary['state']; cancelRequested?: boolean }) {
  if (cancelRequested && isActive({ state })) return <Lozenge appearance="default">Cancelling</Lozenge>;
  return <Lozenge appearance={STATE_APPEARANCE[state] ?? 'default'}>{STATE_LABEL[state] ?? state}</Lozenge>;
}

/** A run that has not ended yet: it can be cancelled. */
export function isActive(run: Pick<RunSummary, 'state'>): boolean {
  return run.state === 'queued' || run.state === 'running';
}

export function triggerLabel(run: RunSummary): string {
  return run.trigger === 'manual' ? 'Manual' : 'Scheduled';
}

/** The run's counts; a dry run's say what a sync would do. */
export function countsLine(run: Pick<RunSummary, 'counts' | 'dryRun'>): string {
  const c = run.counts;
  if (run.dryRun) return `Would create ${n(c.created)} · update ${n(c.updated)} · link ${n(c.linked)} · ${n(c.unchanged)} unchanged · ${n(c.failed)} failed`;
  return `${n(c.created)} created · ${n(c.updated)} updated · ${n(c.unchanged)} unchanged · ${n(c.linked)} linked · ${n(c.failed)} failed`;
}
