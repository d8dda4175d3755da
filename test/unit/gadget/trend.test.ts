/**
 * The readiness trend: the end of a sync's coverage phase appends one point per marked project and followed
 * version, bounded to the last 30, one per run however often that last step runs; the versions followed are the
 * project's next releases; a version not fully indexed gets no point and its project stays marked; a mark set again
 * while a run counted is kept; nothing fails the sync. Storage is the engine's in-memory store; Jira is a fake source.
 */
import { useKv } from '../../../src/platform/kv';
import { ApiFailure } from '../../../src/resolvers/guard';
import { markTrendDue, dueProjects } from '../../../src/gadget/trend-due';
import { recordTrendPoints, trendVersions, TREND_VERSIONS_MAX, type TrendSource, type VersionCount } from '../../../src/gadget/trend';
import { readTrend, sameTotals, TREND_POINTS_MAX, withPoint, type TrendPoint } from '../../../src/gadget/trend-store';
import type { ProjectVersion } from '../../../src/traceability/jira-reads';
import type { TraceTotals } from '../../../src/traceability/report';
import { MemoryKv } from '../../support/engine/memory-kv';

let clock = Date.parse('2026-03-02T09:00:00.000Z');
const now = () => new Date(clock);
let kv: MemoryKv;
let restore: () => void;

beforeEach(() => {
  kv = new MemoryKv(() => clock);
  restore = useKv(kv);
});
afterEach(() => restore());

function totals(failing: number, passing: number, requirements = 6, indexing = 0): TraceTotals {
  const covered = requirements - indexing;
  return {
    requirements,
    covered,
    coveragePercent: 0,
    passing,
    passPercent: 0,
    failing,
    blocked: 0,
    notRun: covered - failing - passing,
    partial: 0,
    uncovered: 0,
    indexing,
  };
}

const V31: ProjectVersion = { id: '10001', name: '3.1', released: true, archived: false, releaseDate: '2026-01-15' };
const V32: ProjectVersion = { id: '10002', name: '3.2', released: false, archived: false, releaseDate: '2026-04-01' };
const V33: ProjectVersion = { id: '10003', name: '3.3', released: false, archived: false, releaseDate: '2026-07-01' };

/** A fake Jira and index: the versions and what each counts now, with a record of what was asked. */
function source(versions: ProjectVersion[], counts: Record<string, VersionCount>): TrendSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    versions: async (project) => {
      asked.push(`versions ${project}`);
      return versions;
    },
    count: async (project, chosen) => {
      asked.push(`count ${project} ${chosen.map((v) => v.name).join(',')}`);
      return new Map(chosen.filter((v) => counts[v.id]).map((v) => [v.id, counts[v.id]]));
    },
  };
}

const run = (runId: string, dryRun = false) => ({ runId, dryRun });
const env = { now, timeLeft: () => true };

