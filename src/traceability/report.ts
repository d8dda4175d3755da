/**
 * The traceability report as pure functions: which issues of a version are requirements, each one's covering tests
 * by their status in the version (and environment) and its readiness, the totals, the values the filters offer, the
 * order (failing first, in READINESS_ORDER) and pages. The page, its CSV and the dashboard gadget all report from it.
 */
import type { CanonicalStatus, Tool } from '../domain/model';
import { mergeDefects, READINESS_ORDER, readinessOf, type Readiness, type RequirementDefect } from '../domain/readiness';
import type { DefectFacts } from '../jira/defects';
import type { VersionIssue } from './jira-reads';
import { contextOf, defectsOfTest, projectOfKey, statusIn, type TraceRequirement } from './model';

export interface TraceRowTest {
  issueKey: string;
  tool: Tool;
  displayId: string;
  status: CanonicalStatus;
  deletedInSource?: boolean;
}

export interface TraceRow {
  key: string;
  summary: string;
  /** The issue's workflow status in Jira. */
  status: string;
  type: string;
  readiness: Readiness;
  /** Covered before the index existed and not indexed yet: its readiness is not known yet. */
  indexing?: boolean;
  /** The covering tests the viewer may browse, worst status first. */
  tests: TraceRowTest[];
  /** Covering tests in projects the viewer may not browse (not listed, not counted). */
  hiddenTests: number;
  /**
   * Its defects the viewer may browse, each once: those linked to it in Jira, and those the tools link to the latest
   * run in the context of a covering test the row lists.
   */
  defects: RequirementDefect[];
  epic?: { key: string; summary: string };
  components: string[];
}

export interface TraceTotals {
  requirements: number;
  covered: number;
  /** covered / requirements, in percent with one decimal. */
  coveragePercent: number;
  passing: number;
  /** passing / requirements, in percent with one decimal. */
  passPercent: number;
  failing: number;
  blocked: number;
  notRun: number;
  partial: number;
  uncovered: number;
  /** Not indexed yet (their readiness is not known). */
  indexing: number;
}

export interface TraceFacets {
  /** Environments the version's requirements' tests ran in. */
  environments: string[];
  epics: { key: string; summary: string; count: number }[];
  components: { name: string; count: number }[];
}

export interface ReportContext {
  version: string;
  environment?: string;
}

export interface ReportFilters {
  /** Only requirements whose parent (epic) is this issue. */
  epic?: string;
  /** Only requirements with this component. */
  component?: string;
}

export interface ReportSources {
  /** The version's issues the viewer may browse. */
  issues: VersionIssue[];
  /** The index entries of the project's requirements. */
  index: Map<string, TraceRequirement>;
  /** Requirements with coverage the index does not hold yet. */
  pending: Set<string>;
  /** Whether the viewer may browse a project (of a test). */
  browsableProject(projectKey: string): boolean;
  /** Whether the viewer may browse an issue (a defect), by id. */
  browsableIssue(issueId: string): boolean;
  /**
   * A defect a tool links to a test's run, by the reference the tool gives (a key, or Xray's issue id), as Jira
   * answers it; absent when Jira does not know it (or it could not be read): it is then neither shown nor counted.
   */
  toolDefect?(ref: string): DefectFacts | undefined;
}

export interface Report {
  rows: TraceRow[];
  totals: TraceTotals;
  facets: TraceFacets;
}

/** The issue types synced tests cover in the project: the page lists every issue of these types in a version. */
export function coveredTypes(index: Map<string, TraceRequirement>): Set<string> {
  const out = new Set<string>();
  for (const req of index.values()) if (req.type && req.tests.length > 0) out.add(req.type);
  return out;
}

/** The issues of the version that are requirements: of a type tests cover, or covered themselves; never a test. */
export function requirementsAmong(sources: Pick<ReportSources, 'issues' | 'index' | 'pending'>): VersionIssue[] {
  const types = coveredTypes(sources.index);
  const tests = new Set<string>();
  for (const req of sources.index.values()) for (const t of req.tests) if (t.issueKey) tests.add(t.issueKey);
  return sources.issues.filter(
    (i) => !tests.has(i.key) && (types.has(i.type) || (sources.index.get(i.key)?.tests.length ?? 0) > 0 || sources.pending.has(i.key)),
  );
}

const STATUS_RANK: Record<CanonicalStatus, number> = { FAIL: 0, BLOCKED: 1, IN_PROGRESS: 2, NOT_RUN: 3, SKIP: 4, PASS: 5 };
const keyOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

