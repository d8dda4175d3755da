/**
 * The coverage index: per requirement and connection, the tests of that connection that cover it, each with what
 * the requirement's coverage shows of it (its view: key, name, status, last run, cycle, link). Recomputing a
 * requirement's coverage then reads one entry per connection instead of every covering test's record. Each entry
 * is written only by its connection's runs (one at a time), so entries of different connections never race.
 * Entries written by earlier releases hold no views: their tests' records are read instead, until they change.
 */
import { z } from 'zod';
import { deleteMany, getMany, pageRecords, putMany, storedRecord } from '../config/store';
import { CANONICAL_STATUSES, TOOLS } from '../domain/model';
import type { PanelTest } from '../resolvers/contract';
import { safeKeyPart } from './keys';
import type { ItemRecord } from './item-index';
import { TestProperty } from './test-property';

/** A result of the test in one context: the entries its record keeps (see test-property.ts). */
const ContextEntry = TestProperty.shape.history.element;
const TestView = z.object({
  issueKey: z.string().optional(),
  tool: z.enum(TOOLS),
  displayId: z.string(),
  name: z.string(),
  status: z.enum(CANONICAL_STATUSES),
  deletedInSource: z.boolean().optional(),
  lastRunAt: z.string().optional(),
  cycle: z.string().optional(),
  url: z.string(),
  /** The test's latest result in each context it ran in (absent in entries of earlier releases: read from the record). */
  contexts: z.array(ContextEntry).optional(),
});
/** A covering test as the coverage index holds it: what the coverage shows, and its results by context. */
export type CoveringTest = z.infer<typeof TestView>;
const CoverageIndex = storedRecord('coverage index entry', z.object({ sourceKeys: z.array(z.string()), views: z.record(z.string(), TestView).optional() }), {
  unreadable: 'set-aside',
  // An entry whose list of tests is readable keeps it without views, as entries of earlier releases are.
  repair: (raw) => {
    const keys = (raw as { sourceKeys?: unknown } | null)?.sourceKeys;
    return Array.isArray(keys) && keys.every((k) => typeof k === 'string') ? { sourceKeys: keys } : undefined;
  },
  consequence: {
    repaired: 'Its tests are counted from their own records until they change.',
    setAside: "Its tests are left out of their requirement's coverage until they change.",
  },
});
type CoverageIndex = z.infer<typeof CoverageIndex>;

const coveragePrefix = (requirementKey: string) => `cov:${safeKeyPart(requirementKey)}:`;
const coverageKey = (requirementKey: string, connectionId: string) => `${coveragePrefix(requirementKey)}${safeKeyPart(connectionId)}`;
const connectionOf = (sourceKey: string) => sourceKey.split(':')[1] ?? '';
const liveCovers = (item: ItemRecord | undefined): string[] => (item && !item.tombstone ? item.property.covers : []);

/** What a requirement's coverage shows of a test. */
export function panelTest(item: ItemRecord): PanelTest {
  const p = item.property;
  return {
    issueKey: item.issueKey,
    tool: p.tool,
    displayId: p.displayId,
    name: p.name,
    status: p.status === 'DELETED_IN_SOURCE' ? 'NOT_RUN' : p.status,
    ...(p.status === 'DELETED_IN_SOURCE' ? { deletedInSource: true } : {}),
    ...(p.lastRunAt ? { lastRunAt: p.lastRunAt } : {}),
    ...(p.cycle ? { cycle: p.cycle } : {}),
    url: p.url,
  };
}

/** What the coverage index holds of a test: its view and its results by context. */
export function coveringTest(item: ItemRecord): CoveringTest {
  return { ...panelTest(item), contexts: item.property.contexts ?? item.property.history };
}

/** The view as a string, to tell whether it changed. */
export function coverageView(item: ItemRecord | undefined): string {
  if (!item || item.tombstone) return '';
  const p = item.property;
  return JSON.stringify([item.issueKey, p.displayId, p.name, p.status, p.lastRunAt, p.cycle, p.url, p.contexts ?? p.history]);
}

