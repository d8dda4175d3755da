/** The sync history: one row per run, warnings always visible, errors expandable per run. */
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import { useState } from 'react';
import type { ConnectionView, RunSummary } from '../../../src/resolvers/contract';
import { EmptyState } from '../../shared/EmptyState';
import { formatDuration, plural } from '../../shared/format';
import { Table, type Column, type Row } from '../../shared/Table';
import { Time } from '../../shared/Time';
import { RunErrorList } from './RunDetails';
import { RunStateLozenge, triggerLabel } from './runs';

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

export function SyncHistory({ history, connections }: { history: RunSummary[]; connections: ConnectionView[] }) {
  const [open, setOpen] = useState<Set<string>>(new Set());

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

  const nameOf = (id: string) => connections.find((c) => c.id === id)?.name ?? id;

  const rows: Row[] = history.map((run) => {
    const expanded = open.has(run.runId);
    const detailId = `run-errors-${run.runId}`;
    const showErrors = expanded && run.errors.length > 0;
    const hasDetail = showErrors || run.warnings.length > 0;
    return {
      key: run.runId,
      detailId,
      detail: hasDetail ? (
        <Stack space="space.100">
          {run.warnings.length > 0 ? <Warnings warnings={run.warnings} /> : null}
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
        state: <RunStateLozenge state={run.state} />,
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

  return <Table caption="Sync history" columns={COLUMNS} rows={rows} testId="sync-history" />;
}
