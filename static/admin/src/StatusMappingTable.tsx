/**
 * The rows of a status mapping: each tool status, a Select of the canonical status it counts as, where
 * its mapping comes from and whether the tool's catalogue lists it.
 */
import Select from '@atlaskit/select';
import { Text } from '@atlaskit/primitives';
import type { CanonicalStatus } from '../../../src/domain/model';
import type { StatusMappingRow } from '../../../src/resolvers/contract';
import { STATUS_LABEL, STATUS_ORDER, StatusLozenge } from '../../shared/status';
import { AdminTable, type AdminColumn, type AdminRow } from './AdminTable';

type Option = { label: string; value: CanonicalStatus };

const OPTIONS: Option[] = STATUS_ORDER.map((s) => ({ value: s, label: STATUS_LABEL[s] }));

/** Above the page's cards and sections, so an open menu is never hidden. */
const MENU_Z_INDEX = 510;

/** The admin's choice per tool status; absent when the status is left unmapped. */
export type Draft = Record<string, CanonicalStatus | undefined>;

const COLUMNS: AdminColumn[] = [
  { key: 'name', header: 'Tool status', sortable: true, width: 30 },
  { key: 'mapping', header: 'Counts as', width: 30 },
  { key: 'source', header: 'Mapping', sortable: true },
  { key: 'catalogue', header: 'Catalogue', sortable: true },
];

function SourceHint({ row, chosen }: { row: StatusMappingRow; chosen: CanonicalStatus | undefined }) {
  if (chosen !== row.mappedTo) {
    return (
      <Text size="small" color="color.text.subtle">
        changed, not saved yet
      </Text>
    );
  }
  if (row.source === 'unmapped' || !chosen) {
    return (
      <Text size="small" color="color.text.warning">
        not mapped — its runs count as {STATUS_LABEL.NOT_RUN}
      </Text>
    );
  }
  return (
    <Text size="small" color="color.text.subtle">
      {row.source === 'admin' ? 'set by an admin' : 'default'}
    </Text>
  );
}

interface Props {
  /** Names the table for assistive technology. */
  caption: string;
  rows: StatusMappingRow[];
  draft: Draft;
  disabled: boolean;
  onChange: (name: string, status: CanonicalStatus) => void;
}

export function StatusMappingTable({ caption, rows, draft, disabled, onChange }: Props) {
  const tableRows: AdminRow[] = rows.map((row) => {
    const chosen = draft[row.name];
    return {
      key: row.name,
      sort: { name: row.name.toLowerCase(), source: row.source, catalogue: row.inCatalogue ? 0 : 1 },
      cells: {
        name: <Text weight="semibold">{row.name}</Text>,
        mapping: (
          <Select<Option>
            aria-label={`Map ${row.name} to`}
            options={OPTIONS}
            value={OPTIONS.find((o) => o.value === chosen) ?? null}
            onChange={(o) => {
              if (o) onChange(row.name, o.value);
            }}
            formatOptionLabel={(o) => <StatusLozenge status={o.value} />}
            placeholder="Not mapped"
            isDisabled={disabled}
            spacing="compact"
            menuPortalTarget={document.body}
            styles={{ menuPortal: (base) => ({ ...base, zIndex: MENU_Z_INDEX }) }}
          />
        ),
        source: <SourceHint row={row} chosen={chosen} />,
        catalogue: (
          <Text size="small" color="color.text.subtle">
            {row.inCatalogue ? 'in the catalogue' : 'seen in runs only'}
          </Text>
        ),
      },
    };
  });
  return <AdminTable label={caption} columns={COLUMNS} rows={tableRows} rowsPerPage={50} testId="status-mapping" />;
}
