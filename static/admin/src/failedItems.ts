/** Words for the items that failed to sync: their states and what the admin is told after Retry and Skip. */
import type { ThemeAppearance } from '@atlaskit/lozenge';
import type { FailedItemView, FailedItemsView } from '../../../src/resolvers/contract';
import { formatNumber as n, plural } from '../../shared/format';
import type { RetryAnswer } from './api';

export type FailedState = FailedItemView['state'];

export const FAILED_STATE_LABEL: Record<FailedState, string> = {
  retrying: 'Retrying',
  parked: 'Parked',
  skipped: 'Skipped',
};

export const FAILED_STATE_APPEARANCE: Record<FailedState, ThemeAppearance> = {
  retrying: 'inprogress',
  parked: 'moved',
  skipped: 'default',
};

/** "2 retrying · 1 parked · 0 skipped" */
export function countsText(counts: FailedItemsView['counts']): string {
  return `${n(counts.retrying)} retrying · ${n(counts.parked)} parked · ${n(counts.skipped)} skipped`;
}

export function itemCount(counts: FailedItemsView['counts']): number {
  return counts.retrying + counts.parked + counts.skipped;
}

/** How an item is named to the admin: the tool's id, e.g. "TC-12". */
export const itemLabel = (item: FailedItemView) => item.displayId || item.sourceKey;

/** What "Retry" did: `what` is an item's id, or undefined for "Retry all". */
export function retryText(answer: RetryAnswer, what: string | undefined, enabled: boolean): string {
  const subject = what ?? plural(answer.retried, 'item');
  const verb = what || answer.retried === 1 ? 'is' : 'are';
  const pronoun = what || answer.retried === 1 ? 'it' : 'them';
  if (answer.retried === 0) return 'Nothing to retry: the items are no longer in the queue.';
  if (answer.run && answer.started) return `${subject} ${verb} back in the queue: a sync has started to retry ${pronoun} now.`;
  if (answer.run) return `${subject} ${verb} back in the queue: a sync is already under way, and it or the next sync retries ${pronoun}.`;
  return enabled
    ? `${subject} ${verb} back in the queue; the next sync retries ${pronoun}.`
    : `${subject} ${verb} back in the queue; ${pronoun === 'it' ? 'it is' : 'they are'} retried once the connection is enabled and synced.`;
}

export function skipText(what: string, toolName: string): string {
  return `${what} is skipped: syncs leave it alone until it changes in ${toolName}.`;
}
