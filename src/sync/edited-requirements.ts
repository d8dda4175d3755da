/**
 * Requirements edited in Jira since the app last looked: a story's fix version is the user's to change, and its
 * readiness (counted in its fix versions, indexed as testsyncReadiness) must follow without waiting for one of its
 * tests to change. At most hourly per connection, one search finds the requirements carrying the app's coverage
 * property that were updated since the last look; they are marked stale, so this run's coverage phase recomputes
 * them (and writes only those whose coverage changed). The search lags behind edits; the window overlaps the
 * previous one, so a late-indexed edit is found by the next look.
 */
import { z } from 'zod';
import { getRecord, putRecord, storedRecord } from '../config/store';
import { markCoverageStale } from './item-index';
import type { JiraPort } from './ports';
import { safeKeyPart } from './keys';

/** How often a connection looks, and how far back past the last look (the search index's lag). */
export const EDIT_SCAN_MINUTES = 60;
const OVERLAP_MINUTES = 15;
/** Never look further back than a week: an older edit was seen by a sync of another connection, or is no news. */
const MAX_WINDOW_MINUTES = 7 * 24 * 60;

/** A damaged mark is read as a look long ago: the next look goes back as far as it may (a week), missing nothing. */
const LastLook = storedRecord('last edited-requirements look', z.object({ at: z.string() }), {
  unreadable: 'set-aside',
  repair: () => ({ at: new Date(0).toISOString() }),
  consequence: { repaired: 'The next look for edited requirements goes back a week.' },
});
const lookKey = (connectionId: string) => `editscan:${safeKeyPart(connectionId)}`;

/** Marks the requirements edited since the connection's last look; answers how many, or undefined when not due. */
export async function markEditedRequirements(jira: JiraPort, connectionId: string, now: Date): Promise<number | undefined> {
  const last = await getRecord(lookKey(connectionId), LastLook);
  const since = last ? Date.parse(last.at) : NaN;
  if (Number.isFinite(since) && now.getTime() - since < EDIT_SCAN_MINUTES * 60_000) return undefined;
  let marked = 0;
  // The first look only starts the clock: the coverage written so far was counted with the fix versions of the time.
  if (Number.isFinite(since)) {
    const minutes = Math.min(MAX_WINDOW_MINUTES, Math.ceil((now.getTime() - since) / 60_000) + OVERLAP_MINUTES);
    const keys = await jira.coveredIssuesUpdatedWithin(minutes);
    await markCoverageStale(connectionId, keys);
    marked = keys.length;
  }
  await putRecord(lookKey(connectionId), LastLook, { at: now.toISOString() });
  return marked;
}
