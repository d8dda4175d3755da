/**
 * The readiness trend in storage: per project and version, one record of the last TREND_POINTS_MAX points, each
 * the version's totals over every environment and in each environment, as the app counted them at the end of a
 * sync that recomputed coverage in the project.
 *
 *   trend:<project>:<version id>   { project, versionId, version, points: [{ at, run, all, environments }] }
 *
 * The version's id keys it (a name may hold characters a storage key may not, and a renamed version keeps its
 * trend). One record per version: a gadget open reads one value of a few kilobytes (30 points × 3 contexts is
 * about 10 KB), a run writes it once.
 */
import { z } from 'zod';
import { getRecord, putRecord, storedRecord } from '../config/store';
import type { TraceTotals } from '../traceability/report';

/** Points kept per version: the oldest goes when a 31st comes. */
export const TREND_POINTS_MAX = 30;
/** Environments counted per point (the first in name order): bounds a record whatever the tools report. */
export const TREND_ENVIRONMENTS_MAX = 20;

const count = z.number().int().min(0);

/** A point's totals: the traceability report's, without what is derived from them (percentages) or transient (indexing). */
export const TrendTotals = z.object({
  requirements: count,
  covered: count,
  passing: count,
  failing: count,
  blocked: count,
  notRun: count,
  partial: count,
  uncovered: count,
});
export type TrendTotals = z.infer<typeof TrendTotals>;

export const TrendPoint = z.object({
  /** When the app counted it. */
  at: z.iso.datetime(),
  /** The sync run that recorded it: a run records one point, however often its last step runs. */
  run: z.string().min(1),
  all: TrendTotals,
  environments: z.record(z.string(), TrendTotals),
});
export type TrendPoint = z.infer<typeof TrendPoint>;

/** Derived data: a record that cannot be read is set aside and the trend starts again. */
export const TrendSeries = storedRecord(
  'readiness trend',
  z.object({
    project: z.string(),
    versionId: z.string().regex(/^\d+$/),
    /** The version's name when the latest point was recorded. */
    version: z.string(),
    points: z.array(TrendPoint).max(TREND_POINTS_MAX),
  }),
  { unreadable: 'set-aside', consequence: { setAside: 'The trend of the version starts again with the next sync.' } },
);
export type TrendSeries = z.infer<typeof TrendSeries>;

export const trendKey = (project: string, versionId: string) => `trend:${project}:${versionId}`;

/** The totals a point keeps of a report's. */
export function trendTotalsOf(t: TraceTotals): TrendTotals {
  return {
    requirements: t.requirements,
    covered: t.covered,
    passing: t.passing,
    failing: t.failing,
    blocked: t.blocked,
    notRun: t.notRun,
    partial: t.partial,
    uncovered: t.uncovered,
  };
}

/** Whether two totals say the same. */
export function sameTotals(a: TrendTotals, b: TrendTotals): boolean {
  return (Object.keys(TrendTotals.shape) as (keyof TrendTotals)[]).every((k) => a[k] === b[k]);
}

/**
 * The series with the point added: a point of the same run replaces that run's (its last step ran again), the
 * points stay in time order, and only the last TREND_POINTS_MAX are kept.
 */
export function withPoint(series: TrendSeries | undefined, at: { project: string; versionId: string; version: string }, point: TrendPoint): TrendSeries {
  const others = (series?.points ?? []).filter((p) => p.run !== point.run);
  const points = [...others, point].sort((a, b) => a.at.localeCompare(b.at)).slice(-TREND_POINTS_MAX);
  return { project: at.project, versionId: at.versionId, version: at.version, points };
}

export function readTrend(project: string, versionId: string): Promise<TrendSeries | undefined> {
  return getRecord(trendKey(project, versionId), TrendSeries);
}

export async function appendTrendPoint(at: { project: string; versionId: string; version: string }, point: TrendPoint): Promise<TrendSeries> {
  const next = withPoint(await readTrend(at.project, at.versionId), at, TrendPoint.parse(point));
  await putRecord(trendKey(at.project, at.versionId), TrendSeries, next);
  return next;
}
