/**
 * What a settings import has to say: every problem of a file (nothing was changed), the preview of what it
 * would create, and what an import wrote (all of it, or up to the write that failed and what is left).
 */
import SectionMessage from '@atlaskit/section-message';
import { Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { ConfigImportPreview, ConfigImportResult, ConfigImportStep, ConfigProblem, ConfigSource } from '../../../src/resolvers/contract';
import { formatNumber, plural, toolName } from '../../shared/format';
import { DateTime } from '../../shared/Time';
import { statusLabel } from '../../shared/status';
import { AdminTable, type AdminColumn } from './AdminTable';
import { SCHEDULE_LABEL } from './schedule';

const listStyle = { margin: 0, paddingInlineStart: token('space.300') };

function SourceLine({ source }: { source?: ConfigSource }) {
  if (!source) return null;
  return (
    <Text as="p">
      Exported from {source.site || 'an unknown site'} on <DateTime iso={source.exportedAt} /> by TestSync {source.appVersion || '(unknown version)'} (format
      version {source.formatVersion}).
    </Text>
  );
}

const PROBLEM_COLUMNS: AdminColumn[] = [
  { key: 'where', header: 'Where in the file', width: 28 },
  { key: 'connection', header: 'Connection', width: 16 },
  { key: 'problem', header: 'Problem' },
];

/** Every problem of a file, each with its JSON path; nothing was changed. */
export function ConfigProblems({ fileName, problems, source }: { fileName: string; problems: ConfigProblem[]; source?: ConfigSource }) {
  return (
    <Stack space="space.200">
      <SectionMessage appearance="error" title={`${fileName} cannot be imported: ${plural(problems.length, 'problem')}`}>
        <Stack space="space.100">
          <Text as="p">Nothing was changed. Fix the file or the settings on this site, then choose the file again.</Text>
          <SourceLine source={source} />
        </Stack>
      </SectionMessage>
      <AdminTable
        label="Problems in the settings file"
        testId="config-problems"
        columns={PROBLEM_COLUMNS}
        rowsPerPage={50}
        rows={problems.map((p, i) => ({
          key: `${i}`,
          cells: {
            where: <code style={{ font: token('font.code'), overflowWrap: 'anywhere' }}>{p.path}</code>,
            connection: p.connection ?? '—',
            problem: p.message,
          },
        }))}
      />
    </Stack>
  );
}

const PREVIEW_COLUMNS: AdminColumn[] = [
  { key: 'connection', header: 'Connection', width: 18 },
  { key: 'target', header: 'Settings', width: 22 },
  { key: 'mappings', header: 'Project mappings', width: 30 },
  { key: 'statuses', header: 'Status mapping', width: 16 },
  { key: 'versions', header: 'Version mapping', width: 16 },
  { key: 'secret', header: 'Secret to enter' },
];

function Lines({ items, empty }: { items: ReactNode[]; empty: string }) {
  if (items.length === 0) return <Text color="color.text.subtle">{empty}</Text>;
  return (
    <ul style={listStyle}>
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}

/** What an import would create, and what the admin does afterwards. */
export function ConfigPreview({ preview, actions }: { preview: ConfigImportPreview; actions: ReactNode }) {
  const { counts } = preview;
  return (
    <Stack space="space.200">
      <SectionMessage
        appearance="information"
        title={`Ready to import ${plural(counts.connections, 'connection')}, ${plural(counts.mappings, 'project mapping')} and ${plural(counts.statusMappings, 'status mapping')}`}
      >
        <Stack space="space.100">
          <SourceLine source={preview.source} />
          <Text as="p">
            Nothing has been written yet. The file holds no secrets: each connection is created without its secret and disabled, so nothing syncs until you
            edit it, enter its secret and turn Enabled on.
          </Text>
          {preview.leftOut.length > 0 ? (
            <Text as="p">
              Not in the file: {preview.leftOut.map((l) => `${l.name} (${l.reason})`).join('; ')}.
            </Text>
          ) : null}
        </Stack>
      </SectionMessage>
      <AdminTable
        label="Connections to import"
        testId="config-preview"
        columns={PREVIEW_COLUMNS}
        minWidth={820}
        rows={preview.connections.map((c) => ({
          key: c.id,
          cells: {
            connection: (
              <Stack space="space.050">
                <Text weight="semibold">{c.name}</Text>
                <Text size="small" color="color.text.subtle">
                  {toolName(c.tool)} · {c.enabledAtSource ? 'enabled' : 'disabled'} where exported
                </Text>
              </Stack>
            ),
            target: <span style={{ overflowWrap: 'anywhere' }}>{c.target}</span>,
            mappings: (
              <Lines
                empty="None"
                items={c.mappings.map((m) => `${m.externalProjectName || m.externalProjectId} → ${m.jiraProjectKey} (${m.issueType}, ${SCHEDULE_LABEL[m.schedule].toLowerCase()})`)}
              />
            ),
            statuses: <Lines empty="TestSync's defaults" items={c.statusMapping.map((s) => `${s.name} → ${statusLabel(s.status)}`)} />,
            versions: <Lines empty="Same names" items={c.versionMapping.map((v) => `${v.toolVersion} → ${v.jiraVersion}`)} />,
            secret: c.secretLabel,
          },
        }))}
      />
      {actions}
    </Stack>
  );
}

const KIND_WORDS: Record<ConfigImportStep['kind'], string> = {
  connection: 'connection',
  mapping: 'mapping',
  statusMapping: 'status mapping',
  versionMapping: 'version mapping',
};
const stepText = (s: ConfigImportStep) => `${s.connectionName}: ${KIND_WORDS[s.kind]}${s.subject ? ` ${s.subject}` : ''}`;

/** What an import wrote: everything, or up to a write that failed, with what is on the site and what is not. */
export function ConfigOutcome({ result }: { result: Extract<ConfigImportResult, { imported: true }> }) {
  const secrets = <Lines empty="No connection was created." items={result.connections.map((c) => `${c.name} (${toolName(c.tool)}): enter its ${c.secretLabel}`)} />;
  if (result.complete) {
    const mappings = result.written.filter((s) => s.kind === 'mapping').length;
    const statuses = result.written.filter((s) => s.kind === 'statusMapping').length;
    return (
      <SectionMessage
        appearance="success"
        title={`Imported ${plural(result.connections.length, 'connection')}, ${plural(mappings, 'project mapping')} and ${plural(statuses, 'status mapping')}`}
      >
        <Stack space="space.100">
          <Text as="p">
            The connections have no secret yet and are disabled: nothing syncs until you edit each one in Connections, enter its secret and turn Enabled
            on.
          </Text>
          {secrets}
        </Stack>
      </SectionMessage>
    );
  }
  return (
    <SectionMessage appearance="warning" title="The import stopped part-way">
      <Stack space="space.100">
        {result.failed ? (
          <Text as="p">
            <Text weight="semibold">{stepText(result.failed)}</Text> was not written: {result.failed.message}
          </Text>
        ) : null}
        <Text as="p" weight="semibold">
          Written ({formatNumber(result.written.length)})
        </Text>
        <Lines empty="Nothing." items={result.written.map(stepText)} />
        <Text as="p" weight="semibold">
          Not written ({formatNumber(result.notWritten.length)})
        </Text>
        <Lines empty="Nothing." items={result.notWritten.map(stepText)} />
        <Text as="p">
          To finish, delete the connections written by this import (Delete in their row menu removes their mappings too) and import the file again, or add
          what was not written by hand. Connections that were written still need their secret:
        </Text>
        {secrets}
      </Stack>
    </SectionMessage>
  );
}
