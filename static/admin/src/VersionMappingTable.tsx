/**
 * The rows of a version mapping: each tool version, a Select of the Jira version its runs count for ("Same name"
 * or a version of the mapped Jira projects), whether Jira has that version, and whether a sync met the tool version.
 */
import Select from '@atlaskit/select';
import { Stack, Text } from '@atlaskit/primitives';
import type { JiraVersionOption, VersionMappingRow } from '../../../src/resolvers/contract';
import { AdminTable, type AdminColumn, type AdminRow } from './AdminTable';

/** `''` stands for "Same name": the tool version counts for the Jira version of its own name. */
type Option = { label: string; value: string; note?: string };

/** Above the page's cards and sections, so an open menu is never hidden. */
const MENU_Z_INDEX = 510;

/** The admin's choice per tool version: a Jira version name, or `''` for the same name. */
export type VersionDraft = Record<string, string>;

const COLUMNS: AdminColumn[] = [
  { key: 'tool', header: 'Tool version', sortable: true, width: 26 },
  { key: 'jira', header: 'Counts for Jira version', width: 34 },
  { key: 'match', header: 'In Jira', sortable: true },
  { key: 'seen', header: 'Seen', sortable: true },
];

function versionNote(v: JiraVersionOption): string | undefined {
  const state = v.archived ? 'archived' : v.released ? 'released' : undefined;
  return [state, v.projects.join(', ')].filter(Boolean).join(' · ') || undefined;
}

/** The Jira version a draft choice counts for. */
export const chosenVersion = (row: VersionMappingRow, choice: string | undefined) => (choice ? choice : row.toolVersion);

interface Props {
  /** Names the table for assistive technology. */
  caption: string;
  rows: VersionMappingRow[];
  jiraVersions: JiraVersionOption[];
  draft: VersionDraft;
  disabled: boolean;
  onChange: (toolVersion: string, jiraVersion: string) => void;
}

export function VersionMappingTable({ caption, rows, jiraVersions, draft, disabled, onChange }: Props) {
  const inJira = new Set(jiraVersions.map((v) => v.name));
  const jiraOptions: Option[] = jiraVersions.map((v) => ({ value: v.name, label: v.name, note: versionNote(v) }));
  const tableRows: AdminRow[] = rows.map((row) => {
    const choice = draft[row.toolVersion] ?? '';
    const saved = row.source === 'admin' ? row.jiraVersion : '';
    const counts = chosenVersion(row, choice);
    const options: Option[] = [
      { value: '', label: 'Same name', note: row.toolVersion },
      ...jiraOptions,
      // A saved choice Jira no longer has stays selectable, so the admin sees what is saved.
      ...(choice && !inJira.has(choice) ? [{ value: choice, label: choice, note: 'not a version of the mapped Jira projects' }] : []),
    ];
    const found = inJira.has(counts);
    return {
      key: row.toolVersion,
      sort: { tool: row.toolVersion.toLowerCase(), match: found ? 1 : 0, seen: row.seen ? 0 : 1 },
      cells: {
        tool: <Text weight="semibold">{row.toolVersion}</Text>,
        jira: (
          <Stack space="space.050">
            <Select<Option>
              aria-label={`Jira version for ${row.toolVersion}`}
              options={options}
              value={options.find((o) => o.value === choice) ?? options[0]}
              onChange={(o) => {
                if (o) onChange(row.toolVersion, o.value);
              }}
              formatOptionLabel={(o, meta) =>
                meta.context === 'menu' && o.note ? (
                  <Stack>
                    <Text>{o.label}</Text>
                    <Text size="small" color="color.text.subtle">
                      {o.note}
                    </Text>
                  </Stack>
                ) : (
                  o.label
                )
              }
              isDisabled={disabled}
              spacing="compact"
              menuPortalTarget={document.body}
              styles={{ menuPortal: (base) => ({ ...base, zIndex: MENU_Z_INDEX }) }}
            />
            {choice !== saved ? (
              <Text size="small" color="color.text.subtle">
                changed, not saved yet
              </Text>
            ) : null}
          </Stack>
        ),
        match: found ? (
          <Text size="small" color="color.text.subtle">
            {counts}
          </Text>
        ) : (
          <Text size="small" color="color.text.warning">
            no Jira version “{counts}”
          </Text>
        ),
        seen: (
          <Text size="small" color="color.text.subtle">
            {row.seen ? 'in synced runs' : 'only in the saved mapping'}
          </Text>
        ),
      },
    };
  });
  return <AdminTable label={caption} columns={COLUMNS} rows={tableRows} rowsPerPage={50} testId="version-mapping" />;
}
