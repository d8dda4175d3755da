/** A connection's status mapping: which canonical status each tool status counts as, loaded, edited and saved. */
import SectionMessage from '@atlaskit/section-message';
import { Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import type { CanonicalStatus, Tool } from '../../../src/domain/model';
import type { StatusMappingView } from '../../../src/resolvers/contract';
import { toolName } from '../../shared/format';
import { useResource } from '../../shared/useResource';
import { adminApi } from './api';
import { MappingFormFrame } from './MappingFormFrame';
import { StatusMappingTable, type Draft } from './StatusMappingTable';
import { useMappingSave } from './useMappingSave';

interface Props {
  connectionId: string;
  connectionName: string;
  tool: Tool;
  onClose: () => void;
}

function savedDraft(view: StatusMappingView | undefined): Draft {
  return Object.fromEntries((view?.rows ?? []).map((r) => [r.name, r.mappedTo]));
}

export function StatusMappingForm({ connectionId, connectionName, tool, onClose }: Props) {
  const mapping = useResource(() => adminApi.getStatusMapping(connectionId));
  const save = useMappingSave<CanonicalStatus, StatusMappingView>(mapping, saveDraft);

  const view = mapping.data;
  const draft: Draft = { ...savedDraft(view), ...save.edits };
  const title = `Status mapping of ${connectionName}`;

  /** Sends a status for every row that has one, so the rows the admin left alone keep their current status. */
  function saveDraft(loaded: StatusMappingView) {
    const chosen: Record<string, CanonicalStatus> = {};
    for (const row of loaded.rows) {
      const status = draft[row.name];
      if (status) chosen[row.name] = status;
    }
    return adminApi.saveStatusMapping({ connectionId, mapping: chosen });
  }

  return (
    <MappingFormFrame
      title={title}
      subject="status mapping"
      intro={
        <>
          Choose what each {toolName(tool)} status counts as in Jira: in coverage, on the issue panel and in requirement status. Runs with an
          unmapped status count as “Not run”.
        </>
      }
      mapping={mapping}
      save={save}
      savedText="Status mapping saved. Synced results are re-counted with it at the next sync."
      noRowsText={<>No {toolName(tool)} status is known yet: the statuses appear once the tool lists them or a sync meets them.</>}
      table={(loaded) => <StatusMappingTable caption={title} rows={loaded.rows} draft={draft} disabled={save.saving} onChange={save.edit} />}
      onClose={onClose}
    >
      {view?.catalogueError ? (
        <SectionMessage appearance="information" title={`The ${toolName(tool)} status list could not be read`}>
          <Text as="p">{view.catalogueError}</Text>
          <Text as="p">The statuses below come from the defaults and the saved mapping.</Text>
        </SectionMessage>
      ) : null}
      {view && view.problems.length > 0 ? (
        <SectionMessage appearance="warning" title="Check the status mapping">
          <ul style={{ margin: 0, paddingInlineStart: token('space.250') }}>
            {view.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </SectionMessage>
      ) : null}
    </MappingFormFrame>
  );
}
