/**
 * Which requirements are blocked by open defects the test tools link to their covering tests' runs, kept so that a
 * defect done in Jira unblocks its requirement at the next sync (`defwatch:<KEY>`), and what Jira says of those
 * defects (one look-up per coverage computation).
 */
import { z } from 'zod';
import { deleteMany, getMany, pageRecords, putMany, storedRecord } from '../config/store';
import { defectLinkWords } from '../domain/readiness';
import type { DefectState } from '../jira/issues';
import { log } from '../platform/log';
import { pausesRun } from './context';
import type { CoveringTest } from './coverage-index';
import { countedDefectRefs, type CoverageProperty } from './coverage';
import { safeKeyPart } from './keys';
import type { JiraPort } from './ports';

/** A watch on a requirement's open defects (and those Jira could not be asked about), so their change is noticed. */
export const DefectWatch = storedRecord(
  'defect watch',
  z.object({
    requirementKey: z.string(),
    keys: z.array(z.string()),
    retry: z.array(z.string()).optional(),
    /** When the watch took this content: a recheck of the run that wrote it has nothing to learn from it. */
    at: z.string().optional(),
  }),
  { unreadable: 'set-aside', consequence: { setAside: "Its requirement's defects are looked at again when its coverage is next computed." } },
);
export type DefectWatch = z.infer<typeof DefectWatch>;
const WATCH_PREFIX = 'defwatch:';
const watchKey = (requirementKey: string) => `${WATCH_PREFIX}${safeKeyPart(requirementKey)}`;

/** Names of tool defects in a warning: at most this many, then how many more. */
const NAMED_MAX = 10;
const named = (items: string[]) => (items.length <= NAMED_MAX ? items.join(', ') : `${items.slice(0, NAMED_MAX).join(', ')} and ${items.length - NAMED_MAX} more`);
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * What Jira says of the defects the tools link to these tests' latest runs: one look-up for all of them (a bulk fetch
 * per 100). Jira's rate limit (or a wait that would end past the invocation) pauses the run; any other failure is a
 * warning, and the defects count as unknown, blocking nothing, until a later computation can ask (`retry`).
 */
export async function toolDefectStates(jira: JiraPort, tests: CoveringTest[], warnings: string[]): Promise<{ states: Map<string, DefectState>; retry: Set<string> }> {
  const where = new Map<string, string>();
  for (const t of tests) for (const ref of countedDefectRefs(t)) if (!where.has(ref)) where.set(ref, `${ref} (${defectLinkWords({ in: t.tool, test: t.issueKey ?? t.displayId })})`);
  const refs = [...where.keys()];
  if (refs.length === 0) return { states: new Map(), retry: new Set() };
  let states: Map<string, DefectState>;
  try {
    states = await jira.defectStates(refs);
  } catch (e) {
    if (pausesRun(e)) throw e;
    log.warn('coverage-defects-unknown', { defects: refs.length }, e);
    warnings.push(
      `Jira could not be asked whether the defects the test tools link to covering tests' runs are open (${errorText(e)}): ${named([...where.values()])} ${refs.length === 1 ? 'counts' : 'count'} as not blocking until the next sync asks again.`,
    );
    return { states: new Map(), retry: new Set(refs) };
  }
  const unknown = refs.filter((r) => !states.has(r)).map((r) => where.get(r)!);
  if (unknown.length > 0) {
    warnings.push(`${named(unknown)} ${unknown.length === 1 ? 'is not an issue' : 'are not issues'} Jira knows (deleted, or of another site): ignored in the requirements' readiness.`);
  }
  return { states, retry: new Set() };
}

/**
 * What a requirement's watch holds after this computation: its open defects when one of them blocks it somewhere (a
 * failing test makes it fail whatever its defects, so their end would change nothing), and the references Jira could
 * not be asked about.
 */
export function watchOf(key: string, prop: CoverageProperty, tests: CoveringTest[], blocked: boolean, retry: Set<string>, now: Date): DefectWatch | undefined {
  const again = retry.size > 0 ? [...new Set(tests.flatMap(countedDefectRefs))].filter((r) => retry.has(r)).sort() : [];
  const keys = blocked ? (prop.openDefects ?? []) : [];
  return keys.length > 0 || again.length > 0 ? { requirementKey: key, keys, ...(again.length > 0 ? { retry: again } : {}), at: now.toISOString() } : undefined;
}

const sameWatch = (a: DefectWatch | undefined, b: DefectWatch) => a !== undefined && JSON.stringify({ ...a, at: undefined }) === JSON.stringify({ ...b, at: undefined });

/** Writes the watches that changed, and deletes those of requirements that have none now. */
export async function updateWatches(next: Map<string, DefectWatch | undefined>): Promise<void> {
  if (next.size === 0) return;
  const held = await getMany([...next.keys()].map(watchKey), DefectWatch);
  const writes: { key: string; value: DefectWatch }[] = [];
  const deletes: string[] = [];
  for (const [req, watch] of next) {
    const key = watchKey(req);
    if (!watch) {
      if (held.has(key)) deletes.push(key);
    } else if (!sameWatch(held.get(key), watch)) writes.push({ key, value: watch });
  }
  await putMany(writes, DefectWatch);
  await deleteMany(deletes);
}

/** Watches read per recheck at most, and requirements computed again at most (the rest wait for the next sync). */
const RECHECK_WATCHES_MAX = 500;
const RECHECK_COMPUTE_MAX = 100;

/**
 * The requirements to compute again at the end of a sync's coverage phase: those whose open defects are done now (or
 * whose tool defects Jira could not be asked about before), although neither they nor their tests changed. Watches
 * that took their content since `since` (the run's start: this run just computed them) are left for the next.
 * Costs a storage query per 20 watched requirements and, when there are some, a bulk fetch per 100 of their defects.
 * Jira's rate limit pauses the run; any other failure is a warning, and the watches stay for the next sync.
 */
export async function dueForRecheck(jira: JiraPort, since?: string): Promise<{ requirementKeys: string[]; warnings: string[] }> {
  const watches: DefectWatch[] = [];
  let cursor: string | undefined;
  do {
    const page = await pageRecords(WATCH_PREFIX, DefectWatch, cursor);
    watches.push(...page.records.map((r) => r.value).filter((w) => since === undefined || w.at === undefined || w.at < since));
    cursor = page.nextCursor;
  } while (cursor && watches.length < RECHECK_WATCHES_MAX);
  if (watches.length === 0) return { requirementKeys: [], warnings: [] };
  const refs = [...new Set(watches.flatMap((w) => [...w.keys, ...(w.retry ?? [])]))];
  let states: Map<string, DefectState>;
  try {
    states = await jira.defectStates(refs);
  } catch (e) {
    if (pausesRun(e)) throw e;
    log.warn('coverage-defects-unknown', { defects: refs.length, phase: 'recheck' }, e);
    return {
      requirementKeys: [],
      warnings: [`Jira could not be asked about the defects of ${named(watches.map((w) => w.requirementKey))} (${errorText(e)}): their readiness counts them as it did; the next sync asks again.`],
    };
  }
  // Done (or gone) since, or not asked about before: Jira answered now, so a computation settles them.
  const due = watches.filter((w) => w.keys.some((k) => states.get(k)?.open !== true) || (w.retry ?? []).length > 0);
  return { requirementKeys: due.slice(0, RECHECK_COMPUTE_MAX).map((w) => w.requirementKey), warnings: [] };
}
