/** One page of the sync history: sorted and paged by the backend, one row per run, each opening its details. */
import Button from '@atlaskit/button/new';
import { DynamicTableStateless } from '@atlaskit/dynamic-table';
import type { HeadType, RowType } from '@atlaskit/dynamic-table/types';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import type { ConnectionView, HistoryPage, HistoryRow, HistorySortKey } from '../../../src/resolvers/contract';
import { formatClock, formatDuration, formatNumber, plural } from '../../shared/format';
import { Time } from '../../shared/Time';
import { phaseText } from './progress';
import { isActive, RunStateLozenge } from './runs';
import { ScrollRegion } from './ScrollRegion';

const HEAD: HeadType = {
  cells: [
    { key: 'started', content: 'Started', isSortable: true, width: 12 },
    { key: 'connection', content: 'Connection', width: 14 },
    { key: 'trigger', content: 'Trigger', width: 11 },
    { key: 'state', content: 'State', width: 15 },
    { key: 'duration', content: 'Duration', isSortable: true, width: 8 },
    { key: 'created', content: 'Created', isSortable: true, width: 7 },
    { key: 'updated', content: 'Updated', isSortable: true, width: 7 },
    { key: 'linked', content: 'Linked', isSortable: true, width: 6 },
    { key: 'failed', content: 'Failed', isSortable: true, width: 6 },
    { key: 'notes', content: 'Notes', width: 10 },
    { key: 'details', content: 'Details', width: 8 },
  ],
};

function Notes({ row }: { row: HistoryRow }) {
  const parts = [row.errorCount ? plural(row.errorCount, 'error') : '', row.warningCount ? plural(row.warningCount, 'warning') : '', row.waitCount ? plural(row.waitCount, 'wait') : ''].filter(Boolean);
  if (parts.length === 0) return <Text color="color.text.subtle">None</Text>;
  return <Text color={row.errorCount ? 'color.text.danger' : 'color.text.warning'}>{parts.join(', ')}</Text>;
}

interface Props {
  page?: HistoryPage;
  loading: boolean;
  connections: ConnectionView[];
  sortKey: HistorySortKey;
  sortOrder: 'ASC' | 'DESC';
  onSort: (key: HistorySortKey, order: 'ASC' | 'DESC') => void;
  onPage: (page: number) => void;
  onOpen: (row: HistoryRow) => void;
}

export function HistoryTable({ page, loading, connections, sortKey, sortOrder, onSort, onPage, onOpen }: Props) {
  const nameOf = (id: string) => connections.find((c) => c.id === id)?.name ?? id;
  const rows: RowType[] = (page?.rows ?? []).map((r) => ({
    key: r.runId,
    testId: `history-row-${r.runId}`,
    cells: [
      { key: r.startedAt, content: <Time iso={r.startedAt} /> },
      { key: nameOf(r.connectionId), content: nameOf(r.connectionId) },
      {
        key: `${r.dryRun}${r.trigger}`,
        content: (
          <Inline space="space.050" alignBlock="center" shouldWrap>
            <span>{r.trigger === 'manual' ? 'Manual' : 'Scheduled'}</span>
            {r.dryRun ? <Lozenge appearance="new">Dry run</Lozenge> : null}
          </Inline>
        ),
      },
      {
        key: r.state,
        content: (
          <Stack space="space.025">
            <span>
              <RunStateLozenge state={r.state} cancelRequested={r.cancelRequested} />
            </span>
            {isActive(r) ? <Text size="small">{phaseText(r)}</Text> : null}
          </Stack>
        ),
      },
      { key: r.durationMs ?? -1, content: formatDuration(r.durationMs) },
      { key: r.counts.created, content: formatNumber(r.counts.created) },
      { key: r.counts.updated, content: formatNumber(r.counts.updated) },
      { key: r.counts.linked, content: formatNumber(r.counts.linked) },
      { key: r.counts.failed, content: r.counts.failed > 0 ? <Text color="color.text.danger">{formatNumber(r.counts.failed)}</Text> : formatNumber(0) },
      { key: 'notes', content: <Notes row={r} /> },
      {
        key: 'details',
        content: (
          <Button spacing="compact" onClick={() => onOpen(r)} aria-label={`Details of the ${r.dryRun ? 'dry run' : 'sync'} of ${nameOf(r.connectionId)} started ${formatClock(r.startedAt, { zone: true })}`}>
            Details
          </Button>
        ),
      },
    ],
  }));
  return (
    <ScrollRegion label="Sync history table">
      <div style={{ minWidth: 1000 }}>
        <DynamicTableStateless
          label="Sync history"
          head={HEAD}
          rows={rows}
          rowsPerPage={page?.pageSize ?? 20}
          totalRows={page?.total ?? 0}
          page={page?.page ?? 1}
          sortKey={sortKey}
          sortOrder={sortOrder}
          isLoading={loading}
          loadingLabel="Loading the sync history"
          onSort={(data: { key: HistorySortKey; sortOrder: 'ASC' | 'DESC' }) => onSort(data.key, data.sortOrder)}
          onSetPage={onPage}
          emptyView={<Text>No runs match these filters.</Text>}
          testId="sync-history"
        />
      </div>
    </ScrollRegion>
  );
}
