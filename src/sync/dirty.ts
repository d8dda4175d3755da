/**
 * Test properties changed but not yet written to Jira. A test whose runs span many pages is written once, when
 * the run phases are done, instead of once per page. Markers are lists of tests, one per marking (a unit of
 * work), keyed by connection and time, so a run that stopped before flushing leaves them for the next run.
 * Every test a flush takes off a marker is settled: written, found deleted in Jira, or queued as a failed item
 * (whose retry marks it again), so a flush always ends.
 */
import { z } from 'zod';
import { deleteMany, pageRecords, putMany, storedRecord } from '../config/store';
import { dirtyMarkerMigrations } from '../config/migrations/dirty-markers';
import { fingerprint } from '../domain/fingerprint';
import { JiraError } from '../jira/client';
import { TEST_PROPERTY } from '../jira/properties';
import { itemFailed, pausesRun, type ConnectionContext } from './context';
import { mapLimit } from './concurrency';
import { loadItems, safeKeyPart, saveItems, type ItemChange, type ItemRecord } from './item-index';

/**
 * Tests to write; `counted`: those the marking run counted as updated already (a case edit). Version 2: markers of
 * one test, as earlier releases wrote them, are read as lists of one.
 */
const DirtyList = storedRecord('dirty marker', z.object({ sourceKeys: z.array(z.string()), counted: z.array(z.string()).optional() }), {
  version: 2,
  migrations: dirtyMarkerMigrations,
  unreadable: 'set-aside',
  consequence: { setAside: 'The tests it named are written to Jira with their next change.' },
});
type DirtyList = z.infer<typeof DirtyList>;

const prefix = (connectionId: string) => `dirty:${safeKeyPart(connectionId)}:`;
/** Tests a marker lists at most (about 50 KB). */
const PER_MARKER = 1000;
let sequence = 0;

/**
 * Stores the new item records and marks them for writing. `counted`: the caller counted these tests as updated
 * already.
 */
export async function markDirty(connectionId: string, changed: ItemChange[], options: { counted?: boolean } = {}): Promise<void> {
  if (changed.length === 0) return;
  // A record stored with a property newer than what Jira was last given is on a marker already (markers are
  // written before records and taken off after them), so only tests clean until now are marked — unless the
  // caller counted the update, which the marker must say.
  const clean = (c: ItemChange) => !c.before || c.before.propertyHash === fingerprint(c.before.property);
  const keys = [...new Set((options.counted ? changed : changed.filter(clean)).map((c) => c.sourceKey))];
  const markers: { key: string; value: DirtyList }[] = [];
  for (let i = 0; i < keys.length; i += PER_MARKER) {
    const sourceKeys = keys.slice(i, i + PER_MARKER);
    const key = `${prefix(connectionId)}${Date.now().toString(36).padStart(9, '0')}-${process.pid}-${sequence++}`;
    markers.push({ key, value: { sourceKeys, ...(options.counted ? { counted: sourceKeys } : {}) } });
  }
  // Markers first: a crash between the two writes leaves a marker on an unchanged record, which is harmless.
  await putMany(markers, DirtyList);
  await saveItems(changed);
}

/** Dirty properties written per bulk request (Jira's limit for `issue/properties/multi`). */
const BULK = 100;

/**
 * Writes up to about `max` dirty test properties to Jira, in bulk (100 a request). Answers true when none is
 * left. When a bulk request fails, its properties are written one by one, so one bad issue does not fail its
 * neighbours and an issue deleted in Jira is noticed (a 404) and remembered; a property Jira refuses is queued
 * as a failed item.
 */
