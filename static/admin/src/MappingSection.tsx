/** A connection's project mappings: the table, and the form to add or edit one. */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import { lazy, Suspense, useState } from 'react';
import type { ConnectionView, JiraProjectView, MappingView } from '../../../src/resolvers/contract';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { AdminTable, type AdminColumn, type AdminRow } from './AdminTable';
import { adminApi } from './api';
import { describeTool } from './connectionTools';
import { Loading } from '../../shared/Loading';
import { ON_DELETED_SHORT } from './onDeleted';
import { SCHEDULE_LABEL } from './schedule';

/** The form (and the Select it brings) loads only when a mapping is added or edited. */
const MappingForm = lazy(() => import('./MappingForm').then((m) => ({ default: m.MappingForm })));

interface Props {
  connection: ConnectionView;
  jiraProjects: JiraProjectView[];
  onChanged: () => void;
}

const columns = (projectLabel: string): AdminColumn[] => [
  { key: 'external', header: projectLabel, sortable: true },
  { key: 'jira', header: 'Jira project', sortable: true },
  { key: 'issueType', header: 'Issue type', sortable: true },
  { key: 'schedule', header: 'Schedule', sortable: true },
  { key: 'what', header: 'Also synced' },
  { key: 'deleted', header: 'If deleted in Jira' },
  { key: 'actions', header: 'Actions', width: 22 },
];

export function MappingSection({ connection, jiraProjects, onChanged }: Props) {
  const [editing, setEditing] = useState<MappingView | 'new' | undefined>();
  const [confirming, setConfirming] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function remove(mapping: MappingView) {
    setBusy(true);
    setError(undefined);
    try {
      await adminApi.deleteMapping(connection.id, mapping.externalProjectId);
      setConfirming(undefined);
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const projectLabel = describeTool(connection.tool).project;
  const projectName = (key: string) => jiraProjects.find((p) => p.key === key)?.name;

  const rows: AdminRow[] = connection.mappings.map((m) => ({
    key: m.externalProjectId,
    cells: {
      external: m.externalProjectName || m.externalProjectId,
      jira: projectName(m.jiraProjectKey) ? `${projectName(m.jiraProjectKey)} (${m.jiraProjectKey})` : m.jiraProjectKey,
      issueType: m.issueType,
      schedule: SCHEDULE_LABEL[m.schedule] ?? m.schedule,
      what: [m.syncRuns ? 'Runs' : '', m.syncRequirementLinks ? 'Requirement links' : ''].filter(Boolean).join(', ') || 'Test cases only',
      deleted: ON_DELETED_SHORT[m.onDeletedInJira] ?? ON_DELETED_SHORT.leave,
      actions:
        confirming === m.externalProjectId ? (
          <Inline space="space.050" alignBlock="center" shouldWrap>
            <Text size="small">Stop syncing this project? Its Jira issues are kept.</Text>
            <Button appearance="danger" spacing="compact" isLoading={busy} onClick={() => void remove(m)}>
              Remove mapping
            </Button>
            <Button spacing="compact" isDisabled={busy} onClick={() => setConfirming(undefined)}>
              Cancel
            </Button>
          </Inline>
        ) : (
          <Inline space="space.050">
            <Button spacing="compact" onClick={() => setEditing(m)} aria-label={`Edit mapping of ${m.externalProjectName || m.externalProjectId}`}>
              Edit
            </Button>
            <Button
              spacing="compact"
              appearance="subtle"
              onClick={() => setConfirming(m.externalProjectId)}
              aria-label={`Remove mapping of ${m.externalProjectName || m.externalProjectId}`}
            >
              Remove
            </Button>
          </Inline>
        ),
    },
  }));

  return (
    <Stack space="space.150">
      <Inline spread="space-between" alignBlock="center">
        <Heading size="xsmall" as="h4">
          Project mappings
        </Heading>
        {editing === undefined ? (
          <Button appearance="primary" onClick={() => setEditing('new')}>
            Add mapping
          </Button>
        ) : null}
      </Inline>
      {error ? <ErrorMessage error={error} title="The mapping was not removed" /> : null}
      {rows.length > 0 ? (
        <AdminTable label={`Project mappings of ${connection.name}`} columns={columns(projectLabel)} rows={rows} minWidth={860} testId="mappings" />
      ) : editing === undefined ? (
        <Text as="p" color="color.text.subtle">
          No project is mapped yet. Add a mapping to choose which {projectLabel} syncs into which Jira project.
        </Text>
      ) : null}
      {editing !== undefined ? (
        <Suspense fallback={<Loading label="Loading the mapping form" />}>
          <MappingForm
            key={editing === 'new' ? 'new' : editing.externalProjectId}
            connectionId={connection.id}
            tool={connection.tool}
            jiraProjects={jiraProjects}
            existing={editing === 'new' ? undefined : editing}
            mappedIds={connection.mappings.map((m) => m.externalProjectId)}
            onSaved={() => {
              setEditing(undefined);
              onChanged();
            }}
            onCancel={() => setEditing(undefined)}
          />
        </Suspense>
      ) : null}
    </Stack>
  );
}
