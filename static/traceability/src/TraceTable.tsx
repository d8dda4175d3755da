/**
 * One page of requirements, failing first: each with its covering tests and their status in the version (and
 * environment), and its defects (linked to it in Jira, or in a tool to a covering test's latest run there). Every
 * cell says what the CSV says (src/traceability/columns.ts).
 */
import { DynamicTableStateless } from '@atlaskit/dynamic-table';
import type { HeadType, RowType } from '@atlaskit/dynamic-table/types';
import Lozenge, { type ThemeAppearance } from '@atlaskit/lozenge';
import { Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import type { CSSProperties } from 'react';
import type { TraceabilityView } from '../../../src/resolvers/traceability-contract';
import { defectLinksWords } from '../../../src/domain/readiness';
import { defectName, hiddenTestsLine, readinessWords, TEST_STATUS_WORDS, testLabel, TRACE_COLUMNS, type TraceColumnKey } from '../../../src/traceability/columns';
import { formatNumber, plural } from '../../shared/format';
import type { TraceRow } from '../../../src/traceability/report';
import { IssueLink } from '../../shared/IssueLink';
import { READINESS_TONE, type ReadinessTone } from '../../shared/readiness';
import { StatusLozenge } from '../../shared/status';

const WIDTHS: Record<TraceColumnKey, number> = { requirement: 9, summary: 22, status: 9, readiness: 10, tests: 32, defects: 18 };

const HEAD: HeadType = { cells: TRACE_COLUMNS.map((c) => ({ key: c.key, content: c.header, width: WIDTHS[c.key] })) };

const APPEARANCE: Record<ReadinessTone, ThemeAppearance> = {
  success: 'success',
  danger: 'removed',
  warning: 'moved',
  information: 'inprogress',
  neutral: 'default',
};

const list: CSSProperties = { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: token('space.050') };

/** "24 tests: 3 Fail, 1 Not run, 20 Pass" — the Tests cell at a glance (its list opens on demand when long). */
function testsSummary(row: TraceRow): string {
  const counts = new Map<string, number>();
  for (const t of row.tests) counts.set(TEST_STATUS_WORDS[t.status], (counts.get(TEST_STATUS_WORDS[t.status]) ?? 0) + 1);
  const parts = [...counts].map(([words, n]) => `${formatNumber(n)} ${words}`);
  const hidden = row.hiddenTests > 0 ? ` (${formatNumber(row.hiddenTests)} more you cannot browse)` : '';
  return `${plural(row.tests.length, 'test')}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}${hidden}`;
}

/** Lists up to this many tests open; longer lists open on a click. */
const OPEN_TESTS = 6;

function TestsCell({ row, siteUrl }: { row: TraceRow; siteUrl?: string }) {
  if (row.tests.length === 0 && row.hiddenTests === 0) return null;
  return (
    <details open={row.tests.length <= OPEN_TESTS} data-testid="trace-tests">
      <summary style={{ cursor: 'pointer', color: token('color.text.subtle') }}>{testsSummary(row)}</summary>
      <ul style={{ ...list, marginBlockStart: token('space.050') }} aria-label={`Tests covering ${row.key}`}>
        {row.tests.map((t) => (
          <li key={`${t.tool}:${t.issueKey}:${t.displayId}`} data-testid="trace-test">
            <IssueLink issueKey={t.issueKey} siteUrl={siteUrl} />
            {` ${testLabel(t)}: `}
            <StatusLozenge status={t.status} />
            {t.deletedInSource ? ' (deleted in its tool)' : ''}
          </li>
        ))}
        {row.hiddenTests > 0 ? (
          <li data-testid="trace-test">
            <Text color="color.text.subtle">{hiddenTestsLine(row.hiddenTests)}</Text>
          </li>
        ) : null}
      </ul>
    </details>
  );
}

function DefectsCell({ row, siteUrl }: { row: TraceRow; siteUrl?: string }) {
  if (row.defects.length === 0) return null;
  return (
    <ul style={list} aria-label={`Defects of ${row.key}`}>
      {row.defects.map((d) => (
        <li key={d.key} data-testid="trace-defect" data-open={d.open} title={defectName(d)}>
          <IssueLink issueKey={d.key} siteUrl={siteUrl} />
          {` ${d.summary}${d.status ? ` (${d.status})` : ''}`}
          <Text size="small" color="color.text.subtle">{`, ${defectLinksWords(d.links)}`}</Text>
        </li>
      ))}
    </ul>
  );
}

interface Props {
  view?: TraceabilityView;
  loading: boolean;
  siteUrl?: string;
  onPage: (page: number) => void;
}

export function TraceTable({ view, loading, siteUrl, onPage }: Props) {
  const rows: RowType[] = (view?.rows ?? []).map((row) => ({
    key: row.key,
    testId: `trace-row-${row.key}`,
    cells: [
      { key: row.key, content: <IssueLink issueKey={row.key} siteUrl={siteUrl} /> },
      { key: 'summary', content: row.summary },
      { key: 'status', content: row.status },
      {
        key: 'readiness',
        content: (
          <span data-readiness={row.indexing ? 'INDEXING' : row.readiness}>
            <Lozenge appearance={row.indexing ? 'default' : APPEARANCE[READINESS_TONE[row.readiness]]} isBold={!row.indexing && row.readiness !== 'UNCOVERED'}>
              {readinessWords(row)}
            </Lozenge>
          </span>
        ),
      },
      { key: 'tests', content: <TestsCell row={row} siteUrl={siteUrl} /> },
      { key: 'defects', content: <DefectsCell row={row} siteUrl={siteUrl} /> },
    ],
  }));
  const limit = view?.page.limit ?? 25;
  return (
    <div style={{ overflowX: 'auto' }}>
      <div style={{ minWidth: 960 }}>
        <DynamicTableStateless
          label={`Requirements of ${view?.version ?? 'the version'}`}
          head={HEAD}
          rows={rows}
          rowsPerPage={limit}
          totalRows={view?.page.total ?? 0}
          page={view ? Math.floor(view.page.offset / limit) + 1 : 1}
          isLoading={loading}
          loadingLabel="Loading the requirements"
          onSetPage={onPage}
          emptyView={<Text>No requirement of this version matches these filters.</Text>}
          testId="traceability"
        />
      </div>
    </div>
  );
}
