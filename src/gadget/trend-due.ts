/**
 * Which projects owe the readiness trend a point: the coverage phase marks a project whenever it recomputed the
 * coverage of requirements in it (src/traceability/writer.ts), and the end of a sync's coverage phase records a
 * point for each marked project and clears its mark (trend.ts). One small key per project, written once per
 * coverage unit that touched it; a sync that recomputed nothing marks nothing, so it records no point and asks
 * Jira nothing.
 *
 *   trend-due:<project>   { at, stamp }
 */
import { z } from 'zod';
import { kv } from '../platform/kv';

const PREFIX = 'trend-due:';
const Due = z.object({ at: z.string(), stamp: z.string() });

export interface DueProject {
  project: string;
  /** The mark as read; a mark set again after it was read (another run's coverage) is not cleared. */
  stamp?: string;
}

const stamp = (now: Date) => `${now.toISOString()}#${Math.random().toString(36).slice(2, 8)}`;

/** Marks projects whose requirements' coverage was just recomputed. */
export async function markTrendDue(projects: string[], now: Date = new Date()): Promise<void> {
  const unique = [...new Set(projects)];
  if (unique.length === 0) return;
  await kv().setMany(unique.map((project) => ({ key: `${PREFIX}${project}`, value: { at: now.toISOString(), stamp: stamp(now) } })));
}

/** The marked projects, at most `max` (in key order; the rest wait for the next run). */
export async function dueProjects(max: number): Promise<DueProject[]> {
  const out: DueProject[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv().query(PREFIX, { cursor, limit: Math.min(20, max - out.length) });
    for (const { key, value } of page.results) {
      // A damaged mark still names its project: the point is owed all the same.
      const parsed = Due.safeParse(value);
      out.push({ project: key.slice(PREFIX.length), ...(parsed.success ? { stamp: parsed.data.stamp } : {}) });
    }
    cursor = page.nextCursor;
  } while (cursor && out.length < max);
  return out;
}

/** Clears a project's mark unless it was set again since it was read. */
export async function clearDue(due: DueProject): Promise<void> {
  const key = `${PREFIX}${due.project}`;
  const now = Due.safeParse(await kv().get(key));
  if (now.success && due.stamp !== undefined && now.data.stamp !== due.stamp) return;
  await kv().delete(key);
}
