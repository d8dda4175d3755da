/** "Cancel sync" for a queued or running run (none once a cancel was asked: the state then reads "Cancelling"). */
import Button from '@atlaskit/button/new';
import type { RunSummary } from '../../../src/resolvers/contract';
import { isActive } from './runs';

interface Props {
  run: RunSummary;
  /** Names the run for assistive technology, e.g. "Cancel sync of qTest (demo)". */
  label: string;
  busy: boolean;
  disabled?: boolean;
  onCancel: (run: RunSummary) => void;
}

export function CancelRunButton({ run, label, busy, disabled, onCancel }: Props) {
  if (!isActive(run) || run.cancelRequested) return null;
  return (
    <Button spacing="compact" appearance="subtle" aria-label={label} isLoading={busy} isDisabled={disabled} onClick={() => onCancel(run)}>
      Cancel sync
    </Button>
  );
}