/** Brings the entries up to date with these changes: tests added, removed, or shown differently. */
export async function updateCoverageIndex(changes: { sourceKey: string; before?: ItemRecord; after?: ItemRecord }[]): Promise<void> {
  const edits = new Map<string, { set: Map<string, CoveringTest>; remove: Set<string> }>();
  for (const c of changes) {
    const conn = connectionOf(c.sourceKey);
    const edit = (req: string) => {
      const key = coverageKey(req, conn);
      if (!edits.has(key)) edits.set(key, { set: new Map(), remove: new Set() });
      return edits.get(key)!;
    };
    const before = liveCovers(c.before);
    const after = liveCovers(c.after);
    const shown = coverageView(c.before) !== coverageView(c.after);
    for (const req of after) if (shown || !before.includes(req)) edit(req).set.set(c.sourceKey, coveringTest(c.after!));
    for (const req of before) if (!after.includes(req)) edit(req).remove.add(c.sourceKey);
  }
  if (edits.size === 0) return;
  const current = await getMany([...edits.keys()], CoverageIndex);
  const writes: { key: string; value: CoverageIndex }[] = [];
  const empty: string[] = [];
  for (const [key, edit] of edits) {
    const entry = current.get(key);
    const keys = new Set(entry?.sourceKeys ?? []);
    // An entry of an earlier release has no views: the views start with this change, the rest are read from records.
    const views: Record<string, CoveringTest> = { ...(entry?.views ?? {}) };
    for (const [sk, view] of edit.set) {
      keys.add(sk);
      views[sk] = view;
    }
    for (const sk of edit.remove) {
      keys.delete(sk);
      delete views[sk];
    }
    if (keys.size === 0) empty.push(key);
    else writes.push({ key, value: withinSize([...keys].sort(), views) });
  }
  await putMany(writes, CoverageIndex);
  await deleteMany(empty.filter((k) => current.has(k)));
}

/**
 * An entry that fits a storage value: views are kept while the entry stays under VIEW_CHARS; the tests past that
 * (a story covered by a thousand tests) are counted from their records when the coverage is recomputed.
 */
const VIEW_CHARS = 150_000;
function withinSize(sourceKeys: string[], views: Record<string, CoveringTest>): CoverageIndex {
  let size = JSON.stringify(sourceKeys).length;
  const kept: Record<string, CoveringTest> = {};
  for (const sk of sourceKeys) {
    const view = views[sk];
    if (!view) continue;
    const cost = JSON.stringify(view).length + sk.length + 4;
    if (size + cost > VIEW_CHARS) continue;
    kept[sk] = view;
    size += cost;
  }
  return { sourceKeys, views: kept };
}

/** Every connection's entry for the requirement. */
async function entriesOf(requirementKey: string): Promise<CoverageIndex[]> {
  const out: CoverageIndex[] = [];
  let cursor: string | undefined;
  do {
    const page = await pageRecords(coveragePrefix(requirementKey), CoverageIndex, cursor);
    out.push(...page.records.map((r) => r.value));
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** The source keys of every test that covers a requirement, from every connection. */
export async function coveringSourceKeys(requirementKey: string): Promise<string[]> {
  return [...new Set((await entriesOf(requirementKey)).flatMap((e) => e.sourceKeys))].sort();
}

/** The views of the tests that cover a requirement, and the source keys whose view the index does not hold. */
export async function coveringViews(requirementKey: string): Promise<{ views: CoveringTest[]; unknown: string[] }> {
  const views: CoveringTest[] = [];
  const unknown: string[] = [];
  for (const entry of await entriesOf(requirementKey)) {
    for (const sk of entry.sourceKeys) {
      const view = entry.views?.[sk];
      if (view?.contexts) views.push(view);
      else unknown.push(sk);
    }
  }
  return { views, unknown };
}