describe('recording points at the end of a sync', () => {
  it('appends a point per followed version of each marked project, over every environment and in each, and clears the mark', async () => {
    await markTrendDue(['SHOP']);
    const src = source([V31, V32], { [V32.id]: { all: totals(1, 3), environments: [['production', totals(0, 4)], ['staging', totals(1, 3)]] } });
    await recordTrendPoints(run('run-1'), env, src);

    const series = await readTrend('SHOP', V32.id);
    expect(series).toEqual({
      project: 'SHOP',
      versionId: V32.id,
      version: '3.2',
      points: [
        {
          at: '2026-03-02T09:00:00.000Z',
          run: 'run-1',
          all: { requirements: 6, covered: 6, passing: 3, failing: 1, blocked: 0, notRun: 2, partial: 0, uncovered: 0 },
          environments: {
            production: { requirements: 6, covered: 6, passing: 4, failing: 0, blocked: 0, notRun: 2, partial: 0, uncovered: 0 },
            staging: { requirements: 6, covered: 6, passing: 3, failing: 1, blocked: 0, notRun: 2, partial: 0, uncovered: 0 },
          },
        },
      ],
    });
    // The released 3.1 is not followed.
    expect(src.asked).toEqual(['versions SHOP', 'count SHOP 3.2']);
    expect(await readTrend('SHOP', V31.id)).toBeUndefined();
    expect(await dueProjects(10)).toEqual([]);
  });

  it('records nothing, and asks nothing, when no project is marked or the run is a dry run', async () => {
    const src = source([V32], { [V32.id]: { all: totals(1, 3), environments: [] } });
    await recordTrendPoints(run('run-1'), env, src);
    await markTrendDue(['SHOP']);
    await recordTrendPoints(run('dry-1', true), env, src);
    expect(src.asked).toEqual([]);
    expect(await readTrend('SHOP', V32.id)).toBeUndefined();
    expect((await dueProjects(10)).map((d) => d.project)).toEqual(['SHOP']);
  });

  it('keeps one point per run: the last step of a run done again replaces its point', async () => {
    const counts = { [V32.id]: { all: totals(2, 2), environments: [] as [string, TraceTotals][] } };
    const src = source([V32], counts);
    await markTrendDue(['SHOP']);
    await recordTrendPoints(run('run-1'), env, src);
    clock += 60_000;
    // The same run's last step again (at-least-once delivery), after a change it saw late.
    counts[V32.id] = { all: totals(1, 3), environments: [] };
    await markTrendDue(['SHOP']);
    await recordTrendPoints(run('run-1'), env, src);
    let points = (await readTrend('SHOP', V32.id))!.points;
    expect(points.map((p) => [p.run, p.all.failing])).toEqual([['run-1', 1]]);

    clock += 60_000;
    await markTrendDue(['SHOP']);
    await recordTrendPoints(run('run-2'), env, src);
    points = (await readTrend('SHOP', V32.id))!.points;
    expect(points.map((p) => p.run)).toEqual(['run-1', 'run-2']);
  });

  it('keeps the last 30 points, oldest first', async () => {
    const src = source([V32], { [V32.id]: { all: totals(1, 3), environments: [] } });
    for (let i = 1; i <= TREND_POINTS_MAX + 5; i++) {
      clock += 5 * 60_000;
      await markTrendDue(['SHOP']);
      await recordTrendPoints(run(`run-${i}`), env, src);
    }
    const points = (await readTrend('SHOP', V32.id))!.points;
    expect(points).toHaveLength(TREND_POINTS_MAX);
    expect(points[0].run).toBe('run-6');
    expect(points[TREND_POINTS_MAX - 1].run).toBe(`run-${TREND_POINTS_MAX + 5}`);
    expect(points.map((p) => p.at)).toEqual([...points.map((p) => p.at)].sort());
  });

  it('gives a version with requirements not indexed yet no point, and leaves its project marked for the next sync', async () => {
    await markTrendDue(['SHOP']);
    const src = source([V32, V33], {
      [V32.id]: { all: totals(1, 2, 6, 1), environments: [] },
      [V33.id]: { all: totals(0, 1, 2), environments: [['staging', totals(0, 1, 2, 1)]] },
    });
    await recordTrendPoints(run('run-1'), env, src);
    expect(await readTrend('SHOP', V32.id)).toBeUndefined();
    // 3.3 is counted; only its environment still indexing is left out of the point.
    expect((await readTrend('SHOP', V33.id))!.points[0].environments).toEqual({});
    expect((await dueProjects(10)).map((d) => d.project)).toEqual(['SHOP']);
  });

  it('keeps a mark set again while the run counted (another run recomputed coverage meanwhile)', async () => {
    await markTrendDue(['SHOP']);
    const src = source([V32], { [V32.id]: { all: totals(1, 3), environments: [] } });
    const count = src.count;
    src.count = async (project, versions) => {
      clock += 1000;
      await markTrendDue([project], now());
      return count(project, versions);
    };
    await recordTrendPoints(run('run-1'), env, src);
    expect((await readTrend('SHOP', V32.id))!.points).toHaveLength(1);
    expect((await dueProjects(10)).map((d) => d.project)).toEqual(['SHOP']);
  });

  it('never fails the sync: a project Jira no longer shows is unmarked, one that fails now stays marked, the others are counted', async () => {
    await markTrendDue(['GONE', 'OPS', 'SHOP']);
    const src = source([V32], { [V32.id]: { all: totals(1, 3), environments: [] } });
    const versions = src.versions;
    src.versions = async (project) => {
      if (project === 'GONE') throw new ApiFailure('NOT_FOUND', 'Project GONE does not exist or you do not have permission to see it.');
      if (project === 'OPS') throw new Error('Jira answered 503');
      return versions(project);
    };
    await expect(recordTrendPoints(run('run-1'), env, src)).resolves.toBeUndefined();
    expect((await readTrend('SHOP', V32.id))!.points).toHaveLength(1);
    expect((await dueProjects(10)).map((d) => d.project)).toEqual(['OPS']);
  });

  it('stops when the invocation has no time left, leaving the marks', async () => {
    await markTrendDue(['OPS', 'SHOP']);
    const src = source([V32], { [V32.id]: { all: totals(1, 3), environments: [] } });
    let left = 1;
    await recordTrendPoints(run('run-1'), { now, timeLeft: () => left-- > 0 }, src);
    expect(src.asked).toEqual(['versions OPS', 'count OPS 3.2']);
    expect((await dueProjects(10)).map((d) => d.project)).toEqual(['SHOP']);
  });
});

describe('the versions a trend follows', () => {
  it('are the version the page opens on, then the other unreleased ones by release date, at most three', () => {
    const v34: ProjectVersion = { id: '10004', name: '3.4', released: false, archived: false };
    const v35: ProjectVersion = { id: '10005', name: '3.5', released: false, archived: false, releaseDate: '2026-12-01' };
    const old: ProjectVersion = { id: '10006', name: '2.9', released: false, archived: true, releaseDate: '2025-01-01' };
    expect(trendVersions([V31, v34, V33, V32, v35, old]).map((v) => v.name)).toEqual(['3.2', '3.3', '3.5']);
    expect(trendVersions([V31, v34, V33, V32, v35, old])).toHaveLength(TREND_VERSIONS_MAX);
    // With every version released, the latest released one (the page's default) is followed.
    expect(trendVersions([V31, { ...V32, released: true }]).map((v) => v.name)).toEqual(['3.2']);
    expect(trendVersions([])).toEqual([]);
  });
});

describe('a series', () => {
  const point = (run: string, at: string, failing = 1): TrendPoint => ({
    at,
    run,
    all: { requirements: 6, covered: 6, passing: 3, failing, blocked: 0, notRun: 2, partial: 0, uncovered: 0 },
    environments: {},
  });
  const at = { project: 'SHOP', versionId: '10002', version: '3.2' };

  it('sorts a late point into time order and names the version as it is now', () => {
    const series = withPoint(withPoint(undefined, at, point('b', '2026-03-02T10:00:00.000Z')), { ...at, version: '3.2 (Spring)' }, point('a', '2026-03-02T09:00:00.000Z'));
    expect(series.points.map((p) => p.run)).toEqual(['a', 'b']);
    expect(series.version).toBe('3.2 (Spring)');
  });

  it('compares totals field by field', () => {
    const a = point('a', '2026-03-02T09:00:00.000Z').all;
    expect(sameTotals(a, { ...a })).toBe(true);
    expect(sameTotals(a, { ...a, blocked: 1 })).toBe(false);
  });
});