function rowOf(issue: VersionIssue, sources: ReportSources, context: ReportContext): TraceRow {
  const entry = sources.index.get(issue.key);
  const indexing = !entry && sources.pending.has(issue.key);
  const tests: TraceRowTest[] = [];
  const fromTools: RequirementDefect[] = [];
  let hiddenTests = 0;
  for (const t of entry?.tests ?? []) {
    const project = projectOfKey(t.issueKey);
    if (!project || !sources.browsableProject(project)) {
      hiddenTests++;
      continue;
    }
    for (const ref of defectsOfTest(t, context.version, context.environment)) {
      const d = sources.toolDefect?.(ref);
      if (d && d.defect && sources.browsableIssue(d.id)) fromTools.push({ key: d.key, summary: d.summary, status: d.status, open: d.open, links: [{ in: t.tool, test: t.issueKey }] });
    }
    tests.push({
      issueKey: t.issueKey,
      tool: t.tool,
      displayId: t.displayId,
      status: statusIn(t, context.version, context.environment),
      ...(t.deletedInSource ? { deletedInSource: true } : {}),
    });
  }
  tests.sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || keyOrder(a.issueKey, b.issueKey));
  // The defects the viewer may see, as the panel counts them: an open one blocks the requirement whatever its tests say.
  const linked = issue.defects.filter((d) => sources.browsableIssue(d.id)).map(({ id: _id, ...d }): RequirementDefect => ({ ...d, links: [{ in: 'jira' }] }));
  const defects = mergeDefects([...linked, ...fromTools]);
  return {
    key: issue.key,
    summary: issue.summary,
    status: issue.status,
    type: issue.type,
    readiness: readinessOf(
      tests.map((t) => t.status),
      defects.filter((d) => d.open).length,
    ),
    ...(indexing ? { indexing: true } : {}),
    tests,
    hiddenTests,
    defects,
    ...(issue.parent ? { epic: issue.parent } : {}),
    components: issue.components,
  };
}

const RANK = new Map(READINESS_ORDER.map((r, i) => [r, i]));

/** Failing first (READINESS_ORDER), requirements not indexed yet last, then by key. */
export function compareRows(a: TraceRow, b: TraceRow): number {
  const rank = (r: TraceRow) => (r.indexing ? READINESS_ORDER.length : RANK.get(r.readiness)!);
  return rank(a) - rank(b) || keyOrder(a.key, b.key);
}

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part * 1000) / whole) / 10);

export function totalsOf(rows: TraceRow[]): TraceTotals {
  const count = (r: Readiness) => rows.filter((row) => !row.indexing && row.readiness === r).length;
  const indexing = rows.filter((r) => r.indexing).length;
  const uncovered = count('UNCOVERED');
  const covered = rows.length - uncovered - indexing;
  const passing = count('PASS');
  return {
    requirements: rows.length,
    covered,
    coveragePercent: percent(covered, rows.length),
    passing,
    passPercent: percent(passing, rows.length),
    failing: count('FAIL'),
    blocked: count('BLOCKED'),
    notRun: count('NOTRUN'),
    partial: count('PARTIAL'),
    uncovered,
    indexing,
  };
}

function facetsOf(requirements: VersionIssue[], sources: ReportSources, version: string): TraceFacets {
  const environments = new Set<string>();
  const epics = new Map<string, { key: string; summary: string; count: number }>();
  const components = new Map<string, number>();
  for (const issue of requirements) {
    for (const t of sources.index.get(issue.key)?.tests ?? []) {
      for (const id of Object.keys(t.results)) {
        const c = contextOf(id);
        if (c.version === version && c.environment !== undefined) environments.add(c.environment);
      }
    }
    if (issue.parent) {
      const held = epics.get(issue.parent.key) ?? { ...issue.parent, count: 0 };
      held.count++;
      epics.set(issue.parent.key, held);
    }
    for (const c of issue.components) components.set(c, (components.get(c) ?? 0) + 1);
  }
  return {
    environments: [...environments].sort((a, b) => a.localeCompare(b)),
    epics: [...epics.values()].sort((a, b) => keyOrder(a.key, b.key)),
    components: [...components].map(([name, count]) => ({ name, count })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/**
 * The report of a version (and environment): every requirement after the epic and component filters, in the
 * page's order, with totals over them; the filters offer the values of the whole version.
 */
export function buildReport(sources: ReportSources, context: ReportContext, filters: ReportFilters = {}): Report {
  const requirements = requirementsAmong(sources);
  const shown = requirements.filter(
    (i) => (filters.epic === undefined || i.parent?.key === filters.epic) && (filters.component === undefined || i.components.includes(filters.component)),
  );
  const rows = shown.map((i) => rowOf(i, sources, context)).sort(compareRows);
  return { rows, totals: totalsOf(rows), facets: facetsOf(requirements, sources, context.version) };
}

/** The rows of one readiness (all without one; those not indexed yet have none). */
export function rowsWith(rows: TraceRow[], readiness?: Readiness): TraceRow[] {
  return readiness === undefined ? rows : rows.filter((r) => !r.indexing && r.readiness === readiness);
}
