/** The failed items of a connection, one row each: item, Jira issue, cause, fix, attempts, next attempt, Retry and Skip. */
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import type { FailedItemView } from '../../../src/resolvers/contract';
import { IssueLink } from '../../shared/IssueLink';
import { Table, type Column, type Row } from '../../shared/Table';
import { Time } from '../../shared/Time';
import { FAILED_STATE_APPEARANCE, FAILED_STATE_LABEL, itemLabel } from './failedItems';

const COLUMNS: Column[] = [
  { key: 'item', header: 'Item' },
  { key: 'issue', header: 'Jira issue' },
  { key: 'cause', header: 'Cause' },
  { key: 'fix', header: 'Fix' },
  { key: 'attempts', header: 'Attempts', numeric: true },
  { key: 'next', header: 'Next attempt' },
  { key: 'actions', header: 'Actions' },
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
  const rows: Row[] = items.map((item) => {
    const label = itemLabel(item);
    const isBusy = (action: ItemAction) => busy?.key === item.sourceKey && busy.action === action;
    return {
      key: item.sourceKey,
      cells: {
        item: (
          <Stack space="space.025">
            <code style={{ font: token('font.code') }}>{label}</code>
            {item.name ? (
              <Text size="small" color="color.text.subtle">
                {item.name}
              </Text>
            ) : null}
          </Stack>
        ),
        issue: item.issueKey ? <IssueLink issueKey={item.issueKey} siteUrl={siteUrl} /> : <Text color="color.text.subtlest">None yet</Text>,
        cause: item.cause,
        fix: item.fix,
        attempts: item.attempts,
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
  return <Table caption={caption} columns={COLUMNS} rows={rows} testId="failed-items" />;
}
