/**
 * Test properties changed by run pages but not yet written to Jira. A test whose runs span many pages is
 * written once, when the run phases are done, instead of once per page. The markers are keyed by connection,
 * so a run that stopped before flushing leaves them for the next run.
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { getMany, putMany } from '../config/store';
import { fingerprint } from '../domain/fingerprint';
import { setIssueProperty, TEST_PROPERTY } from '../jira/properties';
import { itemError, touch, type SyncContext } from './context';
import { loadItems, safeKeyPart, saveItems, type ItemRecord } from './item-index';

/** What the issue's property said in Jira when the test first became dirty. */
const DirtyMarker = z.object({ sourceKey: z.string(), status: z.string(), lastRunAt: z.string().optional() });
type DirtyMarker = z.infer<typeof DirtyMarker>;

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
  await saveItems(changed.map((c) => ({ sourceKey: c.sourceKey, record: c.record })));
  await putMany(markers, DirtyMarker);
}

/**
 * Writes up to `max` dirty test properties to Jira. Answers true when none is left.
 */
export async function flushDirty(ctx: SyncContext, max = 100): Promise<boolean> {
  const connectionId = ctx.connection.id;
  let flushed = 0;
  while (flushed < max) {
    const page = await kvs.query().where('key', { condition: 'BEGINS_WITH', values: [prefix(connectionId)] }).limit(20).getMany<unknown>();
    if (page.results.length === 0) return true;
    const markers = page.results.map((r) => ({ key: r.key, marker: DirtyMarker.parse(r.value) }));
    const items = await loadItems(markers.map((m) => m.marker.sourceKey));
    const written: { sourceKey: string; record: ItemRecord }[] = [];
    const done: string[] = [];
    for (const { key, marker } of markers) {
      const item = items.get(marker.sourceKey);
      done.push(key);
      if (!item) continue;
      const hash = fingerprint(item.property);
      if (hash === item.propertyHash) continue;
      try {
        await setIssueProperty(item.issueId, TEST_PROPERTY, item.property);
      } catch (e) {
        // Keep the marker: the next run writes it again.
        done.pop();
        itemError(ctx, item.property.displayId, e);
        continue;
      }
      if (item.createdByRun !== ctx.run.runId) ctx.run.counts.updated++;
      if (item.property.status !== marker.status || item.property.lastRunAt !== marker.lastRunAt) touch(ctx, item.property.covers);
      written.push({ sourceKey: marker.sourceKey, record: { ...item, propertyHash: hash } });
    }
    await saveItems(written);
    if (done.length > 0) await kvs.batchDelete(done.map((key) => ({ key })));
    flushed += markers.length;
    if (done.length < markers.length) return false;
  }
  return false;
}
