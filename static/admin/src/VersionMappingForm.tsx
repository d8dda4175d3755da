/**
 * A connection's version mapping: the Jira fix version each tool version's runs count for, loaded, edited and saved.
 * A tool version left on "Same name" counts for the Jira version of its own name.
 */
import SectionMessage from '@atlaskit/section-message';
import { Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import type { Tool } from '../../../src/domain/model';
import type { VersionMappingView } from '../../../src/resolvers/contract';
import { plural, toolName } from '../../shared/format';
import { useResource } from '../../shared/useResource';
import { adminApi } from './api';
import { MappingFormFrame } from './MappingFormFrame';
import { useMappingSave } from './useMappingSave';
import { chosenVersion, VersionMappingTable, type VersionDraft } from './VersionMappingTable';

interface Props {
  connectionId: string;
  connectionName: string;
  tool: Tool;
  onClose: () => void;
}

function savedDraft(view: VersionMappingView | undefined): VersionDraft {
  return Object.fromEntries((view?.rows ?? []).map((r) => [r.toolVersion, r.source === 'admin' ? r.jiraVersion : '']));
}

const listStyle = { margin: 0, paddingInlineStart: token('space.250') };

export function VersionMappingForm({ connectionId, connectionName, tool, onClose }: Props) {
  const mapping = useResource(() => adminApi.getVersionMapping(connectionId));
  const save = useMappingSave<string, VersionMappingView>(mapping, saveDraft);

  const view = mapping.data;
  const draft: VersionDraft = { ...savedDraft(view), ...save.edits };
  const title = `Version mapping of ${connectionName}`;
  const jiraNames = new Set(view?.jiraVersions.map((v) => v.name) ?? []);
  const unmatched = (view?.rows ?? []).filter((r) => !jiraNames.has(chosenVersion(r, draft[r.toolVersion])));
  const projects = view?.jiraProjects.join(', ') ?? '';

  /** Sends only the versions mapped to another name: "Same name" and a choice of the version's own name need no entry. */
  function saveDraft(loaded: VersionMappingView) {
    const chosen = loaded.rows
      .map((r) => ({ toolVersion: r.toolVersion, jiraVersion: draft[r.toolVersion] ?? '' }))
      .filter((e) => e.jiraVersion !== '' && e.jiraVersion !== e.toolVersion);
    return adminApi.saveVersionMapping({ connectionId, mapping: chosen });
  }

  return (
    <MappingFormFrame
      title={title}
      subject="version mapping"
      intro={
        <>
          Choose the Jira fix version the runs of each {toolName(tool)} version count for: in a requirement’s readiness, in JQL and on the issue
          panel. A version left on “Same name” counts for the Jira version of the same name.
        </>
      }
      mapping={mapping}
      save={save}
      savedText="Version mapping saved. Synced results are counted with it at the next sync."
      noRowsText={<>No {toolName(tool)} version is known yet: versions appear here once a sync meets runs of them.</>}
      table={(loaded) => (
        <VersionMappingTable
          caption={title}
          rows={loaded.rows}
          jiraVersions={loaded.jiraVersions}
          draft={draft}
          disabled={save.saving}
          onChange={save.edit}
        />
      )}
      onClose={onClose}
    >
      {view?.storedError ? (
        <SectionMessage appearance="warning" title="The saved version mapping could not be read">
          <Text as="p">{view.storedError}</Text>
        </SectionMessage>
      ) : null}
      {view?.jiraError ? (
        <SectionMessage appearance="information" title="Jira’s versions could not all be read">
          <Text as="p">{view.jiraError}</Text>
        </SectionMessage>
      ) : null}
      {view && view.jiraProjects.length === 0 ? (
        <SectionMessage appearance="information" title="No Jira project is mapped yet">
          <Text as="p">Map a {toolName(tool)} project to a Jira project to choose among that project’s versions.</Text>
        </SectionMessage>
      ) : null}
      {view && view.jiraProjects.length > 0 && unmatched.length > 0 ? (
        <SectionMessage appearance="warning" title={`${plural(unmatched.length, `${toolName(tool)} version`)} ${unmatched.length === 1 ? 'matches' : 'match'} no Jira version`}>
          <Stack space="space.100">
            <Text as="p">
              Their runs count for no fix version of {projects}, so no requirement’s readiness in a version includes them. Choose the Jira version
              each stands for, or create it in Jira.
            </Text>
            <ul style={listStyle}>
              {unmatched.slice(0, 10).map((r) => (
                <li key={r.toolVersion}>
                  {r.toolVersion}
                  {chosenVersion(r, draft[r.toolVersion]) !== r.toolVersion ? ` → ${chosenVersion(r, draft[r.toolVersion])}` : ''}
                </li>
              ))}
              {unmatched.length > 10 ? <li>and {unmatched.length - 10} more</li> : null}
            </ul>
          </Stack>
        </SectionMessage>
      ) : null}
    </MappingFormFrame>
  );
}
