/** Sync run vocabulary: state lozenges, trigger labels, counts line. */
import Lozenge, { type ThemeAppearance } from '@atlaskit/lozenge';
import type { RunSummary } from '../../../src/resolvers/contract';

const STATE_APPEARANCE: Record<RunSummary['state'], ThemeAppearance> = {
  queued: 'new',
  running: 'inprogress',
  succeeded: 'success',
  failed: 'removed',
  partial: 'moved',
};

const STATE_LABEL: Record<RunSummary['state'], string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  partial: 'Partly failed',
};

export function RunStateLozenge({ state }: { state: RunSummary['state'] }) {
  return <Lozenge appearance={STATE_APPEARANCE[state] ?? 'default'}>{STATE_LABEL[state] ?? state}</Lozenge>;
}

export function triggerLabel(run: RunSummary): string {
  return run.trigger === 'manual' ? 'Manual' : 'Scheduled';
}

export function countsLine(counts: RunSummary['counts']): string {
  return `${counts.created} created · ${counts.updated} updated · ${counts.unchanged} unchanged · ${counts.linked} linked · ${counts.failed} failed`;
}
