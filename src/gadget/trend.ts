/**
 * Records the readiness trend at the end of a sync's coverage phase (src/sync/units.ts): for each project whose
 * requirements' coverage was recomputed since its last point (trend-due.ts), the app counts its next releases —
 * the version the traceability page opens on and the other unreleased ones, at most TREND_VERSIONS_MAX — over
 * every environment and in each, with the traceability report's own counting (`versionSources` read once as the
 * app, `buildReport` per environment), and appends the totals to each version's trend (trend-store.ts).
 *
 * Cost, per marked project and run: one Jira request for the versions, and per version one search and one bulk
 * fetch per hundred of its issues (the demo: three requests); storage reads the project's traceability index once
 * and reads and writes each version's trend record once. A version with requirements not indexed yet gets no point
 * (its totals would not be true); the project stays marked and the next sync tries again. The trend never fails a
 * sync: what cannot be counted now is logged and left marked.
 */
import { JiraError } from '../jira/client';
import { kv } from '../platform/kv';
import { log } from '../platform/log';
import { ApiFailure } from '../resolvers/guard';
import { defaultVersion, projectVersions, type ProjectVersion } from '../traceability/jira-reads';
import { buildReport, type TraceTotals } from '../traceability/report';
import { versionSources } from '../traceability/service';
import { readProjectIndex } from '../traceability/store';
import type { UpkeepBudget } from '../traceability/upkeep';
import { invocationMsLeft } from '../traceability/writer';
import { clearDue, dueProjects, type DueProject } from './trend-due';
import { appendTrendPoint, TREND_ENVIRONMENTS_MAX, trendTotalsOf } from './trend-store';

/** Versions of a project that get a point per run. */
export const TREND_VERSIONS_MAX = 3;
/** Projects counted at the end of one run (the others stay marked for the next). */
export const TREND_PROJECTS_PER_RUN = 10;
/** What counting may do for the index: fold in a few markers; a sync has just written the rest. */
const TREND_UPKEEP: UpkeepBudget = { requirements: 50, ms: 2_000, lockWaitMs: 1_000 };
/**
 * The trend starts no project past this share of what is left of the invocation (nor past TREND_MS_MAX): the
 * coverage phase sized its last unit without it.
 */
const SHARE_OF_WHAT_IS_LEFT = 0.1;
const TREND_MS_MAX = 30_000;
const LOCK_SECONDS = 60;
const LOCK_WAIT_MS = 3_000;

/** A version's totals over every environment and in each of its environments. */
export interface VersionCount {
  all: TraceTotals;
  environments: [string, TraceTotals][];
}

/** Where the counts come from: Jira and the index as the app, in production. */
export interface TrendSource {
  versions(project: string): Promise<ProjectVersion[]>;
  count(project: string, versions: ProjectVersion[]): Promise<Map<string, VersionCount>>;
}

export const appTrendSource: TrendSource = {
  versions: (project) => projectVersions(project, 'app'),
  async count(project, versions) {
    const index = await readProjectIndex(project);
    const out = new Map<string, VersionCount>();
    for (const v of versions) {
      const { sources } = await versionSources(project, v, index, 'app', TREND_UPKEEP);
      const all = buildReport(sources, { version: v.name });
      const environments = all.facets.environments
        .slice(0, TREND_ENVIRONMENTS_MAX)
        .map((environment): [string, TraceTotals] => [environment, buildReport(sources, { version: v.name, environment }).totals]);
      out.set(v.id, { all: all.totals, environments });
    }
    return out;
  },
};

const byReleaseDate = (a: ProjectVersion, b: ProjectVersion) => (a.releaseDate ?? '\uffff').localeCompare(b.releaseDate ?? '\uffff');

/** The versions a project's trend follows: the one the page opens on, then the other unreleased ones, nearest first. */
export function trendVersions(versions: ProjectVersion[]): ProjectVersion[] {
  const first = defaultVersion(versions);
  const unreleased = versions.filter((v) => !v.archived && !v.released).sort(byReleaseDate);
  const out: ProjectVersion[] = [];
  for (const v of [...(first ? [first] : []), ...unreleased]) if (!out.some((o) => o.id === v.id)) out.push(v);
  return out.slice(0, TREND_VERSIONS_MAX);
}

/** Whether a version gets a point at the end of a sync (a released version keeps the points it had). */
export function followsTrend(versions: ProjectVersion[], versionId: string): boolean {
  return trendVersions(versions).some((v) => v.id === versionId);
}

/**
 * Counts a project's versions and appends a point to each; answers whether every version got one (a version with
 * requirements not indexed yet does not).
 */
export async function recordProject(project: string, runId: string, now: Date, source: TrendSource = appTrendSource): Promise<boolean> {
  const versions = trendVersions(await source.versions(project));
  if (versions.length === 0) return true;
  const counts = await source.count(project, versions);
  let complete = true;
  for (const v of versions) {
    const count = counts.get(v.id);
    if (!count || count.all.indexing > 0) {
      complete = false;
      continue;
    }
    const environments = Object.fromEntries(count.environments.filter(([, t]) => t.indexing === 0).map(([e, t]) => [e, trendTotalsOf(t)]));
    await appendTrendPoint({ project, versionId: v.id, version: v.name }, { at: now.toISOString(), run: runId, all: trendTotalsOf(count.all), environments });
  }
  return complete;
}

/** Runs `fn` as the only one recording the project's trend, or answers false when another run holds it that long. */
async function withTrendLock(project: string, fn: () => Promise<void>): Promise<boolean> {
  const key = `trend-lock:${project}`;
  const until = Date.now() + LOCK_WAIT_MS;
  while (!(await kv().set(key, { at: new Date().toISOString() }, { ifAbsent: true, ttlSeconds: LOCK_SECONDS }))) {
    if (Date.now() + 250 > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  try {
    await fn();
  } finally {
    await kv().delete(key);
  }
  return true;
}

async function recordDue(due: DueProject, runId: string, now: Date, source: TrendSource): Promise<void> {
  try {
    await withTrendLock(due.project, async () => {
      if (await recordProject(due.project, runId, now, source)) await clearDue(due);
    });
  } catch (e) {
    // A project deleted since, or no longer visible to the app: nothing to count any more.
    if (e instanceof ApiFailure && e.code === 'NOT_FOUND') {
      await clearDue(due);
      return;
    }
    const fields = { run: runId, phase: 'coverage', project: due.project, ...(e instanceof JiraError ? { status: e.status } : {}) };
    log.warn('readiness-trend-not-recorded', fields, e);
  }
}

/**
 * The end of a sync's coverage phase: a point for each project marked since its last one. Writes nothing for a
 * dry run; starts no project once its share of the invocation is spent (the marks stay for the next run).
 */
export async function recordTrendPoints(run: { runId: string; dryRun: boolean }, env: { now: () => Date; timeLeft: () => boolean }, source: TrendSource = appTrendSource): Promise<void> {
  if (run.dryRun) return;
  let due: DueProject[];
  try {
    due = await dueProjects(TREND_PROJECTS_PER_RUN);
  } catch (e) {
    log.warn('readiness-trend-not-recorded', { run: run.runId, phase: 'coverage' }, e);
    return;
  }
  const until = Date.now() + Math.min(TREND_MS_MAX, invocationMsLeft() * SHARE_OF_WHAT_IS_LEFT);
  for (const d of due) {
    if (!env.timeLeft() || Date.now() >= until) return;
    await recordDue(d, run.runId, env.now(), source);
  }
}
