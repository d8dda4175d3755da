/**
 * The issue panel's list of covering tests, as pure functions over the app's item records: what each row shows
 * (by the latest result, or by the latest run in a cycle / environment when the list is filtered by one), the
 * panel's order (failing first), filters, pages and the values the list can be filtered by.
 */
import { TOOL_LABELS, type CanonicalStatus, type Tool } from '../domain/model';
import { coverageCounts, latestResult } from '../domain/results';
import { defectsIn, READINESS_LABELS, readinessOf, resultIn, type ContextFilter, type DefectLink, type RequirementDefect } from '../domain/readiness';
import { panelTest } from '../sync/coverage';
import type { ItemRecord } from '../sync/item-index';
import type { PanelFacets, PanelFilter, PanelReadiness, PanelTest, PanelTestsPage } from './contract';

/** Worst first: what needs attention leads the list. */
export const PANEL_STATUS_ORDER: CanonicalStatus[] = ['FAIL', 'BLOCKED', 'IN_PROGRESS', 'NOT_RUN', 'SKIP', 'PASS'];
const RANK = new Map(PANEL_STATUS_ORDER.map((s, i) => [s, i]));

/** How many cycles and environments the filters offer at most (the most recently run ones). */
const MAX_FACET_VALUES = 50;

/** A row: the test by its latest result, with the environment and tool status of that run. */
export function panelRow(item: ItemRecord): PanelTest {
  const p = item.property;
  const latest = latestResult(p.history);
  return {
    ...panelTest(item),
    ...(latest?.environment ? { environment: latest.environment } : {}),
    ...(p.rawStatus ? { rawStatus: p.rawStatus } : {}),
    ...(p.flaky ? { flaky: true } : {}),
  };
}

/**
 * The row as the filter shows it. With a version, every covering test is listed by its result in that version (and
 * environment / cycle when given): a test with no run there shows as not run. With only a cycle or environment, the
 * test by its latest run there (undefined when it has none). Then kept only when it matches the tool and status asked for.
 */
export function filteredRow(item: ItemRecord, row: PanelTest, filter: PanelFilter): PanelTest | undefined {
  if (filter.tool && row.tool !== filter.tool) return undefined;
  let shown = row;
  if (filter.version !== undefined || filter.cycle !== undefined || filter.environment !== undefined) {
    const p = item.property;
    const run = filter.version !== undefined ? resultIn(p.history, p.contexts, contextOf(filter)) : latestResult(p.history.filter((h) => (filter.cycle === undefined || h.cycle === filter.cycle) && (filter.environment === undefined || h.environment === filter.environment)));
    if (!run && filter.version === undefined) return undefined;
    const { lastRunAt: _l, cycle: _c, environment: _e, rawStatus: _r, ...rest } = row;
    shown = run
      ? {
          ...rest,
          status: row.deletedInSource ? row.status : run.status,
          rawStatus: run.rawStatus,
          ...(run.executedAt ? { lastRunAt: run.executedAt } : {}),
          ...(run.cycle ? { cycle: run.cycle } : {}),
          ...(run.environment ? { environment: run.environment } : {}),
        }
      : { ...rest, status: 'NOT_RUN' };
  }
  if (filter.status && shown.status !== filter.status) return undefined;
  return shown;
}

const contextOf = (filter: PanelFilter): ContextFilter => ({
  ...(filter.version !== undefined ? { version: filter.version } : {}),
  ...(filter.cycle !== undefined ? { cycle: filter.cycle } : {}),
  ...(filter.environment !== undefined ? { environment: filter.environment } : {}),
});

/**
 * The defects the tools link to the visible tests' latest runs that the readiness counts (in the filter's version /
 * environment / cycle, or the latest runs without a version), each with the test whose run it is linked to.
 */
export function toolDefectRefs(visible: VisibleTest[], filter: PanelFilter): { ref: string; link: Extract<DefectLink, { test: string }> }[] {
  const context: ContextFilter = filter.version === undefined ? {} : contextOf(filter);
  const out: { ref: string; link: Extract<DefectLink, { test: string }> }[] = [];
  for (const { item, row } of visible) {
    if (row.deletedInSource) continue;
    for (const ref of defectsIn(item.property.history, item.property.contexts, context)) out.push({ ref, link: { in: row.tool, test: item.issueKey } });
  }
  return out;
}

/** "An open defect blocks it (OPS-1). ", "2 open defects are linked to it (OPS-1, OPS-2). " (with a failing test, it fails). */
function defectWords(open: string[], blocked: boolean): string {
  if (open.length === 0) return '';
  const which = `(${open.join(', ')}). `;
  if (blocked) return `${open.length === 1 ? 'An open defect blocks it' : `${open.length} open defects block it`} ${which}`;
  return `${open.length === 1 ? 'An open defect is linked to it' : `${open.length} open defects are linked to it`} ${which}`;
}

/**
 * The requirement's readiness in the filter's version / environment / cycle (over every visible test, whatever the
 * tool or status filter), or over the latest results without a version; `defects` are its defects the viewer may see
 * there (see toolDefectRefs), an open one blocking it.
 */
