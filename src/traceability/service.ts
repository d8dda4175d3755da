/**
 * The traceability report of a project's version (and environment, epic, component), as the viewing user may see
 * it: the version's issues come from Jira as the user, the tests and their results from the traceability index the
 * sync keeps (no call to a test tool). The page's resolver and the dashboard gadget both report from here, and the
 * gadget's trend reads a version's sources once as the app (`versionSources`) to count it in every environment.
 */
import type { Principal } from '../jira/client';
import { defectFacts } from '../jira/defects';
import { issueFacts } from '../jira/issues';
import { ApiFailure } from '../resolvers/guard';
import { coveringTests } from '../sync/coverage';
import { browsableIssues, browsableProjects, defaultVersion, projectVersions, versionIssues, type ProjectVersion } from './jira-reads';
import { defectRefsInVersion, projectOfKey } from './model';
import { buildReport, requirementsAmong, type Report, type ReportSources } from './report';
import { readProjectIndex, type ProjectIndex } from './store';
import { keepCurrent, PAGE_UPKEEP, type UpkeepBudget } from './upkeep';
import type { IndexDeps } from './writer';

export interface TraceabilityQuery {
  /** A version's name; absent: the nearest unreleased version, else the latest released one. */
  version?: string;
  environment?: string;
  /** An epic's issue key. */
  epic?: string;
  /** A component's name. */
  component?: string;
}

export interface TraceabilityReport extends Report {
  project: string;
  versions: Pick<ProjectVersion, 'id' | 'name' | 'released' | 'archived' | 'releaseDate'>[];
  /** The version reported on; absent when the project has no version to report on. */
  version?: string;
  environment?: string;
  epic?: string;
  component?: string;
  index: {
    /** The index is still being built from coverage computed before it existed. */
    building: boolean;
    /** Requirements shown as not indexed yet. */
    indexing: number;
    /** Part of the index could not be read and is being rebuilt. */
    damaged: boolean;
  };
  computedAt: string;
}

const appDeps: IndexDeps = { issueFacts: (keys) => issueFacts(keys), coveringTests };

/** What a version's reports are built from, read once for any number of environments. */
export interface VersionSources {
  sources: ReportSources;
  /** The index is still being built. */
  building: boolean;
  /** Part of the index could not be read and is being rebuilt. */
  damaged: boolean;
}

/**
 * The version's issues as `as` may browse them, the index kept current for them, which test projects and defects `as`
 * may browse, and the defects the tools link to the latest runs of their tests in the version, read as `as` (one bulk
 * read per hundred: Jira answers a user only those they may browse, as the test's panel reads its runs' defects). The
 * app browses every project and issue: its sources ask Jira nothing more than the tools' defects.
 */
export async function versionSources(projectKey: string, version: Pick<ProjectVersion, 'id' | 'name'>, index: ProjectIndex, as: Principal, budget: UpkeepBudget): Promise<VersionSources> {
  const issues = await versionIssues(projectKey, version.id, as);
  const upkept = await keepCurrent(projectKey, index, new Map(issues.map((i) => [i.key, i.type])), appDeps, budget);
  const base = { issues, index: upkept.requirements, pending: upkept.pending };
  const requirements = requirementsAmong(base);
  const tests = requirements.flatMap((r) => upkept.requirements.get(r.key)?.tests ?? []);
  const toolRefs = [...new Set(tests.flatMap((t) => defectRefsInVersion(t, version.name)))];
  const readTools = toolRefs.length > 0 ? defectFacts(toolRefs, as) : Promise.resolve(new Map<string, never>());
  if (as === 'app') {
    const tools = await readTools;
    return { sources: { ...base, browsableProject: () => true, browsableIssue: () => true, toolDefect: (ref) => tools.get(ref) }, building: upkept.building, damaged: upkept.damaged };
  }
  const testProjects = tests.map((t) => projectOfKey(t.issueKey) ?? '');
  const [projects, defects, tools] = await Promise.all([
    browsableProjects(testProjects.filter(Boolean)),
    browsableIssues([...new Set(requirements.flatMap((r) => r.defects.map((d) => d.id)))]),
    readTools,
  ]);
  const seen = new Set([...tools.values()].map((d) => d.id));
  return {
    sources: { ...base, browsableProject: (p) => projects.has(p), browsableIssue: (id) => defects.has(id) || seen.has(id), toolDefect: (ref) => tools.get(ref) },
    building: upkept.building,
    damaged: upkept.damaged,
  };
}

export async function traceabilityReport(projectKey: string, query: TraceabilityQuery = {}, budget: UpkeepBudget = PAGE_UPKEEP): Promise<TraceabilityReport> {
  const [versions, index] = await Promise.all([projectVersions(projectKey), readProjectIndex(projectKey)]);
  const version = query.version !== undefined ? versions.find((v) => v.name === query.version) : defaultVersion(versions);
  if (query.version !== undefined && !version) throw new ApiFailure('NOT_FOUND', `Project ${projectKey} has no version "${query.version}".`);
  const base = {
    project: projectKey,
    versions: versions.map(({ id, name, released, archived, releaseDate }) => ({ id, name, released, archived, releaseDate })),
    ...(query.environment !== undefined ? { environment: query.environment } : {}),
    ...(query.epic !== undefined ? { epic: query.epic } : {}),
    ...(query.component !== undefined ? { component: query.component } : {}),
    computedAt: new Date().toISOString(),
  };
  if (!version) {
    const empty = buildReport({ issues: [], index: new Map(), pending: new Set(), browsableProject: () => false, browsableIssue: () => false }, { version: '' });
    return { ...base, ...empty, index: { building: false, indexing: 0, damaged: false } };
  }
  const { sources, building, damaged } = await versionSources(projectKey, version, index, 'user', budget);
  const report = buildReport(
    sources,
    { version: version.name, ...(query.environment !== undefined ? { environment: query.environment } : {}) },
    { ...(query.epic !== undefined ? { epic: query.epic } : {}), ...(query.component !== undefined ? { component: query.component } : {}) },
  );
  return { ...base, version: version.name, ...report, index: { building, indexing: report.totals.indexing, damaged } };
}
