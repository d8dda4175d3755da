/**
 * Re-counts the results already synced for a connection after its status mapping changed: every stored run
 * keeps the tool's own status name, so its canonical status is mapped again and changed tests are marked
 * dirty (the flush phase writes them).
 */
import { pageRecords } from '../config/store';
import { fingerprint } from '../domain/fingerprint';
import { mapStatus } from '../domain/status';
import type { ResultEntry } from '../domain/results';
import { TOOL_LABELS } from '../domain/model';
import type { ConnectionContext } from './context';
import { markDirty } from './dirty';
import { ItemRecord, safeKeyPart } from './item-index';
import { withHistory } from './test-property';

/**
 * Re-maps the connection's synced tests while time allows. Answers true when all were seen; false when
 * time ran out (the next step starts over: tests already re-mapped do not change again).
 */
export async function remapSyncedResults(ctx: ConnectionContext, timeLeft: () => boolean): Promise<boolean> {
  const prefix = `item:${safeKeyPart(`${ctx.connection.tool}:${ctx.connection.id}:`)}`;
  const unmapped = new Set<string>();
  let cursor: string | undefined;
  do {
    if (!timeLeft()) return false;
    const page = await pageRecords(prefix, ItemRecord, cursor);
    for (const d of page.damaged) ctx.run.warnings.push(`Stored record ${d.key} is unreadable (${d.error}); it is set aside.`);
    const changed: Parameters<typeof markDirty>[1] = [];
    for (const r of page.records) {
      const item = r.value;
      if (item.tombstone) continue;
      const remapped = (entries: ResultEntry[]) =>
        entries.map((e) => {
          const mapped = mapStatus(e.rawStatus, ctx.statusMapping);
          if (!mapped.mapped) unmapped.add(e.rawStatus);
          return { ...e, status: mapped.status };
        });
      const contexts = item.property.contexts ? { contexts: remapped(item.property.contexts) } : {};
      const property = withHistory({ ...item.property, ...contexts }, remapped(item.property.history));
      if (fingerprint(property) === fingerprint(item.property)) continue;
      changed.push({ sourceKey: item.property.sourceKey, before: item, record: { ...item, property } });
    }
    await markDirty(ctx.connection.id, changed);
    cursor = page.nextCursor;
  } while (cursor);
  for (const status of unmapped) {
    ctx.run.warnings.push(`${TOOL_LABELS[ctx.connection.tool]} status "${status}" is still not mapped to a canonical status; map it under Status mapping.`);
  }
  return true;
}
