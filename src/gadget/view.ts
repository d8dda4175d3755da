/**
 * What the readiness gadget shows of a project's version (and environment): the traceability report's own totals
 * and order as the viewing user may see them (so the gadget and the page never disagree), the first failing and
 * blocked requirements with their open defects, and the version's trend — only to a viewer whose totals are the app's latest point's, since
 * the app counts issues and tests a viewer may not be allowed to see.
 */
import type { GadgetAttention, GadgetReadinessView, GadgetTrend } from '../resolvers/gadget-contract';
import { GADGET_ATTENTION_MAX, GADGET_DEFECTS_MAX } from '../resolvers/gadget-contract';
import { traceabilityReport, type TraceabilityReport } from '../traceability/service';
import type { GadgetConfig } from './config';
import { followsTrend } from './trend';
import { readTrend, sameTotals, trendTotalsOf } from './trend-store';

type Version = TraceabilityReport['versions'][number];

/** The version's trend in the report's environment, as this viewer may see it. */
export async function trendFor(report: TraceabilityReport, version: Version): Promise<GadgetTrend> {
  const series = await readTrend(report.project, version.id);
  const environment = report.environment;
  const points = (series?.points ?? []).flatMap((p) => {
    const totals = environment === undefined ? p.all : p.environments[environment];
    return totals ? [{ at: p.at, ...totals }] : [];
  });
  if (points.length === 0) return followsTrend(report.versions, version.id) ? { state: 'pending' } : { state: 'untracked' };
  const latest = points[points.length - 1];
  const seen = report.totals;
  const hidden = (reason: Extract<GadgetTrend, { state: 'hidden' }>['reason']): GadgetTrend => ({ state: 'hidden', reason, counted: latest.requirements, seen: seen.requirements });
  if (seen.indexing > 0) return hidden('indexing');
  if (sameTotals(trendTotalsOf(seen), latest)) return { state: 'shown', points };
  if (seen.requirements < latest.requirements) return hidden('fewer-requirements');
  if (report.rows.some((r) => r.hiddenTests > 0)) return hidden('hidden-tests');
  return hidden('changed');
}

export async function gadgetReadiness(config: GadgetConfig): Promise<GadgetReadinessView> {
  const report = await traceabilityReport(config.project, {
    ...(config.version !== undefined ? { version: config.version } : {}),
    ...(config.environment !== undefined ? { environment: config.environment } : {}),
  });
  const version = report.versions.find((v) => v.name === report.version);
  const attention: GadgetAttention[] = [];
  for (const row of report.rows) {
    if (attention.length >= GADGET_ATTENTION_MAX) break;
    if (row.indexing || (row.readiness !== 'FAIL' && row.readiness !== 'BLOCKED')) continue;
    const open = row.defects.filter((d) => d.open);
    attention.push({
      key: row.key,
      summary: row.summary,
      readiness: row.readiness,
      ...(open.length > 0 ? { defects: open.slice(0, GADGET_DEFECTS_MAX) } : {}),
      ...(open.length > GADGET_DEFECTS_MAX ? { moreDefects: open.length - GADGET_DEFECTS_MAX } : {}),
    });
  }
  return {
    project: report.project,
    ...(version ? { version: version.name, released: version.released === true, ...(version.releaseDate ? { releaseDate: version.releaseDate } : {}) } : {}),
    followsNext: config.version === undefined,
    ...(report.environment !== undefined ? { environment: report.environment } : {}),
    totals: report.totals,
    attention,
    index: report.index,
    trend: version ? await trendFor(report, version) : { state: 'untracked' },
    computedAt: report.computedAt,
  };
}
