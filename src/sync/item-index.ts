/**
 * What the app owns and trusts: per external test case, the Jira issue it became and fingerprints of what was
 * last written (so an unchanged case writes nothing); the reverse index from issue to case (so the panel never
 * believes an issue's property); which cases cover each requirement (so coverage never comes from a search
 * that lags or from properties anyone can write); and pending-create markers for crash safety.
 */
import { z } from 'zod';
import { deleteMany, getMany, pageRecords, putMany, storedRecord } from '../config/store';
import { queueReadAgain } from './failures';
import { safeKeyPart } from './keys';
import { TestProperty } from './test-property';
import { coverageView, updateCoverageIndex } from './coverage-index';

export { coveringSourceKeys } from './coverage-index';

export { safeKeyPart };

export const ItemRecord = storedRecord('item', z.object({
  issueId: z.string(),
  issueKey: z.string(),
  /** Fingerprint of the issue fields last written. */
  contentHash: z.string(),
  /** Fingerprint of the entity property last written. */
  propertyHash: z.string(),
  property: TestProperty,
  /** Requirement keys linked in Jira. */
  links: z.array(z.string()),
  /** Of those, the links the app created itself (the only ones it may remove). */
  createdLinks: z.array(z.string()).optional(),
  /** URL of the remote link last written. */
  remoteLinkUrl: z.string().optional(),
  /** The run that first wrote the issue (created or annotated it): its first results are not counted again. */
  createdByRun: z.string().optional(),
  /** The issue is gone from Jira, or the case from its tool: nothing is written to it, it covers nothing. */
  tombstone: z.object({ reason: z.enum(['deleted-in-jira', 'deleted-in-source']), at: z.string() }).optional(),
}), {
  unreadable: 'set-aside',
  afterSetAside: ({ key, raw, now }) => readItemAgain(key, raw, now),
  consequence: { setAside: 'Its test is read again from its tool by the next sync, which finds its Jira issue by its source key.' },
});
export type ItemRecord = z.infer<typeof ItemRecord>;

/**
 * An item record set aside: the failure queue has its test read again from its tool, and the sync, which no
 * longer knows the case, looks for its issue by its source key before creating one. The source key comes from the
 * record when that part of it is readable, else from the storage key when nothing in it was escaped.
 */
async function readItemAgain(key: string, raw: unknown, now: Date): Promise<void> {
  const r = (raw ?? {}) as { issueKey?: unknown; property?: { sourceKey?: unknown; displayId?: unknown } };
  const named = typeof r.property?.sourceKey === 'string' ? r.property.sourceKey : undefined;
  const fromKey = key.slice('item:'.length);
  const sourceKey = named && itemKey(named) === key ? named : !fromKey.includes('#') ? fromKey : undefined;
  if (!sourceKey) return;
  const displayId = typeof r.property?.displayId === 'string' ? r.property.displayId : undefined;
  const issueKey = typeof r.issueKey === 'string' ? r.issueKey : undefined;
  const cause = `The sync's stored record of this test (${key}) could not be read and was set aside.`;
  await queueReadAgain(sourceKey, { ...(displayId ? { displayId } : {}), ...(issueKey ? { issueKey } : {}) }, cause, now);
}

/** Who owns an issue: an unreadable entry is left where it is (the panel then shows the issue as not synced). */
const OwnerRecord = storedRecord('owner index entry', z.object({ sourceKey: z.string() }), { unreadable: 'skip' });

export const itemKey = (sourceKey: string) => `item:${safeKeyPart(sourceKey)}`;
const ownerKey = (issueId: string) => `owner:${safeKeyPart(issueId)}`;

/** The connection a source key belongs to (`tool:connection:project:id`). */
export function connectionOf(sourceKey: string): string {
  return sourceKey.split(':')[1] ?? '';
}

/** What an item covers while it is live. */
export const liveCovers = (item: ItemRecord | undefined): string[] => (item && !item.tombstone ? item.property.covers : []);

export async function loadItems(sourceKeys: string[]): Promise<Map<string, ItemRecord>> {
  const byKey = await getMany(sourceKeys.map(itemKey), ItemRecord);
  const out = new Map<string, ItemRecord>();
  for (const sk of sourceKeys) {
    const rec = byKey.get(itemKey(sk));
    if (rec) out.set(sk, rec);
  }
  return out;
}

