/**
 * Test properties changed by run pages but not yet written to Jira. A test whose runs span many pages is
 * written once, when the run phases are done, instead of once per page. The markers are keyed by connection,
 * so a run that stopped before flushing leaves them for the next run.
 */
import { z } from 'zod';
import { deleteMany, getMany, pageRecords, putMany } from '../config/store';
import { fingerprint } from '../domain/fingerprint';
import { JiraError } from '../jira/client';
import { TEST_PROPERTY } from '../jira/properties';
import { itemFailed, type ConnectionContext } from './context';
import { mapLimit } from './concurrency';
import { loadItems, safeKeyPart, saveItems, type ItemChange, type ItemRecord } from './item-index';

/** What the issue's property said in Jira when the test first became dirty. */
const DirtyMarker = z.object({ sourceKey: z.string(), status: z.string(), lastRunAt: z.string().optional() });

const prefix = (connectionId: string) => `dirty:${safeKeyPart(connectionId)}:`;
const markerKey = (connectionId: string, sourceKey: string) => `${prefix(connectionId)}${safeKeyPart(sourceKey)}`;

/** Stores the new item records and marks them for writing, remembering what Jira shows now. */
export async function markDirty(connectionId: string, changed: { sourceKey: string; before: ItemRecord; record: ItemRecord }[]): Promise<void> {
  if (changed.length === 0) return;
  const existing = await getMany(changed.map((c) => markerKey(connectionId, c.sourceKey)), DirtyMarker);
  const markers = changed
    .filter((c) => !existing.has(markerKey(connectionId, c.sourceKey)))
    .map((c) => ({
      key: markerKey(connectionId, c.sourceKey),
      value: { sourceKey: c.sourceKey, status: c.before.property.status, ...(c.before.property.lastRunAt ? { lastRunAt: c.before.property.lastRunAt } : {}) },
    }));
  // Markers first: a crash between the two writes leaves a marker on an unchanged record, which is harmless.
  await putMany(markers, DirtyMarker);
  await saveItems(changed.map((c) => ({ sourceKey: c.sourceKey, record: c.record, before: c.before })));
}

/**
 * Writes up to `max` dirty test properties to Jira, a few at a time. Answers true when none is left. A
 * property Jira refuses stays marked (and the item is queued as failed); an issue deleted in Jira is
 * remembered as such.
 */
export async function flushDirty(ctx: ConnectionContext, max = 100): Promise<boolean> {
  const connectionId = ctx.connection.id;
  let flushed = 0;
  let cursor: string | undefined;
  while (flushed < max) {
    const page = await pageRecords(prefix(connectionId), DirtyMarker, cursor);
    // An unreadable marker names no test: drop it (the test is written again by its next change).
    await deleteMany(page.damaged.map((d) => d.key));
    if (page.records.length === 0 && !page.nextCursor) return true;
    const items = await loadItems(page.records.map((m) => m.value.sourceKey));
    const written: ItemChange[] = [];
    const done: string[] = [];
    await mapLimit(page.records, async ({ key, value: marker }) => {
      const item = items.get(marker.sourceKey);
      const hash = item ? fingerprint(item.property) : '';
      if (!item || item.tombstone || hash === item.propertyHash) {
        done.push(key);
        return;
      }
      try {
        await ctx.jira.setProperty(item.issueId, TEST_PROPERTY, item.property);
      } catch (e) {
        if (e instanceof JiraError && e.status === 404) {
          done.push(key);
          written.push({ sourceKey: marker.sourceKey, before: item, record: { ...item, tombstone: { reason: 'deleted-in-jira', at: ctx.now().toISOString() } } });
          ctx.run.warnings.push(`${item.issueKey} (${item.property.displayId}) was deleted in Jira; its results are not written.`);
          return;
        }
        await itemFailed(ctx, { sourceKey: marker.sourceKey, projectId: item.property.projectId, externalId: item.property.externalId, displayId: item.property.displayId, issueKey: item.issueKey }, e);
        return;
      }
      done.push(key);
      if (item.createdByRun !== ctx.run.runId) ctx.run.counts.updated++;
      written.push({ sourceKey: marker.sourceKey, before: item, record: { ...item, propertyHash: hash } });
    });
    await saveItems(written);
    await deleteMany(done);
    flushed += page.records.length;
    // Markers that failed stay; walk past them so the others are written in this run.
    cursor = page.nextCursor;
    if (!cursor) return true;
  }
  return false;
}
