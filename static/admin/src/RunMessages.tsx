/** What a run met on its way: its failed items (with links to Jira and the tool), waits, warnings and errors. */
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import type { FailedItemView, RunSummary } from '../../../src/resolvers/contract';
import { ExternalLink } from '../../shared/ExternalLink';
import { formatNumber, formatSeconds } from '../../shared/format';
import { DateTime } from '../../shared/Time';
import { IssueLink } from '../../shared/IssueLink';
import { AdminTable } from './AdminTable';
import { FAILED_STATE_APPEARANCE, FAILED_STATE_LABEL, itemLabel } from './failedItems';

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Stack space="space.100">
        <Heading size="small" as="h2" id={id}>
          {title}
        </Heading>
        {children}
      </Stack>
    </section>
  );
}

export function RunFailedItems({ items, toolName, siteUrl }: { items: FailedItemView[]; toolName: string; siteUrl?: string }) {
  if (items.length === 0) return null;
  const parked = items.filter((i) => i.state === 'parked').length;
  return (
    <Section id="run-failed-heading" title={`Items left under Failed items (${formatNumber(items.length)}${parked ? `, ${formatNumber(parked)} parked` : ''})`}>
      <AdminTable
        label="Items this run left under Failed items"
        minWidth={860}
        testId="run-failed-items"
        columns={[
          { key: 'item', header: 'Item', sortable: true, width: 16 },
          { key: 'issue', header: 'Jira issue', sortable: true, width: 10 },
          { key: 'state', header: 'State', sortable: true, width: 10 },
          { key: 'cause', header: 'Cause', width: 32 },
          { key: 'fix', header: 'Fix', width: 32 },
        ]}
        rows={items.map((i) => ({
          key: i.sourceKey,
          sort: { item: itemLabel(i), issue: i.issueKey ?? '', state: i.state },
          cells: {
            item: i.toolUrl ? (
              <ExternalLink href={i.toolUrl} title={`Open ${itemLabel(i)} in ${toolName}`}>
                {itemLabel(i)}
              </ExternalLink>
            ) : (
              itemLabel(i)
            ),
            issue: i.issueKey ? <IssueLink issueKey={i.issueKey} siteUrl={siteUrl} /> : <Text color="color.text.subtle">None yet</Text>,
            state: <Lozenge appearance={FAILED_STATE_APPEARANCE[i.state]}>{FAILED_STATE_LABEL[i.state]}</Lozenge>,
            cause: i.cause,
            fix: i.fix,
          },
        }))}
      />
    </Section>
  );
}

export function RunWaitsTable({ waits }: { waits: RunSummary['waits'] }) {
  if (!waits || waits.length === 0) return null;
  const total = waits.reduce((sum, w) => sum + w.seconds, 0);
  return (
    <Section id="run-waits-heading" title={`Waits (${formatNumber(waits.length)}, ${formatSeconds(total)} in all)`}>
      <AdminTable
        label="Waits"
        columns={[
          { key: 'at', header: 'When', sortable: true, width: 30 },
          { key: 'seconds', header: 'How long', sortable: true, width: 15 },
          { key: 'reason', header: 'Why' },
        ]}
        rows={waits.map((w, i) => ({
          key: `${w.at}-${i}`,
          sort: { at: w.at, seconds: w.seconds },
          cells: { at: <DateTime iso={w.at} />, seconds: formatSeconds(w.seconds), reason: w.reason },
        }))}
      />
    </Section>
  );
}

export function RunWarningsList({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <Section id="run-warnings-heading" title={`Warnings (${formatNumber(warnings.length)})`}>
      <ul aria-label="Warnings" style={{ margin: 0, paddingInlineStart: token('space.250') }}>
        {warnings.map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ul>
    </Section>
  );
}

export function RunErrorsTable({ errors }: { errors: RunSummary['errors'] }) {
  if (errors.length === 0) return null;
  return (
    <Section id="run-errors-heading" title={`Errors (${formatNumber(errors.length)})`}>
      <AdminTable
        label="Errors"
        testId="run-errors"
        columns={[
          { key: 'item', header: 'Item', sortable: true, width: 18 },
          { key: 'message', header: 'What went wrong' },
        ]}
        rows={errors.map((e, i) => ({ key: String(i), sort: { item: e.item ?? '' }, cells: { item: e.item ?? 'The run', message: e.message } }))}
      />
    </Section>
  );
}
