/** One page of the audit log: when, who, what (and on which connection), and the fields it changed. */
import { DynamicTableStateless } from '@atlaskit/dynamic-table';
import type { HeadType, RowType } from '@atlaskit/dynamic-table/types';
import { Stack, Text } from '@atlaskit/primitives';
import type { AuditChange, AuditPage, AuditRow } from '../../../src/resolvers/contract';
import { Time } from '../../shared/Time';
import { ScrollRegion } from './ScrollRegion';

const HEAD: HeadType = {
  cells: [
    { key: 'when', content: 'When', width: 14 },
    { key: 'who', content: 'Who', width: 16 },
    { key: 'what', content: 'What', width: 24 },
    { key: 'details', content: 'Details', width: 46 },
  ],
};

const NONE = '(none)';

function Change({ change }: { change: AuditChange }) {
  if (change.note) {
    return (
      <Text>
        <Text weight="medium">{change.field}:</Text> {change.note}
      </Text>
    );
  }
  return (
    <Text>
      <Text weight="medium">{change.field}:</Text> {change.from ?? NONE} → {change.to ?? NONE}
    </Text>
  );
}

function Details({ row }: { row: AuditRow }) {
  if (row.changes.length === 0 && !row.detail) return <Text color="color.text.subtle">None</Text>;
  return (
    <Stack space="space.050">
      {row.changes.map((c, i) => (
        <Change key={`${c.field}-${i}`} change={c} />
      ))}
      {row.detail ? <Text>{row.detail}</Text> : null}
    </Stack>
  );
}

function What({ row }: { row: AuditRow }) {
  return (
    <Stack space="space.025">
      <Text weight="medium">{row.what}</Text>
      <Text size="small" color="color.text.subtle">
        {row.connectionName}
        {row.subject ? ` · ${row.subject}` : ''}
      </Text>
    </Stack>
  );
}

interface Props {
  page?: AuditPage;
  loading: boolean;
  onPage: (page: number) => void;
}

export function AuditTable({ page, loading, onPage }: Props) {
  const rows: RowType[] = (page?.rows ?? []).map((r) => ({
    key: String(r.seq),
    testId: `audit-row-${r.seq}`,
    cells: [
      { key: 'when', content: <Time iso={r.at} /> },
      { key: 'who', content: <span title={r.who === r.accountId ? undefined : `Account ${r.accountId}`}>{r.who}</span> },
      { key: 'what', content: <What row={r} /> },
      { key: 'details', content: <Details row={r} /> },
    ],
  }));
  return (
    <ScrollRegion label="Audit log table">
      <div style={{ minWidth: 760 }}>
        <DynamicTableStateless
          label="Audit log"
          head={HEAD}
          rows={rows}
          rowsPerPage={page?.pageSize ?? 20}
          totalRows={page?.total ?? 0}
          page={page?.page ?? 1}
          isLoading={loading}
          loadingLabel="Loading the audit log"
          onSetPage={onPage}
          emptyView={<Text>No changes recorded yet.</Text>}
          testId="audit-log"
        />
      </div>
    </ScrollRegion>
  );
}
