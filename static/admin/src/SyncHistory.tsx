/**
 * The sync history: one row per run, warnings and waits always visible, errors expandable per run, and
 * "Cancel sync" on a run that is queued or running.
 */
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import { useRef, useState } from 'react';
import type { ConnectionView, RunSummary } from '../../../src/resolvers/contract';
import { ActionFeedback, type Feedback } from '../../shared/ActionFeedback';
import { EmptyState } from '../../shared/EmptyState';
import { formatClock, formatDuration, plural } from '../../shared/format';
import { Table, type Column, type Row } from '../../shared/Table';
import { Time } from '../../shared/Time';
import { CancelRunButton } from './CancelRunButton';
import { RunErrorList } from './RunDetails';
import { RunWaits } from './RunWaits';
import { RunStateLozenge, triggerLabel } from './runs';
import { cancelOutcome, useCancelRun } from './useCancelRun';

const COLUMNS: Column[] = [
  { key: 'started', header: 'Started' },
  { key: 'connection', header: 'Connection' },
  { key: 'trigger', header: 'Trigger' },
  { key: 'state', header: 'State' },
  { key: 'duration', header: 'Duration', numeric: true },
  { key: 'created', header: 'Created', numeric: true },
  { key: 'updated', header: 'Updated', numeric: true },
  { key: 'unchanged', header: 'Unchanged', numeric: true },
  { key: 'linked', header: 'Linked', numeric: true },
  { key: 'failed', header: 'Failed', numeric: true },
  { key: 'errors', header: 'Errors' },
];

function Warnings({ warnings }: { warnings: string[] }) {
  return (
    <ul aria-label="Warnings" style={{ margin: 0, padding: 0, listStyle: 'none' }}>
      {warnings.map((w, i) => (
        <li key={i}>
          <Text color="color.text.warning">⚠ {w}</Text>
        </li>
      ))}
    </ul>
  );
}

interface Props {
  history: RunSummary[];
  connections: ConnectionView[];
  onChanged: () => void;
}

export function SyncHistory({ history, connections, onChanged }: Props) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [feedback, setFeedback] = useState<Feedback>();
  const feedbackRef = useRef<HTMLDivElement>(null);
  const nameOf = (id: string) => connections.find((c) => c.id === id)?.name ?? id;
  const cancelling = useCancelRun(
    (run) => {
      setFeedback({ kind: 'success', text: cancelOutcome(run, nameOf(run.connectionId)) });
      onChanged();
      // The button is gone with the run's new state: focus goes to what happened.
      setTimeout(() => feedbackRef.current?.focus(), 0);
    },
    (error) => {
      setFeedback({ kind: 'error', title: 'The sync was not cancelled', error });
      // The run may have ended meanwhile: show its state as it is now.
      onChanged();
    },
  );

  if (history.length === 0) {
    return <EmptyState header="No syncs yet" description="Runs appear here after “Sync now”, a dry run or a scheduled sync." headingLevel="h3" />;
  }

  const toggle = (runId: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(runId)) next.delete(runId);
      else next.add(runId);
      return next;
    });

  const rows: Row[] = history.map((run) => {
    const expanded = open.has(run.runId);
    const detailId = `run-errors-${run.runId}`;
    const showErrors = expanded && run.errors.length > 0;
    const hasWaits = (run.waits?.length ?? 0) > 0;
    const hasDetail = showErrors || run.warnings.length > 0 || hasWaits;
    return {
      key: run.runId,
      detailId,
      detail: hasDetail ? (
        <Stack space="space.100">
          {run.warnings.length > 0 ? <Warnings warnings={run.warnings} /> : null}
          {hasWaits ? <RunWaits waits={run.waits} /> : null}
          {showErrors ? <RunErrorList errors={run.errors} /> : null}
        </Stack>
      ) : undefined,
      cells: {
        started: <Time iso={run.startedAt} />,
        connection: nameOf(run.connectionId),
        trigger: (
          <Inline space="space.050" alignBlock="center">
            <span>{triggerLabel(run)}</span>
            {run.dryRun ? <Lozenge appearance="new">Dry run</Lozenge> : null}
          </Inline>
        ),
        state: (
          <Inline space="space.050" alignBlock="center" shouldWrap>
            <RunStateLozenge state={run.state} cancelRequested={run.cancelRequested} />
            <CancelRunButton
              run={run}
              label={`Cancel sync of ${nameOf(run.connectionId)} started at ${formatClock(run.startedAt)}`}
              busy={cancelling.busyRunId === run.runId}
              disabled={!!cancelling.busyRunId && cancelling.busyRunId !== run.runId}
              onCancel={(r) => void cancelling.cancel(r)}
            />
          </Inline>
        ),
        duration: formatDuration(run.durationMs),
        created: run.counts.created,
        updated: run.counts.updated,
        unchanged: run.counts.unchanged,
        linked: run.counts.linked,
        failed: run.counts.failed > 0 ? <Text color="color.text.danger">{run.counts.failed}</Text> : 0,
        errors:
          run.errors.length > 0 ? (
            <Button spacing="compact" appearance="subtle" aria-expanded={expanded} aria-controls={expanded ? detailId : undefined} onClick={() => toggle(run.runId)}>
              {expanded ? 'Hide errors' : `Show ${plural(run.errors.length, 'error')}`}
            </Button>
          ) : run.warnings.length > 0 ? (
            <Text color="color.text.warning">{plural(run.warnings.length, 'warning')}</Text>
          ) : (
            <Text color="color.text.subtlest">None</Text>
          ),
      },
    };
  });

  return (
    <Stack space="space.150">
      <ActionFeedback ref={feedbackRef} feedback={feedback} />
      <Table caption="Sync history" columns={COLUMNS} rows={rows} testId="sync-history" />
    </Stack>
  );
}
