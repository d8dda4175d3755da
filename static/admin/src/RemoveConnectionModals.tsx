/**
 * "Delete" and "Disconnect", confirmed in a modal that says what goes and what stays. Delete removes the
 * connection for good; Disconnect removes its settings and secret but keeps it (and its mappings) listed.
 */
import { Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import type { ConnectionView, JiraProjectView } from '../../../src/resolvers/contract';
import { plural, toolName } from '../../shared/format';
import { ConfirmModal } from './ConfirmModal';
import { credentialOf } from './connectionTools';

export type Removal = { kind: 'delete' | 'disconnect'; connection: ConnectionView };

interface Props {
  removal?: Removal;
  jiraProjects: JiraProjectView[];
  busy: boolean;
  error?: unknown;
  onConfirm: (removal: Removal) => void;
  onClose: () => void;
}

const list = { margin: 0, paddingInlineStart: token('space.250') } as const;

function projects(c: ConnectionView, jira: JiraProjectView[]): string {
  const keys = [...new Set(c.mappings.map((m) => m.jiraProjectKey))];
  return keys.map((k) => jira.find((p) => p.key === k)?.name ? `${jira.find((p) => p.key === k)!.name} (${k})` : k).join(', ');
}

function DeleteText({ c, jira }: { c: ConnectionView; jira: JiraProjectView[] }) {
  const secret = credentialOf(c).label;
  const mapped = c.mappings.map((m) => `${m.externalProjectName || m.externalProjectId} → ${m.jiraProjectKey}`);
  return (
    <Stack space="space.150">
      <Text as="p">
        <Text weight="bold">Deleted:</Text>
      </Text>
      <ul style={list} aria-label="Deleted">
        <li>
          the connection's settings and its stored {secret}; it no longer syncs and is no longer listed
        </li>
        <li>
          its {c.mappings.length === 1 ? 'project mapping' : plural(c.mappings.length, 'project mapping')}
          {mapped.length > 0 ? ` (${mapped.join(', ')})` : ''}, its status mapping and schedule
        </li>
        <li>its failed items and its sync history</li>
      </ul>
      <Text as="p">
        <Text weight="bold">Stays in Jira:</Text>
      </Text>
      <ul style={list} aria-label="Stays in Jira">
        <li>
          every Jira issue it synced{c.mappings.length > 0 ? ` into ${projects(c, jira)}` : ''}, with its latest results, requirement links and
          link back to {toolName(c.tool)}; the issue panel keeps showing them
        </li>
        <li>the test cases and runs in {toolName(c.tool)} itself (nothing is deleted there)</li>
      </ul>
      <Text as="p" color="color.text.subtle">
        To sync them again later, add a new connection; to stop syncing but keep the mappings, disconnect instead.
      </Text>
    </Stack>
  );
}

function DisconnectText({ c }: { c: ConnectionView }) {
  const secret = credentialOf(c).label;
  return (
    <Text as="p">
      This removes the stored {secret} and the connection settings. Project mappings and every Jira issue created by TestSync are kept.
      Syncing stops until you enter the connection's settings and {secret} again.
    </Text>
  );
}

export function RemoveConnectionModals({ removal, jiraProjects, busy, error, onConfirm, onClose }: Props) {
  const c = removal?.connection;
  const deleting = removal?.kind === 'delete';
  return (
    <ConfirmModal
      isOpen={!!removal}
      title={c ? `${deleting ? 'Delete' : 'Disconnect'} ${c.name}?` : ''}
      confirmLabel={deleting ? 'Delete connection' : 'Disconnect'}
      busy={busy}
      error={error}
      errorTitle={deleting ? 'The connection was not deleted' : 'The connection was not disconnected'}
      onConfirm={() => removal && onConfirm(removal)}
      onClose={onClose}
      testId={deleting ? 'delete-connection-modal' : 'disconnect-modal'}
    >
      {c ? deleting ? <DeleteText c={c} jira={jiraProjects} /> : <DisconnectText c={c} /> : null}
    </ConfirmModal>
  );
}
