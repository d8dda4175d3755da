/**
 * Re-counts the results already synced for a connection after its status or version mapping changed: every
 * stored run keeps the tool's own status name and version name, so its canonical status and the Jira version it
 * counts for are mapped again, and changed tests are marked dirty (the flush phase writes them).
 */
import { pageRecords } from '../config/store';
import { fingerprint } from '../domain/fingerprint';
import { mapStatus } from '../domain/status';
import { mergeContexts } from '../domain/readiness';
import type { ResultEntry } from '../domain/results';
import { TOOL_LABELS } from '../domain/model';
import type { ConnectionContext } from './context';
import { markDirty } from './dirty';
import { versionFields } from './run-page';
import { ItemRecord, safeKeyPart } from './item-index';
import { withHistory } from './test-property';

/**
 * Re-maps the connection's synced tests while time allows. Answers true when all were seen; false when
 * time ran out (the next step starts over: tests already re-mapped do not change again).
 */
export async function remapSyncedResults(ctx: ConnectionContext, timeLeft: () => boolean): Promise<boolean> {
  const prefix = `item:${safeKeyPart(`${ctx.connection.tool}:${ctx.connection.id}:`)}`;
  const unmapped = new Set<string>();
  /** The tool versions of the results already synced: the admin page offers them (as runs synced since do). */
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    if (!timeLeft()) return false;
    const page = await pageRecords(prefix, ItemRecord, cursor);
    const changed: Parameters<typeof markDirty>[1] = [];
    for (const r of page.records) {
      const item = r.value;
      if (item.tombstone) continue;
      const remapped = (entries: ResultEntry[]) =>
        entries.map((e): ResultEntry => {
          const mapped = mapStatus(e.rawStatus, ctx.statusMapping);
          if (!mapped.mapped) unmapped.add(e.rawStatus);
          const { version, toolVersion, ...rest } = e;
          const named = toolVersion ?? version;
          if (named) seen.add(named);
          return { ...rest, status: mapped.status, ...versionFields(named, ctx.versionMapping) };
        });
      // Contexts are kept one per version, cycle and environment: two versions now counted for one Jira version
      // become one context, the latest result kept.
      const contexts = item.property.contexts ? { contexts: mergeContexts([], remapped(item.property.contexts)) } : {};
      const property = withHistory({ ...item.property, ...contexts }, remapped(item.property.history));
      if (fingerprint(property) === fingerprint(item.property)) continue;
      changed.push({ sourceKey: item.property.sourceKey, before: item, record: { ...item, property } });
    }
    await markDirty(ctx.connection.id, changed);
    await ctx.versionsSeen?.note(seen);
    cursor = page.nextCursor;
  } while (cursor);
  for (const status of unmapped) {
    ctx.run.warnings.push(`${TOOL_LABELS[ctx.connection.tool]} status "${status}" is still not mapped to a canonical status; map it under Status mapping.`);
  }
  return true;
}
