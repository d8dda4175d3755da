/**
 * Which viewers see a version's trend: exactly those whose totals now are the app's latest point's (in the context
 * they chose); anyone else is told why it is hidden — fewer requirements than the app counted, tests in projects they
 * cannot browse, results changed since the last count, or results still being indexed.
 */
import { useKv } from '../../../src/platform/kv';
import { trendFor } from '../../../src/gadget/view';
import { appendTrendPoint, type TrendTotals } from '../../../src/gadget/trend-store';
import type { TraceabilityReport } from '../../../src/traceability/service';
import type { TraceRow } from '../../../src/traceability/report';
import { MemoryKv } from '../../support/engine/memory-kv';

let restore: () => void;
beforeEach(() => {
  restore = useKv(new MemoryKv(() => Date.now()));
});
afterEach(() => restore());

const V32 = { id: '10002', name: '3.2', released: false, archived: false };
const V31 = { id: '10001', name: '3.1', released: true, archived: false };

const app: TrendTotals = { requirements: 6, covered: 5, passing: 2, failing: 1, blocked: 1, notRun: 1, partial: 0, uncovered: 1 };
const onStaging: TrendTotals = { ...app, passing: 1, failing: 2 };

function row(key: string, hiddenTests = 0): TraceRow {
  return { key, summary: key, status: 'To Do', type: 'Story', readiness: 'PASS', tests: [], hiddenTests, defects: [], components: [] };
}

function report(totals: Partial<TraceabilityReport['totals']>, opts: { environment?: string; rows?: TraceRow[]; indexing?: number } = {}): TraceabilityReport {
  const t = { ...app, coveragePercent: 83.3, passPercent: 33.3, indexing: opts.indexing ?? 0, ...totals };
  return {
    project: 'SHOP',
    versions: [V31, V32],
    version: '3.2',
    ...(opts.environment ? { environment: opts.environment } : {}),
    rows: opts.rows ?? [row('SHOP-1')],
    totals: t,
    facets: { environments: ['staging'], epics: [], components: [] },
    index: { building: false, indexing: t.indexing, damaged: false },
    computedAt: '2026-03-02T10:00:00.000Z',
  };
}

async function recorded(): Promise<void> {
  const at = { project: 'SHOP', versionId: V32.id, version: '3.2' };
  await appendTrendPoint(at, { at: '2026-03-01T09:00:00.000Z', run: 'r1', all: { ...app, failing: 2, passing: 1 }, environments: {} });
  await appendTrendPoint(at, { at: '2026-03-02T09:00:00.000Z', run: 'r2', all: app, environments: { staging: onStaging } });
}

it('starts after the next sync for a followed version without points, and says a released one is not followed', async () => {
  expect(await trendFor(report({}), V32)).toEqual({ state: 'pending' });
  expect(await trendFor(report({}), V31)).toEqual({ state: 'untracked' });
});

it('is shown to a viewer whose totals are the latest point’s, in the environment chosen', async () => {
  await recorded();
  expect(await trendFor(report({}), V32)).toEqual({
    state: 'shown',
    points: [
      { at: '2026-03-01T09:00:00.000Z', ...app, failing: 2, passing: 1 },
      { at: '2026-03-02T09:00:00.000Z', ...app },
    ],
  });
  // On staging only the point that counted staging has it.
  expect(await trendFor(report(onStaging, { environment: 'staging' }), V32)).toEqual({ state: 'shown', points: [{ at: '2026-03-02T09:00:00.000Z', ...onStaging }] });
  // An environment no point counted yet: the trend starts after the next sync.
  expect(await trendFor(report(app, { environment: 'production' }), V32)).toEqual({ state: 'pending' });
});

it.each([
  ['fewer requirements than the app counted', report({ requirements: 5, covered: 4 }), 'fewer-requirements', 5],
  ['tests in projects the viewer cannot browse', report({ passing: 3, partial: 0, notRun: 0 }, { rows: [row('SHOP-1', 2)] }), 'hidden-tests', 6],
  ['results changed since the app counted them', report({ failing: 0, passing: 3 }), 'changed', 6],
  ['requirements not indexed yet', report({ covered: 4 }, { indexing: 1 }), 'indexing', 6],
])('is hidden from a viewer who sees %s, saying so', async (_what, viewer, reason, seen) => {
  await recorded();
  expect(await trendFor(viewer, V32)).toEqual({ state: 'hidden', reason, counted: 6, seen });
});
