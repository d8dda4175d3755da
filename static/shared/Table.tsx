/**
 * A plain, accessible data table styled like Atlaskit's dynamic table with design tokens. Rows may
 * carry an extra full-width detail row (used for expandable errors).
 */
import { token } from '@atlaskit/tokens';
import { Fragment, type CSSProperties, type ReactNode } from 'react';

export interface Column {
  key: string;
  header: ReactNode;
  /** Right-aligns numbers. */
  numeric?: boolean;
  width?: string;
}

export interface Row {
  key: string;
  cells: Record<string, ReactNode>;
  /** Shown under the row across all columns. */
  detail?: ReactNode;
  detailId?: string;
}

const headStyle: CSSProperties = {
  font: token('font.body.small'),
  fontWeight: token('font.weight.bold'),
  color: token('color.text.subtle'),
  textAlign: 'start',
  padding: `${token('space.050')} ${token('space.100')}`,
  borderBlockEnd: `2px solid ${token('color.border')}`,
  verticalAlign: 'bottom',
  whiteSpace: 'nowrap',
};

const cellStyle: CSSProperties = {
  font: token('font.body'),
  color: token('color.text'),
  padding: `${token('space.075')} ${token('space.100')}`,
  borderBlockEnd: `${token('border.width')} solid ${token('color.border')}`,
  verticalAlign: 'top',
};

export function Table({ caption, columns, rows, testId }: { caption: string; columns: Column[]; rows: Row[]; testId?: string }) {
  return (
    <div style={{ overflowX: 'auto' }}>
      <table data-testid={testId} style={{ width: '100%', borderCollapse: 'collapse', marginBlock: 0 }}>
        <caption
          style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' }}
        >
          {caption}
        </caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" style={{ ...headStyle, width: c.width, textAlign: c.numeric ? 'end' : 'start' }}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Fragment key={row.key}>
              <tr>
                {columns.map((c) => (
                  <td
                    key={c.key}
                    style={{
                      ...cellStyle,
                      textAlign: c.numeric ? 'end' : 'start',
                      fontVariantNumeric: c.numeric ? 'tabular-nums' : undefined,
                      borderBlockEnd: row.detail ? 'none' : cellStyle.borderBlockEnd,
                    }}
                  >
                    {row.cells[c.key] ?? ''}
                  </td>
                ))}
              </tr>
              {row.detail ? (
                <tr id={row.detailId}>
                  <td colSpan={columns.length} style={{ ...cellStyle, paddingBlockStart: 0 }}>
                    {row.detail}
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
