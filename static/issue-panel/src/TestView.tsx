/** A synced test: status and source, its steps, its recent runs and the requirements it covers. */
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import type { ReactNode } from 'react';
import type { PanelView } from '../../../src/resolvers/contract';
import { ExternalLink } from '../../shared/ExternalLink';
import { plural, toolName } from '../../shared/format';
import { IssueLink } from '../../shared/IssueLink';
import { StatusLozenge } from '../../shared/status';
import { Table, type Column, type Row } from '../../shared/Table';
import { Time } from '../../shared/Time';
import { RunStrip } from './RunStrip';

type TestPanel = Extract<PanelView, { kind: 'test' }>;

const STEP_COLUMNS: Column[] = [
  { key: 'index', header: '#', numeric: true, width: '2.5em' },
  { key: 'action', header: 'Action' },
  { key: 'data', header: 'Data' },
  { key: 'expected', header: 'Expected result' },
];

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack space="space.100">
      <Heading size="xxsmall" as="h3">
        {title}
      </Heading>
      {children}
    </Stack>
  );
}

export function TestView({ view, siteUrl }: { view: TestPanel; siteUrl?: string }) {
  const { test, steps, runs, flaky, covers } = view;
  const tool = toolName(test.tool);
  const stepRows: Row[] = [...steps]
    .sort((a, b) => a.index - b.index)
    .map((s) => ({
      key: String(s.index),
      cells: {
        index: s.index,
        action: <span style={{ whiteSpace: 'pre-wrap' }}>{s.action}</span>,
        data: s.data ? <span style={{ whiteSpace: 'pre-wrap' }}>{s.data}</span> : <Text color="color.text.subtlest">—</Text>,
        expected: <span style={{ whiteSpace: 'pre-wrap' }}>{s.expected}</span>,
      },
    }));

  return (
    <Stack space="space.250">
      <Stack space="space.075">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <StatusLozenge status={test.status} />
          {flaky ? (
            <span title="Results flip between pass and fail across recent runs">
              <Lozenge appearance="moved" isBold>
                Flaky
              </Lozenge>
            </span>
          ) : null}
          <Text weight="semibold">{test.name}</Text>
        </Inline>
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Text color="color.text.subtle">
            {tool} · {test.displayId}
          </Text>
          {test.url ? (
            <ExternalLink href={test.url} title={`Open ${test.displayId} in ${tool}`}>
              Open in {tool}
            </ExternalLink>
          ) : null}
        </Inline>
        {test.deletedInSource ? (
          <Text color="color.text.warning">
            This test was deleted in {tool}. The issue is kept with its history and no longer counts in coverage.
          </Text>
        ) : null}
        <Text size="small" color="color.text.subtlest">
          Last run: {test.lastRunAt ? <Time iso={test.lastRunAt} /> : 'never'}
          {test.cycle ? ` · cycle ${test.cycle}` : ''}
        </Text>
      </Stack>

      <Section title={`Run history (${plural(runs.length, 'run')})`}>
        {runs.length > 0 ? <RunStrip runs={runs} /> : <Text color="color.text.subtle">This test has not run yet.</Text>}
      </Section>

      <Section title="Steps">
        {steps.length > 0 ? (
          <Table caption={`Steps of ${test.displayId}`} columns={STEP_COLUMNS} rows={stepRows} testId="test-steps" />
        ) : (
          <Text color="color.text.subtle">This test has no steps in {tool}.</Text>
        )}
      </Section>

      <Section title="Covers">
        {covers.length > 0 ? (
          <Inline space="space.100" shouldWrap>
            {covers.map((key) => (
              <IssueLink key={key} issueKey={key} siteUrl={siteUrl} />
            ))}
          </Inline>
        ) : (
          <Text color="color.text.subtle">No requirement is linked to this test.</Text>
        )}
      </Section>
    </Stack>
  );
}
