/** A connection's status mapping: which canonical status each tool status counts as, loaded, edited and saved. */
import { FormActions } from '../../shared/FormActions';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import { Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import { useState, type FormEvent } from 'react';
import type { CanonicalStatus, Tool } from '../../../src/domain/model';
import type { StatusMappingView } from '../../../src/resolvers/contract';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { toolName } from '../../shared/format';
import { Loading } from '../../shared/Loading';
import { useResource } from '../../shared/useResource';
import { adminApi } from './api';
import { StatusMappingTable, type Draft } from './StatusMappingTable';

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
  /** The admin's changes since the mapping was loaded or saved. */
  const [edits, setEdits] = useState<Record<string, CanonicalStatus>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  const view = mapping.data;
  const draft: Draft = { ...savedDraft(view), ...edits };
  const title = `Status mapping of ${connectionName}`;

  function choose(name: string, status: CanonicalStatus) {
    setEdits((current) => ({ ...current, [name]: status }));
    setSaved(false);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!view) return;
    setSaving(true);
    setError(undefined);
    setSaved(false);
    const chosen: Record<string, CanonicalStatus> = {};
    for (const row of view.rows) {
      const status = draft[row.name];
      if (status) chosen[row.name] = status;
    }
    try {
      const answer = await adminApi.saveStatusMapping({ connectionId, mapping: chosen });
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
            Choose what each {toolName(tool)} status counts as in Jira: in coverage, on the issue panel and in
            requirement status. Runs with an unmapped status count as “Not run”.
          </Text>
        </Stack>

        {mapping.error ? (
          <ErrorMessage
            error={mapping.error}
            title="The status mapping could not be loaded"
            actions={<Button onClick={() => void mapping.reload()}>Try again</Button>}
          />
        ) : null}
        {mapping.loading && !view ? <Loading label="Loading the status mapping" /> : null}

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

        {view && view.rows.length > 0 ? (
          <StatusMappingTable caption={title} rows={view.rows} draft={draft} disabled={saving} onChange={choose} />
        ) : null}
        {view && view.rows.length === 0 ? (
          <Text as="p" color="color.text.subtle">
            No {toolName(tool)} status is known yet: the statuses appear once the tool lists them or a sync meets them.
          </Text>
        ) : null}

        {error ? <ErrorMessage error={error} title="The status mapping was not saved" /> : null}
        <div aria-live="polite">
          {saved ? (
            <SectionMessage appearance="success">
              <Text as="p">Status mapping saved. Synced results are re-counted with it at the next sync.</Text>
            </SectionMessage>
          ) : null}
        </div>

        <FormActions submitLabel="Save status mapping" saving={saving} onCancel={onClose} submitDisabled={!view || view.rows.length === 0} />
      </Stack>
    </form>
  );
}
