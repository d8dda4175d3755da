/**
 * Every connection, one compact row each (tool, name, health, last sync, next sync, actions), sortable and
 * paged. The name opens the connection's details under the table; the row menu holds its actions.
 */
import DynamicTable from '@atlaskit/dynamic-table';
import type { HeadType, RowType } from '@atlaskit/dynamic-table/types';
import { Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import type { ConnectionView, RunSummary } from '../../../src/resolvers/contract';
import { toolName } from '../../shared/format';
import { ConnectionRowMenu, type RowAction } from './ConnectionRowMenu';
import { HEALTH_RANK, HealthCell, LastSyncCell, NextSyncCell } from './ConnectionCells';
import { ScrollRegion } from './ScrollRegion';

export const ROWS_PER_PAGE = 25;

const HEAD: HeadType = {
  cells: [
    { key: 'tool', content: 'Tool', isSortable: true, width: 8 },
    { key: 'name', content: 'Name', isSortable: true, width: 18 },
    { key: 'health', content: 'Health', isSortable: true, width: 34 },
    { key: 'last', content: 'Last sync', isSortable: true, width: 18 },
    { key: 'next', content: 'Next sync', isSortable: true, width: 12 },
    { key: 'actions', content: 'Actions', width: 10 },
  ],
};

interface Props {
  connections: ConnectionView[];
  /** The freshest state known of a run. */
  latest: (run: RunSummary) => RunSummary;
  openId?: string;
  panelId: string;
  busy: Map<string, RowAction>;
  onToggle: (connection: ConnectionView) => void;
  onAction: (connection: ConnectionView, action: RowAction) => void;
}

const nameButton = {
  background: 'none',
  border: 'none',
  padding: 0,
  font: token('font.body'),
  fontWeight: token('font.weight.medium'),
  color: token('color.link'),
  cursor: 'pointer',
  textAlign: 'start',
} as const;

export function ConnectionsTable({ connections, latest, openId, panelId, busy, onToggle, onAction }: Props) {
  const rows: RowType[] = connections.map((c) => {
    const run = c.lastRun ? latest(c.lastRun) : undefined;
    const open = c.id === openId;
    return {
      key: c.id,
      testId: `connection-row-${c.id}`,
      cells: [
        { key: toolName(c.tool), content: toolName(c.tool) },
        {
          key: c.name.toLowerCase(),
          content: (
            <button
              type="button"
              style={{ ...nameButton, fontWeight: open ? token('font.weight.bold') : nameButton.fontWeight }}
              aria-expanded={open}
              aria-controls={open ? panelId : undefined}
              data-connection-id={c.id}
              onClick={() => onToggle(c)}
            >
              {c.name}
            </button>
          ),
        },
        { key: HEALTH_RANK[c.health?.status ?? 'ok'], content: <HealthCell health={c.health} /> },
        { key: run?.startedAt ?? '', content: <LastSyncCell run={run} /> },
        { key: c.nextSync?.at ?? 'zzzz', content: <NextSyncCell connection={c} /> },
        { key: 'actions', content: <ConnectionRowMenu connection={c} run={run} busy={busy.get(c.id)} onAction={(a) => onAction(c, a)} /> },
      ],
    };
  });
  return (
    <ScrollRegion label="Connections table">
      <div style={{ minWidth: 900 }}>
        <DynamicTable
          label="Connections"
          head={HEAD}
          rows={rows}
          rowsPerPage={ROWS_PER_PAGE}
          defaultPage={1}
          testId="connections-table"
          emptyView={<Text>No connections yet.</Text>}
        />
      </div>
    </ScrollRegion>
  );
}
