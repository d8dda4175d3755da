/**
 * What the traceability index holds of a requirement: its issue type, and per covering test its identity, its
 * latest status in each version and each version/environment it ran in (not per cycle), and there the defects its
 * tool links to those latest runs (references only: keys, or Xray's issue ids; the page asks Jira for the rest). The
 * statuses and defects come from the test's results by context with the rules the coverage property, the panel and
 * JQL use (`resultIn`, `defectsIn`), so the page counts a requirement's readiness exactly as they do.
 */
import type { CanonicalStatus, Tool } from '../domain/model';
import { defectsIn, resultIn } from '../domain/readiness';
import type { CoveringTest } from '../sync/coverage-index';

export interface TraceTest {
  /** The test's Jira issue ('' for a test whose issue the coverage does not name). */
  issueKey: string;
  tool: Tool;
  /** The id the tool shows (`TC-12`); the issue key again for a test that is a Jira issue itself (Xray). */
  displayId: string;
  /** The case was deleted in its tool: it counts as not run everywhere. */
  deletedInSource?: boolean;
  /** Latest status by context (see contextId): a version alone (over every environment) or a version and an environment. */
  results: Record<string, CanonicalStatus>;
  /** The defects its tool links to its latest runs, by context (only contexts with some; absent when none). */
  defects?: Record<string, string[]>;
}

export interface TraceRequirement {
  /** The requirement's issue type when its coverage was last computed (the page lists the types tests cover). */
  type?: string;
  tests: TraceTest[];
}

/** A context's id: a version alone (its results consolidated over environments), or a version and an environment. */
export function contextId(version: string, environment?: string): string {
  return JSON.stringify(environment === undefined ? [version] : [version, environment]);
}

/** The version and environment of a context id. */
export function contextOf(id: string): { version: string; environment?: string } {
  const [version, environment] = JSON.parse(id) as [string, string?];
  return environment === undefined ? { version } : { version, environment };
}

const byKey = (a: TraceTest, b: TraceTest) =>
  a.issueKey.localeCompare(b.issueKey, 'en', { numeric: true }) || a.tool.localeCompare(b.tool) || a.displayId.localeCompare(b.displayId, 'en', { numeric: true });

/** A covering test as the index keeps it: identity, and its latest status per version and version/environment. */
export function traceTestOf(test: CoveringTest): TraceTest {
  const contexts = test.deletedInSource ? [] : (test.contexts ?? []);
  const results: Record<string, CanonicalStatus> = {};
  const defects: Record<string, string[]> = {};
  const environments = new Map<string, Set<string>>();
  for (const c of contexts) {
    if (!c.version) continue;
    const envs = environments.get(c.version) ?? new Set<string>();
    if (c.environment) envs.add(c.environment);
    environments.set(c.version, envs);
  }
  const note = (id: string, refs: string[]) => {
    if (refs.length > 0) defects[id] = refs;
  };
  for (const [version, envs] of environments) {
    const overall = resultIn([], contexts, { version });
    if (overall) {
      results[contextId(version)] = overall.status;
      note(contextId(version), defectsIn([], contexts, { version }));
    }
    for (const environment of envs) {
      const there = resultIn([], contexts, { version, environment });
      if (there) {
        results[contextId(version, environment)] = there.status;
        note(contextId(version, environment), defectsIn([], contexts, { version, environment }));
      }
    }
  }
  const sorted = <T>(r: Record<string, T>) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
  return {
    issueKey: test.issueKey ?? '',
    tool: test.tool,
    displayId: test.displayId,
    ...(test.deletedInSource ? { deletedInSource: true } : {}),
    results: sorted(results),
    ...(Object.keys(defects).length > 0 ? { defects: sorted(defects) } : {}),
  };
}

/** A requirement's entry from the tests that cover it (sorted, so the same coverage always makes the same entry). */
export function traceRequirementOf(tests: CoveringTest[], type?: string): TraceRequirement {
  return { ...(type ? { type } : {}), tests: tests.map(traceTestOf).sort(byKey) };
}

/** Whether two entries say the same (so an unchanged requirement is not written again). */
export function sameRequirement(a: TraceRequirement | undefined, b: TraceRequirement | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** A test's status in a context: NOT_RUN when it has no run there (as readiness counts it). */
export function statusIn(test: TraceTest, version: string, environment?: string): CanonicalStatus {
  if (test.deletedInSource) return 'NOT_RUN';
  return test.results[contextId(version, environment)] ?? 'NOT_RUN';
}

/** The defects a test's tool links to its latest runs in a context (none for a case deleted in its tool). */
export function defectsOfTest(test: TraceTest, version: string, environment?: string): string[] {
  if (test.deletedInSource) return [];
  return test.defects?.[contextId(version, environment)] ?? [];
}

/** Every defect reference of a test's latest runs in a version (in it alone or in one of its environments). */
export function defectRefsInVersion(test: TraceTest, version: string): string[] {
  if (test.deletedInSource || !test.defects) return [];
  return [...new Set(Object.entries(test.defects).flatMap(([id, refs]) => (contextOf(id).version === version ? refs : [])))];
}

/** The project an issue key belongs to, or undefined for something that is not an issue key. */
export function projectOfKey(issueKey: string): string | undefined {
  return /^([A-Z][A-Z0-9_]*)-[1-9]\d*$/.exec(issueKey)?.[1];
}