export function readinessIn(visible: VisibleTest[], filter: PanelFilter, defects: RequirementDefect[] = [], defectsProblem?: string): PanelReadiness {
  const context: PanelFilter = contextOf(filter);
  const statuses = visible.map((v) => (filter.version === undefined ? v.row.status : (filteredRow(v.item, v.row, context)?.status ?? 'NOT_RUN')));
  const blocking = defects.filter((d) => d.open);
  const openDefects = blocking.map((d) => d.key);
  const status = readinessOf(statuses, openDefects.length);
  const byStatus = coverageCounts(statuses);
  const where = [filter.version ? `version ${filter.version}` : '', filter.environment ? `on ${filter.environment}` : '', filter.cycle ? `in ${filter.cycle}` : ''].filter(Boolean).join(' ');
  return {
    status,
    label: READINESS_LABELS[status],
    total: statuses.length,
    byStatus,
    ...(filter.version !== undefined ? { version: filter.version } : {}),
    ...(filter.environment !== undefined ? { environment: filter.environment } : {}),
    ...(openDefects.length > 0 ? { openDefects } : {}),
    ...(defects.length > 0 ? { defects } : {}),
    how:
      defectWords(openDefects, status === 'BLOCKED') +
      (filter.version === undefined
        ? 'Counted from the latest result of each covering test.'
        : `Counted from each covering test's latest result in ${where}; a test that has not run there counts as not run${filter.environment === undefined ? ', and a test passes only when its latest run in every environment passed' : ''}.`) +
      (defectsProblem ? ` ${defectsProblem}` : ''),
  };
}

const keyNumber = (t: PanelTest) => t.issueKey ?? t.displayId;

/** Failing first; within a status the most recent run first, then by issue key. */
export function comparePanelTests(a: PanelTest, b: PanelTest): number {
  return (
    (RANK.get(a.status) ?? 99) - (RANK.get(b.status) ?? 99) ||
    (b.lastRunAt ?? '').localeCompare(a.lastRunAt ?? '') ||
    keyNumber(a).localeCompare(keyNumber(b), 'en', { numeric: true })
  );
}

export interface VisibleTest {
  item: ItemRecord;
  row: PanelTest;
}

/** One page of the filtered list, with the filtered totals. */
export function pageOf(visible: VisibleTest[], filter: PanelFilter, offset: number, limit: number): PanelTestsPage {
  const rows: PanelTest[] = [];
  for (const v of visible) {
    const shown = filteredRow(v.item, v.row, filter);
    if (shown) rows.push(shown);
  }
  rows.sort(comparePanelTests);
  const tests = rows.slice(offset, offset + limit);
  const next = offset + tests.length;
  return {
    tests,
    total: rows.length,
    byStatus: coverageCounts(rows.map((r) => r.status)),
    offset,
    ...(next < rows.length ? { nextOffset: next } : {}),
  };
}

function counted(values: Map<string, { count: number; last: string }>): { name: string; count: number }[] {
  return [...values]
    .sort((a, b) => b[1].last.localeCompare(a[1].last) || a[0].localeCompare(b[0]))
    .slice(0, MAX_FACET_VALUES)
    .map(([name, v]) => ({ name, count: v.count }));
}

/** The tools, versions, cycles and environments of the visible tests (a test counts once per cycle it ran in). */
export function facetsOf(visible: VisibleTest[]): PanelFacets {
  const tools = new Map<Tool, number>();
  const cycles = new Map<string, { count: number; last: string }>();
  const environments = new Map<string, { count: number; last: string }>();
  const versions = new Map<string, { count: number; last: string }>();
  for (const { item, row } of visible) {
    tools.set(row.tool, (tools.get(row.tool) ?? 0) + 1);
    const seen = { cycle: new Set<string>(), environment: new Set<string>(), version: new Set<string>() };
    for (const h of [...item.property.history, ...(item.property.contexts ?? [])]) {
      for (const [field, map] of [['cycle', cycles], ['environment', environments], ['version', versions]] as const) {
        const value = h[field];
        if (!value) continue;
        const entry = map.get(value) ?? { count: 0, last: '' };
        if (!seen[field].has(value)) {
          seen[field].add(value);
          entry.count++;
        }
        if ((h.executedAt ?? '') > entry.last) entry.last = h.executedAt ?? '';
        map.set(value, entry);
      }
    }
  }
  return {
    tools: [...tools].sort((a, b) => b[1] - a[1]).map(([tool, count]) => ({ tool, count })),
    cycles: counted(cycles),
    environments: counted(environments),
    versions: counted(versions),
  };
}

/** How the coverage was counted, in words a tester reads (no status codes). */
export function howCounted(tests: PanelTest[]): string {
  if (tests.length === 0) return 'No synced test you can see covers this issue.';
  const tools = [...new Set(tests.map((t) => TOOL_LABELS[t.tool]))];
  const which = tests.length === 1 ? 'the one test' : `each of the ${tests.length} tests`;
  return `Counted from the latest result of ${which} linked to this issue (${tools.join(', ')}); a test that never ran counts as not run.`;
}