export async function flushDirty(ctx: ConnectionContext, max = 500): Promise<boolean> {
  const connectionId = ctx.connection.id;
  let flushed = 0;
  /** Past the markers that cannot be used and stay (a newer release's): the next work is on the page from here. */
  let from: string | undefined;
  for (;;) {
    // Markers are taken off as they are settled, so the first page is always the next work. An unreadable marker
    // names no test: the store sets it aside (the test is written again by its next change).
    const page = await pageRecords(prefix(connectionId), DirtyList, from);
    if (page.records.length === 0) {
      if (page.damaged.length === 0 || !page.nextCursor) return true;
      from = page.nextCursor;
      continue;
    }
    for (const marker of page.records) {
      let keys = [...new Set(marker.value.sourceKeys)];
      const counted = new Set(marker.value.counted ?? []);
      while (keys.length > 0 && flushed < max) {
        const batch = keys.slice(0, BULK);
        keys = keys.slice(BULK);
        await flushBatch(ctx, batch, counted);
        flushed += batch.length;
      }
      if (keys.length === 0) await deleteMany([marker.key]);
      else {
        // A crash before this rewrite only makes the next flush look at settled tests again (nothing to write).
        await putMany([{ key: marker.key, value: { sourceKeys: keys, counted: keys.filter((k) => counted.has(k)) } }], DirtyList);
        return false;
      }
      if (flushed >= max) return false;
    }
  }
}

/** Writes these tests' properties now if they changed (a single test's refresh from the panel). */
export async function flushItems(ctx: ConnectionContext, sourceKeys: string[]): Promise<void> {
  for (let i = 0; i < sourceKeys.length; i += BULK) await flushBatch(ctx, sourceKeys.slice(i, i + BULK), new Set());
}

/** The test's issue was deleted in Jira: remembered. */
function markGone(ctx: ConnectionContext, w: { sourceKey: string; item: ItemRecord }, written: ItemChange[]): void {
  written.push({ sourceKey: w.sourceKey, before: w.item, record: { ...w.item, tombstone: { reason: 'deleted-in-jira', at: ctx.now().toISOString() } } });
  ctx.run.warnings.push(`${w.item.issueKey} (${w.item.property.displayId}) was deleted in Jira; its results are not written.`);
}

async function flushBatch(ctx: ConnectionContext, sourceKeys: string[], counted: Set<string>): Promise<void> {
  const items = await loadItems(sourceKeys);
  const toWrite: { sourceKey: string; item: ItemRecord; hash: string }[] = [];
  for (const sourceKey of sourceKeys) {
    const item = items.get(sourceKey);
    const hash = item ? fingerprint(item.property) : '';
    if (item && !item.tombstone && hash !== item.propertyHash) toWrite.push({ sourceKey, item, hash });
  }
  const written: ItemChange[] = [];
  const wrote = (w: (typeof toWrite)[number]) => {
    if (w.item.createdByRun !== ctx.run.runId && !counted.has(w.sourceKey)) ctx.run.counts.updated++;
    written.push({ sourceKey: w.sourceKey, before: w.item, record: { ...w.item, propertyHash: w.hash } });
  };
  // Jira's bulk write ignores issues that no longer exist: look first (one direct read per 100).
  const live = toWrite.length > 0 ? await ctx.jira.existingIssueIds(toWrite.map((w) => w.item.issueId)) : new Set<string>();
  for (const w of toWrite.filter((x) => !live.has(x.item.issueId))) markGone(ctx, w, written);
  const present = toWrite.filter((w) => live.has(w.item.issueId));
  let bulkFailed = false;
  if (present.length > 0) {
    try {
      await ctx.jira.setProperties(TEST_PROPERTY, present.map((w) => ({ issueId: w.item.issueId, value: w.item.property })));
      present.forEach(wrote);
    } catch (e) {
      // Jira asked to wait: the whole run waits, the marker as it was. Anything else: one by one, to find the one at fault.
      if (pausesRun(e)) throw e;
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
          markGone(ctx, w, written);
          return;
        }
        const p = w.item.property;
        await itemFailed(ctx, { sourceKey: w.sourceKey, projectId: p.projectId, externalId: p.externalId, displayId: p.displayId, issueKey: w.item.issueKey }, e);
      }
    });
  }
  await saveItems(written);
}
