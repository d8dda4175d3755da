/**
 * A connection's items that failed to reach Jira, shown when there are any: counts by state, the table with
 * Retry and Skip per item, and Retry all. The list is read again whenever the connection's last sync changes.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import { useEffect, useRef, useState } from 'react';
import type { ConnectionView, FailedItemView } from '../../../src/resolvers/contract';
import { ActionFeedback, type Feedback } from '../../shared/ActionFeedback';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { formatNumber, toolName } from '../../shared/format';
import { useResource } from '../../shared/useResource';
import { useSiteUrl } from '../../shared/useSiteUrl';
import { adminApi } from './api';
import { countsText, itemCount, itemLabel, retryText, skipText } from './failedItems';
import { FailedItemsTable, type ItemAction } from './FailedItemsTable';

const ALL = '*';

interface Props {
  connection: ConnectionView;
  /** Called when an action started a sync, so the card and the history show it. */
  onChanged: () => void;
}

export function FailedItemsSection({ connection, onChanged }: Props) {
  const failed = useResource(() => adminApi.listFailedItems(connection.id));
  const siteUrl = useSiteUrl();
  const [busy, setBusy] = useState<{ key: string; action: ItemAction }>();
  const [feedback, setFeedback] = useState<Feedback>();
  /** Where focus returns once an action is done and the list is read again: an item's Retry button, or Retry all. */
  const [focusAfter, setFocusAfter] = useState<string>();
  const retryButtons = useRef(new Map<string, HTMLButtonElement>());
  const retryAllRef = useRef<HTMLButtonElement>(null);
  const feedbackRef = useRef<HTMLDivElement>(null);
  const tool = toolName(connection.tool);

  const lastRun = connection.lastRun ? `${connection.lastRun.runId}:${connection.lastRun.state}` : '';
  const seenRun = useRef(lastRun);
  useEffect(() => {
    if (seenRun.current === lastRun) return;
    seenRun.current = lastRun;
    void failed.reload();
  }, [lastRun, failed.reload]);

  useEffect(() => {
    if (focusAfter === undefined || busy || failed.loading) return;
    const target = focusAfter === ALL ? retryAllRef.current : retryButtons.current.get(focusAfter);
    (target ?? feedbackRef.current)?.focus();
    setFocusAfter(undefined);
  }, [focusAfter, busy, failed.loading]);

  async function act(items: FailedItemView[] | typeof ALL, action: ItemAction) {
    const key = items === ALL ? ALL : items[0].sourceKey;
    const what = items === ALL ? undefined : itemLabel(items[0]);
    const keys = items === ALL ? undefined : items.map((i) => i.sourceKey);
    setBusy({ key, action });
    setFeedback(undefined);
    try {
      if (action === 'retry') {
        const answer = await adminApi.retryFailedItems(connection.id, keys);
        setFeedback({ kind: 'success', text: retryText(answer, what, connection.enabled) });
        if (answer.run) onChanged();
      } else {
        await adminApi.skipFailedItems(connection.id, keys ?? []);
        setFeedback({ kind: 'success', text: skipText(what ?? 'The items', tool) });
      }
    } catch (e) {
      const title = `${what ?? 'The failed items'} ${what ? 'was' : 'were'} not ${action === 'retry' ? 'retried' : 'skipped'}`;
      setFeedback({ kind: 'error', title, error: e });
    }
    setBusy(undefined);
    setFocusAfter(key);
    await failed.reload();
  }

  const view = failed.data;
  const total = view ? itemCount(view.counts) : 0;
  if (!failed.error && total === 0 && !feedback) {
    return (
      <Text as="p" color="color.text.subtle">
        {failed.loading && !view ? 'Loading the failed items…' : `No failed items: everything ${connection.name} synced reached Jira.`}
      </Text>
    );
  }

  const heading = `Failed items of ${connection.name}`;
  return (
    <section aria-label={heading}>
      <Stack space="space.150">
        <Inline spread="space-between" alignBlock="center" shouldWrap space="space.100">
          <Stack space="space.025">
            <Heading size="xsmall" as="h4">
              Failed items
            </Heading>
            {view ? <Text color="color.text.subtle">{countsText(view.counts)}</Text> : null}
          </Stack>
          {total > 0 ? (
            <Button
              ref={retryAllRef}
              onClick={() => void act(ALL, 'retry')}
              isLoading={busy?.key === ALL}
              isDisabled={!!busy && busy.key !== ALL}
            >
              Retry all
            </Button>
          ) : null}
        </Inline>
        {total > 0 ? (
          <Text as="p" color="color.text.subtle">
            These items did not reach Jira; the rest of the sync went on without them. Syncs retry an item with growing
            pauses and park it after five attempts, until you retry it. A skipped item is left alone until it changes in {tool}.
          </Text>
        ) : null}
        {failed.error ? (
          <ErrorMessage
            error={failed.error}
            title="The failed items could not be loaded"
            actions={<Button onClick={() => void failed.reload()}>Try again</Button>}
          />
        ) : null}
        <ActionFeedback ref={feedbackRef} feedback={feedback} />
        {view && view.items.length > 0 ? (
          <FailedItemsTable
            caption={heading}
            items={view.items}
            toolName={tool}
            siteUrl={siteUrl}
            busy={busy}
            onAction={(item, action) => void act([item], action)}
            retryRef={(sourceKey, el) => {
              if (el) retryButtons.current.set(sourceKey, el);
              else retryButtons.current.delete(sourceKey);
            }}
          />
        ) : null}
        {view?.truncated ? (
          <Text as="p" size="small" color="color.text.subtle">
            Showing the first {formatNumber(view.items.length)} failed items.
          </Text>
        ) : null}
      </Stack>
    </section>
  );
}
