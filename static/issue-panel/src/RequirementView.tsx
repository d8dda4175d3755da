/** A requirement's coverage: counts by status, how they were computed, and every covering test. */
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import type { PanelTest, PanelView } from '../../../src/resolvers/contract';
import { ExternalLink } from '../../shared/ExternalLink';
import { plural, toolName } from '../../shared/format';
import { IssueLink } from '../../shared/IssueLink';
import { STATUS_ORDER, StatusLozenge } from '../../shared/status';
import { Table, type Column, type Row } from '../../shared/Table';
import { Time } from '../../shared/Time';
import { CoverageBar } from './CoverageBar';

type RequirementPanel = Extract<PanelView, { kind: 'requirement' }>;

const COLUMNS: Column[] = [
  { key: 'tool', header: 'Tool' },
  { key: 'test', header: 'Test' },
  { key: 'status', header: 'Latest' },
  { key: 'lastRun', header: 'Last run' },
  { key: 'cycle', header: 'Cycle' },
  { key: 'open', header: 'Source' },
];

export function TestName({ test, siteUrl }: { test: PanelTest; siteUrl?: string }) {
  return (
    <Stack space="space.025">
      <Inline space="space.075" alignBlock="center" shouldWrap>
        {test.issueKey ? <IssueLink issueKey={test.issueKey} siteUrl={siteUrl} /> : null}
        {test.displayId !== test.issueKey ? (
          <Text size="small" color="color.text.subtle">
            {test.displayId}
          </Text>
        ) : null}
      </Inline>
      <Text>{test.name}</Text>
    </Stack>
  );
}

/** "2 more tests cover this issue in projects you cannot browse." ("more" only when some are listed). */
export function hiddenText(hidden: number, listed: number): string {
  const more = listed > 0 ? ' more' : '';
  return hidden === 1
    ? `1${more} test covers this issue in a project you cannot browse.`
    : `${hidden}${more} tests cover this issue in projects you cannot browse.`;
}

export function RequirementView({ view, siteUrl }: { view: RequirementPanel; siteUrl?: string }) {
  const { coverage, tests } = view;
  const rows: Row[] = tests.map((t) => ({
    key: `${t.tool}:${t.displayId}`,
    cells: {
      tool: toolName(t.tool),
      test: <TestName test={t} siteUrl={siteUrl} />,
      status: <StatusLozenge status={t.status} />,
      lastRun: <span style={{ whiteSpace: 'nowrap' }}>{t.lastRunAt ? <Time iso={t.lastRunAt} /> : 'Never'}</span>,
      cycle: t.cycle ?? <Text color="color.text.subtlest">Ad hoc</Text>,
      open: (
        <span style={{ whiteSpace: 'nowrap' }}>
          <ExternalLink href={t.url} title={`Open ${t.displayId} in ${toolName(t.tool)}`}>
            Open in {toolName(t.tool)}
          </ExternalLink>
        </span>
      ),
    },
  }));

  return (
    <Stack space="space.200">
      <Stack space="space.100" as="div">
        <Inline space="space.100" alignBlock="baseline" shouldWrap>
          <Heading size="xsmall" as="h2">
            Coverage
          </Heading>
          <Text color="color.text.subtle">{plural(coverage.total, 'test')}</Text>
        </Inline>
        <CoverageBar byStatus={coverage.byStatus} total={coverage.total} />
        <div role="group" aria-label="Tests by latest status">
          <Inline space="space.075" shouldWrap>
            {STATUS_ORDER.filter((s) => (coverage.byStatus[s] ?? 0) > 0).map((s) => (
              <StatusLozenge key={s} status={s} suffix={String(coverage.byStatus[s])} />
            ))}
          </Inline>
        </div>
        <Text size="small" color="color.text.subtlest">
          {coverage.how} Computed <Time iso={coverage.computedAt} />.
        </Text>
      </Stack>
      {rows.length > 0 ? <Table caption={`Tests covering ${view.issueKey}`} columns={COLUMNS} rows={rows} testId="covering-tests" /> : null}
      {view.hidden > 0 ? (
        <Text as="p" color="color.text.subtle" testId="hidden-tests">
          {hiddenText(view.hidden, rows.length)}
        </Text>
      ) : null}
    </Stack>
  );
}
