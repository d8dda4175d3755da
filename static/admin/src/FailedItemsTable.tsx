/** The failed items of a connection, one row each: item, Jira issue, cause, fix, attempts, next attempt, Retry and Skip. */
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import type { FailedItemView } from '../../../src/resolvers/contract';
import { IssueLink } from '../../shared/IssueLink';
import { ExternalLink } from '../../shared/ExternalLink';
import { AdminTable, type AdminColumn, type AdminRow } from './AdminTable';
import { formatNumber } from '../../shared/format';
import { Time } from '../../shared/Time';
import { FAILED_STATE_APPEARANCE, FAILED_STATE_LABEL, itemLabel } from './failedItems';

const COLUMNS: AdminColumn[] = [
  { key: 'item', header: 'Item', sortable: true, width: 14 },
  { key: 'issue', header: 'Jira issue', sortable: true, width: 9 },
  { key: 'cause', header: 'Cause', width: 25 },
  { key: 'fix', header: 'Fix', width: 22 },
  { key: 'attempts', header: 'Attempts', sortable: true, width: 8 },
  { key: 'next', header: 'Next attempt', sortable: true, width: 11 },
  { key: 'actions', header: 'Actions', width: 11 },
];

export type ItemAction = 'retry' | 'skip';

interface Props {
  caption: string;
  items: FailedItemView[];
  toolName: string;
  siteUrl?: string;
  /** The item (source key) and action under way, if any. */
  busy?: { key: string; action: ItemAction };
  onAction: (item: FailedItemView, action: ItemAction) => void;
  /** Keeps each row's Retry button, so focus can return to it after an action. */
  retryRef: (sourceKey: string, button: HTMLButtonElement | null) => void;
}

function NextAttempt({ item, toolName }: { item: FailedItemView; toolName: string }) {
  const due = item.nextAttemptAt && Date.parse(item.nextAttemptAt) <= Date.now();
  return (
    <Stack space="space.050">
      <span>
        <Lozenge appearance={FAILED_STATE_APPEARANCE[item.state]}>{FAILED_STATE_LABEL[item.state]}</Lozenge>
      </span>
      <Text size="small" color="color.text.subtle">
        {item.state === 'retrying' ? due ? 'due now' : <Time iso={item.nextAttemptAt} /> : null}
        {item.state === 'parked' ? 'until you retry it' : null}
        {item.state === 'skipped' ? `until it changes in ${toolName}` : null}
      </Text>
    </Stack>
  );
}

export function FailedItemsTable({ caption, items, toolName, siteUrl, busy, onAction, retryRef }: Props) {
  const rows: AdminRow[] = items.map((item) => {
    const label = itemLabel(item);
    const isBusy = (action: ItemAction) => busy?.key === item.sourceKey && busy.action === action;
    return {
      key: item.sourceKey,
      sort: { item: label, issue: item.issueKey ?? '', attempts: item.attempts, next: `${item.state === 'retrying' ? 0 : 1}${item.nextAttemptAt ?? ''}` },
      cells: {
        item: (
          <Stack space="space.025">
            {item.toolUrl ? (
              <ExternalLink href={item.toolUrl} title={`Open ${label} in ${toolName}`}>
                <code style={{ font: token('font.code') }}>{label}</code>
              </ExternalLink>
            ) : (
              <code style={{ font: token('font.code') }}>{label}</code>
            )}
            {item.name ? (
              <Text size="small" color="color.text.subtle">
                {item.name}
              </Text>
            ) : null}
          </Stack>
        ),
        issue: item.issueKey ? <IssueLink issueKey={item.issueKey} siteUrl={siteUrl} /> : <Text color="color.text.subtle">None yet</Text>,
        cause: item.cause,
        fix: item.fix,
        attempts: formatNumber(item.attempts),
        next: <NextAttempt item={item} toolName={toolName} />,
        actions: (
          <Inline space="space.050">
            <Button
              ref={(el: HTMLButtonElement | null) => retryRef(item.sourceKey, el)}
              spacing="compact"
              aria-label={`Retry ${label}`}
              isLoading={isBusy('retry')}
              isDisabled={!!busy && !isBusy('retry')}
              onClick={() => onAction(item, 'retry')}
            >
              Retry
            </Button>
            {item.state !== 'skipped' ? (
              <Button
                spacing="compact"
                appearance="subtle"
                aria-label={`Skip ${label}`}
                isLoading={isBusy('skip')}
                isDisabled={!!busy && !isBusy('skip')}
                onClick={() => onAction(item, 'skip')}
              >
                Skip
              </Button>
            ) : null}
          </Inline>
        ),
      },
    };
  });
  return <AdminTable label={caption} columns={COLUMNS} rows={rows} minWidth={900} testId="failed-items" />;
}
