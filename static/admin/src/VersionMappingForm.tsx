/**
 * A connection's version mapping: the Jira fix version each tool version's runs count for, loaded, edited and saved.
 * A tool version left on "Same name" counts for the Jira version of its own name.
 */
import { FormActions } from '../../shared/FormActions';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import { Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import { useState, type FormEvent } from 'react';
import type { Tool } from '../../../src/domain/model';
import type { VersionMappingView } from '../../../src/resolvers/contract';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { plural, toolName } from '../../shared/format';
import { Loading } from '../../shared/Loading';
import { useResource } from '../../shared/useResource';
import { adminApi } from './api';
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
  /** The admin's changes since the mapping was loaded or saved. */
  const [edits, setEdits] = useState<VersionDraft>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  const view = mapping.data;
  const draft: VersionDraft = { ...savedDraft(view), ...edits };
  const title = `Version mapping of ${connectionName}`;
  const jiraNames = new Set(view?.jiraVersions.map((v) => v.name) ?? []);
  const unmatched = (view?.rows ?? []).filter((r) => !jiraNames.has(chosenVersion(r, draft[r.toolVersion])));
  const projects = view?.jiraProjects.join(', ') ?? '';

  function choose(toolVersion: string, jiraVersion: string) {
    setEdits((current) => ({ ...current, [toolVersion]: jiraVersion }));
    setSaved(false);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!view) return;
    setSaving(true);
    setError(undefined);
    setSaved(false);
    const chosen = view.rows
      .map((r) => ({ toolVersion: r.toolVersion, jiraVersion: draft[r.toolVersion] ?? '' }))
      .filter((e) => e.jiraVersion !== '' && e.jiraVersion !== e.toolVersion);
    try {
      const answer = await adminApi.saveVersionMapping({ connectionId, mapping: chosen });
      mapping.set(answer);
      setEdits({});
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={title}
      style={{
        padding: token('space.200'),
        border: `${token('border.width')} solid ${token('color.border')}`,
        borderRadius: token('radius.medium'),
      }}
    >
      <Stack space="space.200">
        <Stack space="space.050">
          <Heading size="xsmall" as="h4">
            {title}
          </Heading>
          <Text as="p" color="color.text.subtle">
            Choose the Jira fix version the runs of each {toolName(tool)} version count for: in a requirement’s readiness, in JQL and on the issue
            panel. A version left on “Same name” counts for the Jira version of the same name.
          </Text>
        </Stack>

        {mapping.error ? (
          <ErrorMessage
            error={mapping.error}
            title="The version mapping could not be loaded"
            actions={<Button onClick={() => void mapping.reload()}>Try again</Button>}
          />
        ) : null}
        {mapping.loading && !view ? <Loading label="Loading the version mapping" /> : null}

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

        {view && view.rows.length > 0 ? (
          <VersionMappingTable caption={title} rows={view.rows} jiraVersions={view.jiraVersions} draft={draft} disabled={saving} onChange={choose} />
        ) : null}
        {view && view.rows.length === 0 ? (
          <Text as="p" color="color.text.subtle">
            No {toolName(tool)} version is known yet: versions appear here once a sync meets runs of them.
          </Text>
        ) : null}

        {error ? <ErrorMessage error={error} title="The version mapping was not saved" /> : null}
        <div aria-live="polite">
          {saved ? (
            <SectionMessage appearance="success">
              <Text as="p">Version mapping saved. Synced results are counted with it at the next sync.</Text>
            </SectionMessage>
          ) : null}
        </div>

        <FormActions submitLabel="Save version mapping" saving={saving} onCancel={onClose} submitDisabled={!view || view.rows.length === 0} />
      </Stack>
    </form>
  );
}