export interface ItemChange {
  sourceKey: string;
  record: ItemRecord;
  /** The record as stored before, when there was one: the indexes change by the difference. */
  before?: ItemRecord;
}

/** The requirements whose coverage a change of these items changes. */
function staleRequirements(changes: { before?: ItemRecord; after?: ItemRecord }[]): string[] {
  const out = new Set<string>();
  for (const c of changes) {
    const before = liveCovers(c.before);
    const after = liveCovers(c.after);
    const shown = coverageView(c.before) !== coverageView(c.after);
    for (const r of before) if (shown || !after.includes(r)) out.add(r);
    for (const r of after) if (shown || !before.includes(r)) out.add(r);
  }
  return [...out];
}

/**
 * Stores item records with their reverse index and the coverage index. Everything derived is written before
 * the records themselves: a crash in between leaves the old record, so the change is made again, and the
 * derived writes are idempotent. Requirements whose coverage changes are marked for recomputation.
 */
export async function saveItems(items: ItemChange[]): Promise<void> {
  if (items.length === 0) return;
  const byConnection = new Map<string, ItemChange[]>();
  for (const i of items) byConnection.set(connectionOf(i.sourceKey), [...(byConnection.get(connectionOf(i.sourceKey)) ?? []), i]);
  for (const [conn, list] of byConnection) await markCoverageStale(conn, staleRequirements(list.map((i) => ({ before: i.before, after: i.record }))));
  await updateCoverageIndex(items.map((i) => ({ sourceKey: i.sourceKey, before: i.before, after: i.record })));
  const owners = items.filter((i) => i.before?.issueId !== i.record.issueId);
  await putMany(owners.map((i) => ({ key: ownerKey(i.record.issueId), value: { sourceKey: i.sourceKey } })), OwnerRecord);
  await putMany(items.map((i) => ({ key: itemKey(i.sourceKey), value: i.record })), ItemRecord);
}

/** Forgets items (their issue is to be created again). */
export async function forgetItems(items: { sourceKey: string; record: ItemRecord }[]): Promise<void> {
  for (const i of items) await markCoverageStale(connectionOf(i.sourceKey), staleRequirements([{ before: i.record }]));
  await updateCoverageIndex(items.map((i) => ({ sourceKey: i.sourceKey, before: i.record })));
  await deleteMany(items.flatMap((i) => [itemKey(i.sourceKey), ownerKey(i.record.issueId)]));
}

const StaleMarker = storedRecord('stale coverage marker', z.object({ requirementKey: z.string() }), {
  unreadable: 'set-aside',
  consequence: { setAside: "Its requirement's coverage is computed again when one of its tests changes." },
});
/** Markers are per connection: only that connection's runs (one at a time) work them off. */
const stalePrefix = (connectionId: string) => `covstale:${safeKeyPart(connectionId)}:`;
const staleKey = (connectionId: string, requirementKey: string) => `${stalePrefix(connectionId)}${safeKeyPart(requirementKey)}`;

/** Which of these requirements the connection has marked stale (its next coverage phase recomputes them). */
export async function markedStale(connectionId: string, requirementKeys: string[]): Promise<Set<string>> {
  const found = await getMany(requirementKeys.map((r) => staleKey(connectionId, r)), StaleMarker);
  return new Set([...found.values()].map((m) => m.requirementKey));
}

/** Marks requirements whose coverage must be computed again (by the coverage phase of this or a later run). */
export async function markCoverageStale(connectionId: string, requirementKeys: string[]): Promise<void> {
  await putMany(requirementKeys.map((r) => ({ key: staleKey(connectionId, r), value: { requirementKey: r } })), StaleMarker);
}

/** A page of the requirements whose coverage a connection's changes made stale, after `cursor`. */
export async function staleCoveragePage(connectionId: string, cursor?: string): Promise<{ markers: { key: string; requirementKey: string }[]; nextCursor?: string }> {
  const page = await pageRecords(stalePrefix(connectionId), StaleMarker, cursor);
  return { markers: page.records.map((r) => ({ key: r.key, requirementKey: r.value.requirementKey })), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/** The case the app synced into this issue, when the app owns it. */
export async function ownerOf(issueId: string): Promise<string | undefined> {
  const rec = (await getMany([ownerKey(issueId)], OwnerRecord)).get(ownerKey(issueId));
  return rec?.sourceKey;
}
