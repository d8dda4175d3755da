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

/**
 * What the issue's property said in Jira when the test first became dirty; `counted` when the run that
 * marked it already counted the test as updated (a case edit), so the flush does not count it again.
 */
const DirtyMarker = z.object({ sourceKey: z.string(), status: z.string(), lastRunAt: z.string().optional(), counted: z.boolean().optional() });

const prefix = (connectionId: string) => `dirty:${safeKeyPart(connectionId)}:`;
const markerKey = (connectionId: string, sourceKey: string) => `${prefix(connectionId)}${safeKeyPart(sourceKey)}`;

/**
 * Stores the new item records and marks them for writing, remembering what Jira shows now. `counted`: the
 * caller counted these tests as updated already.
 */
export async function markDirty(connectionId: string, changed: ItemChange[], options: { counted?: boolean } = {}): Promise<void> {
  if (changed.length === 0) return;
  // A record stored with a property newer than what Jira was last given has its marker already (markers are
  // written before records and deleted after them), so only tests clean until now are looked at and marked —
  // except when the caller counted the update, which the marker must say.
  const clean = (c: ItemChange) => !c.before || c.before.propertyHash === fingerprint(c.before.property);
  const toMark = options.counted ? changed : changed.filter(clean);
  const existing = options.counted ? await getMany(toMark.map((c) => markerKey(connectionId, c.sourceKey)), DirtyMarker) : new Map<string, DirtyMarker>();
  const markers = toMark
    .filter((c) => !existing.get(markerKey(connectionId, c.sourceKey))?.counted)
    .map((c) => {
      const shown = existing.get(markerKey(connectionId, c.sourceKey)) ?? { status: c.before?.property.status ?? '', lastRunAt: c.before?.property.lastRunAt };
      const value = { sourceKey: c.sourceKey, status: shown.status, ...(shown.lastRunAt ? { lastRunAt: shown.lastRunAt } : {}), ...(options.counted ? { counted: true } : {}) };
      return { key: markerKey(connectionId, c.sourceKey), value };
    });
  // Markers first: a crash between the two writes leaves a marker on an unchanged record, which is harmless.
  await putMany(markers, DirtyMarker);
  await saveItems(changed);
}

/** Dirty properties written per bulk request (Jira's limit for `issue/properties/multi`). */
const BULK = 100;

/**
 * Writes up to `max` dirty test properties to Jira, in bulk (100 an request). Answers true when none is left.
 * When a bulk request fails, its properties are written one by one, so one bad issue does not fail its
 * neighbours and an issue deleted in Jira is noticed (a 404) and remembered; a property Jira refuses stays
 * marked, and the item is queued as failed.
 */
export async function flushDirty(ctx: ConnectionContext, max = 500): Promise<boolean> {
  const connectionId = ctx.connection.id;
  let flushed = 0;
  let cursor: string | undefined;
  while (flushed < max) {
    // Gather up to one bulk request's worth of markers (the storage answers 20 a page).
    const batch: { key: string; marker: DirtyMarker }[] = [];
    do {
      const page = await pageRecords(prefix(connectionId), DirtyMarker, cursor);
      // An unreadable marker names no test: drop it (the test is written again by its next change).
      await deleteMany(page.damaged.map((d) => d.key));
      batch.push(...page.records.map((r) => ({ key: r.key, marker: r.value })));
      cursor = page.nextCursor;
    } while (cursor && batch.length + 20 <= BULK);
    if (batch.length === 0) return true;
    await flushBatch(ctx, batch);
    flushed += batch.length;
    // Markers that failed stay; the walk goes past them so the others are written in this run.
    if (!cursor) return true;
  }
  return false;
}

type DirtyMarker = z.infer<typeof DirtyMarker>;

/** The test's issue was deleted in Jira: remembered, its marker done. */
function markGone(ctx: ConnectionContext, w: { key: string; sourceKey: string; item: ItemRecord }, done: string[], written: ItemChange[]): void {
  done.push(w.key);
  written.push({ sourceKey: w.sourceKey, before: w.item, record: { ...w.item, tombstone: { reason: 'deleted-in-jira', at: ctx.now().toISOString() } } });
  ctx.run.warnings.push(`${w.item.issueKey} (${w.item.property.displayId}) was deleted in Jira; its results are not written.`);
}

async function flushBatch(ctx: ConnectionContext, batch: { key: string; marker: DirtyMarker }[]): Promise<void> {
  const items = await loadItems(batch.map((b) => b.marker.sourceKey));
  const done: string[] = [];
  const toWrite: { key: string; sourceKey: string; item: ItemRecord; hash: string; counted: boolean }[] = [];
  for (const { key, marker } of batch) {
    const item = items.get(marker.sourceKey);
    const hash = item ? fingerprint(item.property) : '';
    if (!item || item.tombstone || hash === item.propertyHash) done.push(key);
    else toWrite.push({ key, sourceKey: marker.sourceKey, item, hash, counted: !!marker.counted });
  }
  const written: ItemChange[] = [];
  const wrote = (w: (typeof toWrite)[number]) => {
    done.push(w.key);
    if (w.item.createdByRun !== ctx.run.runId && !w.counted) ctx.run.counts.updated++;
    written.push({ sourceKey: w.sourceKey, before: w.item, record: { ...w.item, propertyHash: w.hash } });
  };
  // Jira's bulk write ignores issues that no longer exist: look first (one direct read per 100).
  const live = toWrite.length > 0 ? await ctx.jira.existingIssueIds(toWrite.map((w) => w.item.issueId)) : new Set<string>();
  for (const w of toWrite.filter((x) => !live.has(x.item.issueId))) markGone(ctx, w, done, written);
  const present = toWrite.filter((w) => live.has(w.item.issueId));
  let bulkFailed = false;
  if (present.length > 0) {
    try {
      await ctx.jira.setProperties(TEST_PROPERTY, present.map((w) => ({ issueId: w.item.issueId, value: w.item.property })));
      present.forEach(wrote);
    } catch (e) {
      // Jira asked to wait: the whole run waits. Anything else: one by one, to find the one at fault.
      if (e instanceof JiraError && e.status === 429) throw e;
      bulkFailed = true;
      const warning = `Jira's bulk property update failed (${e instanceof Error ? e.message : String(e)}); the test properties it held were written one by one.`;
      if (!ctx.run.warnings.includes(warning)) ctx.run.warnings.push(warning);
    }
  }
  if (bulkFailed) {
    await mapLimit(present, async (w) => {
      try {
        await ctx.jira.setProperty(w.item.issueId, TEST_PROPERTY, w.item.property);
        wrote(w);
      } catch (e) {
        if (e instanceof JiraError && e.status === 404) {
          markGone(ctx, w, done, written);
          return;
        }
        const p = w.item.property;
        await itemFailed(ctx, { sourceKey: w.sourceKey, projectId: p.projectId, externalId: p.externalId, displayId: p.displayId, issueKey: w.item.issueKey }, e);
      }
    });
  }
  await saveItems(written);
  await deleteMany(done);
}
