/**
 * Cases deleted in the tool. Incremental reads cannot see a deletion, so at most once per interval the sync
 * compares the ids the tool lists with the cases it synced for the mapping; a missing one is confirmed by
 * reading it on its own (a list read by offset can shift), then its issue is kept and marked: status
 * DELETED_IN_SOURCE on the property, a label, and out of coverage. The app never deletes an issue.
 */
import { pageRecords } from '../config/store';
import { TEST_PROPERTY } from '../jira/properties';
import { JiraError } from '../jira/client';
import { getCheckpoint, saveCheckpoint } from './checkpoints';
import { itemFailed, type SyncContext } from './context';
import { ItemRecord, safeKeyPart, saveItems } from './item-index';
import { DELETED_IN_SOURCE, DELETED_LABEL } from './test-property';
import { TOOL_LABELS } from '../domain/model';
import { fingerprint } from '../domain/fingerprint';

/** Cases marked per unit; more wait for the next unit. */
const MARKED_PER_UNIT = 50;

export function deletionScanIntervalMs(): number {
  const raw = Number(process.env.TESTSYNC_DELETION_SCAN_MINUTES);
  return (Number.isFinite(raw) && raw >= 0 ? raw : 60) * 60_000;
}

/**
 * A scan is due once the interval has passed since the last one, but at most once a run: a scan (or a full read of
 * the cases, which sees every case there is) made during this run is not made again, however long the run has
 * lasted (a first sync of thousands of tests takes hours).
 */
export function scanDue(scannedAt: number, runStartedAt: number, now: number): boolean {
  return !(scannedAt >= runStartedAt) && !(now - scannedAt < deletionScanIntervalMs());
}

/** Answers true when the mapping's scan is done (or not due). */
export async function deletionsUnit(ctx: SyncContext): Promise<boolean> {
  const { run, mapping, connector } = ctx;
  if (run.dryRun) return true;
  const cp = await getCheckpoint(mapping);
  const now = ctx.now();
  if (cp.deletionsScannedAt && !scanDue(Date.parse(cp.deletionsScannedAt), Date.parse(run.startedAt), now.getTime())) return true;

  const ids = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await connector.listTestCaseIds(mapping.externalProjectId, { cursor });
    for (const id of page.items) ids.add(id);
    cursor = page.next;
  } while (cursor);

  const prefix = `item:${safeKeyPart(`${ctx.connection.tool}:${ctx.connection.id}:${mapping.externalProjectId}:`)}`;
  const missing: { sourceKey: string; item: ItemRecord }[] = [];
  let storeCursor: string | undefined;
  do {
    const page = await pageRecords(prefix, ItemRecord, storeCursor);
    for (const r of page.records) {
      if (!r.value.tombstone && !ids.has(r.value.property.externalId)) missing.push({ sourceKey: r.value.property.sourceKey, item: r.value });
    }
    storeCursor = page.nextCursor;
  } while (storeCursor && missing.length < MARKED_PER_UNIT);

  for (const { sourceKey, item } of missing.slice(0, MARKED_PER_UNIT)) {
    const p = item.property;
    try {
      if (await connector.readTestCase(mapping.externalProjectId, p.externalId)) continue;
      await markDeletedInSource(ctx, sourceKey, item);
    } catch (e) {
      await itemFailed(ctx, { sourceKey, projectId: p.projectId, externalId: p.externalId, displayId: p.displayId, issueKey: item.issueKey }, e);
    }
  }
  if (missing.length > MARKED_PER_UNIT) return false;
  await saveCheckpoint(mapping, { ...(await getCheckpoint(mapping)), deletionsScannedAt: now.toISOString() });
  return true;
}

async function markDeletedInSource(ctx: SyncContext, sourceKey: string, item: ItemRecord): Promise<void> {
  const property = { ...item.property, status: DELETED_IN_SOURCE } as ItemRecord['property'];
  const tombstone = { reason: 'deleted-in-source' as const, at: ctx.now().toISOString() };
  try {
    await ctx.jira.setProperty(item.issueId, TEST_PROPERTY, property);
    if (!item.contentHash.startsWith('tool-owned')) await ctx.jira.addLabel(item.issueId, DELETED_LABEL);
  } catch (e) {
    if (!(e instanceof JiraError && e.status === 404)) throw e;
  }
  await saveItems([{ sourceKey, before: item, record: { ...item, property, propertyHash: fingerprint(property), tombstone } }]);
  ctx.run.counts.updated++;
  ctx.run.warnings.push(`${item.property.displayId} was deleted in ${TOOL_LABELS[ctx.connection.tool]}; ${item.issueKey} is kept, marked ${DELETED_IN_SOURCE} and no longer counts in coverage.`);
}
