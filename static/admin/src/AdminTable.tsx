/**
 * The admin page's lists: Atlaskit's dynamic table (sorting, paging) in a focusable scroll region, built
 * from columns and rows of cells. A cell's sort value defaults to its text when it is one.
 */
import DynamicTable from '@atlaskit/dynamic-table';
import type { HeadType, RowType } from '@atlaskit/dynamic-table/types';
import type { ReactNode } from 'react';
import { ScrollRegion } from './ScrollRegion';

export interface AdminColumn {
  key: string;
  header: string;
  sortable?: boolean;
  /** Share of the table's width, in percent. */
  width?: number;
}

export interface AdminRow {
  key: string;
  cells: Record<string, ReactNode>;
  /** Values to sort the row by, per column. */
  sort?: Record<string, string | number>;
  testId?: string;
}

interface Props {
  label: string;
  columns: AdminColumn[];
  rows: AdminRow[];
  rowsPerPage?: number;
  testId?: string;
  defaultSortKey?: string;
  defaultSortOrder?: 'ASC' | 'DESC';
  /** Below this width the table scrolls sideways inside its region. */
  minWidth?: number;
  emptyView?: ReactNode;
}

export function AdminTable({ label, columns, rows, rowsPerPage = 20, testId, defaultSortKey, defaultSortOrder, minWidth = 640, emptyView }: Props) {
  const head: HeadType = {
    cells: columns.map((c) => ({ key: c.key, content: c.header, isSortable: !!c.sortable, ...(c.width ? { width: c.width } : {}) })),
  };
  const tableRows: RowType[] = rows.map((r) => ({
    key: r.key,
    ...(r.testId ? { testId: r.testId } : {}),
    cells: columns.map((c) => {
      const content = r.cells[c.key];
      const sortKey = r.sort?.[c.key] ?? (typeof content === 'string' || typeof content === 'number' ? content : undefined);
      return { key: sortKey ?? c.key, content };
    }),
  }));
  return (
    <ScrollRegion label={`${label} (table)`}>
      <div style={{ minWidth }}>
        <DynamicTable
          label={label}
          head={head}
          rows={tableRows}
          rowsPerPage={rowsPerPage}
          defaultPage={1}
          {...(defaultSortKey ? { defaultSortKey, defaultSortOrder: defaultSortOrder ?? 'ASC' } : {})}
          {...(testId ? { testId } : {})}
          {...(emptyView ? { emptyView: <div>{emptyView}</div> } : {})}
        />
      </div>
    </ScrollRegion>
  );
}
