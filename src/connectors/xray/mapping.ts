/**
 * Xray records → the canonical model. Pure functions.
 *
 * Xray's Tests are Jira issues: externalId is the Jira issue id (stable), displayId the issue key, and
 * `jiraIssue` carries both so the sync annotates the issue instead of creating one. Steps come from manual
 * tests; Cucumber and generic tests carry their definition (gherkin / unstructured) as the description.
 */
import type { ExternalProject, TestCase, TestRun, TestStep, ToolStatus } from '../../domain/model';
import { defectRefs, type DefectRefs } from '../defects';
import { isoFromParse } from '../text';
import type { XrayJiraFields, XrayStatus, XrayTest, XrayTestRun } from './records';

/** Xray's initial Test Run status. */
export const INITIAL_STATUS = 'TODO';

function iso(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  // Jira's "2026-11-10T09:00:00.000+0000" lacks the colon in the offset that Date.parse wants.
  return isoFromParse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

/** Plain text of a Jira description: a wiki-markup string or an Atlassian Document Format document. */
export function descriptionText(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (!value || typeof value !== 'object') return '';
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; text?: string; content?: unknown[] };
    if (n.type === 'text' && typeof n.text === 'string') out.push(n.text);
    if (n.type === 'hardBreak') out.push('\n');
    for (const c of n.content ?? []) walk(c);
    if (n.type === 'paragraph' || n.type === 'heading' || n.type === 'listItem') out.push('\n');
  };
  walk(value);
  return out.join('').replace(/\n{3,}/g, '\n\n').trim();
}

export function mapStatus(s: XrayStatus): ToolStatus {
  return { id: s.name, name: s.name, ...(s.name === INITIAL_STATUS ? { isDefault: true } : {}) };
}

/** Distinct Jira projects of scanned tests; archived projects are left out. */
export function projectsOf(items: ReadonlyArray<{ projectId?: string | null; jira: XrayJiraFields }>): ExternalProject[] {
  const out = new Map<string, ExternalProject>();
  for (const t of items) {
    const p = t.jira.project;
    const id = p?.id ?? t.projectId;
    if (!id || out.has(id) || p?.archived) continue;
    out.set(id, { id, name: p?.name ? `${p.name} (${p.key})` : (p?.key ?? id), archived: false });
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function mapSteps(steps: XrayTest['steps']): TestStep[] {
  return (steps ?? [])
    .filter((s): s is NonNullable<typeof s> => s !== null)
    .map((s, i) => ({
      index: i + 1,
      action: s.action ?? '',
      ...(s.data ? { data: s.data } : {}),
      expected: s.result ?? '',
    }));
}

export interface CaseContext {
  projectId: string;
  /** `https://<site>.atlassian.net`, when known; links are site-relative otherwise. */
  jiraSiteUrl?: string;
  /** Keys of covered issues beyond those read with the test. */
  extraCoverage?: string[];
}

export function issueUrl(key: string, site: string | undefined): string {
  return `${site ?? ''}/browse/${encodeURIComponent(key)}`;
}

export function mapTestCase(t: XrayTest, ctx: CaseContext): TestCase {
  const key = t.jira.key ?? t.issueId;
  const kind = (t.testType?.kind ?? '').toLowerCase();
  const definition = kind === 'gherkin' ? t.gherkin : kind === 'unstructured' ? t.unstructured : undefined;
  const description = definition?.trim() || descriptionText(t.jira.description);
  const preconditions = (t.preconditions?.results ?? [])
    .filter((p): p is NonNullable<typeof p> => p !== null)
    .map((p) => (p.definition?.trim() || p.jira?.summary || '').trim())
    .filter((s) => s.length > 0);
  const coverage = [
    ...(t.coverableIssues?.results ?? []).map((c) => c?.jira?.key).filter((k): k is string => !!k),
    ...(ctx.extraCoverage ?? []),
  ];
  const folder = t.folder?.path?.replace(/^\/+|\/+$/g, '');
  const updated = [iso(t.lastModified), iso(t.jira.updated)].filter((x): x is string => !!x).sort().pop();
  const priority = t.jira.priority?.name ?? undefined;
  return {
    tool: 'xray',
    projectId: ctx.projectId,
    externalId: t.issueId,
    displayId: key,
    name: t.jira.summary ?? key,
    ...(description ? { description } : {}),
    ...(preconditions.length ? { precondition: preconditions.join('\n\n') } : {}),
    steps: kind === 'steps' || kind === '' ? mapSteps(t.steps) : [],
    ...(priority ? { priority } : {}),
    labels: [...(t.jira.labels ?? [])],
    ...(folder ? { folderPath: folder } : {}),
    url: issueUrl(key, ctx.jiraSiteUrl),
    updatedAt: updated ?? new Date(0).toISOString(),
    requirementKeys: [...new Set(coverage)].sort(),
    jiraIssue: { id: t.issueId, key },
  };
}

export interface RunContext {
  projectId: string;
  jiraSiteUrl?: string;
}

/** A field of an answer the connector could not read, relative to the record it belongs to. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * The version a run tested: the fix version of its Test Execution, as Jira answers `fixVersions` (a list of Version
 * objects: `{ self, id, name, archived, released, releaseDate }`). A Test Execution normally has one; with several,
 * the run is counted in the first Jira lists (one entry per run: a run counted in two versions would make one
 * execution two results), and joining names would match no version at all. None, or an empty list: no version.
 * A value that is not a list, or a first version without a name, is a problem named by its field; the run is read
 * without a version.
 */
export function executionVersion(r: XrayTestRun): { version?: string; problem?: FieldProblem } {
  const jira = r.testExecution?.jira as Record<string, unknown> | null | undefined;
  const value = jira?.fixVersions;
  if (value === undefined || value === null) return {};
  const field = 'testExecution.jira.fixVersions';
  if (!Array.isArray(value)) return { problem: { field, message: `is not a list of versions (${typeof value})` } };
  if (value.length === 0) return {};
  const first = value[0] as { name?: unknown } | null;
  const name = first && typeof first === 'object' && typeof first.name === 'string' ? first.name.trim() : '';
  if (!name) return { problem: { field: `${field}[0].name`, message: 'is missing or not a text' } };
  return { version: name };
}

/**
 * The Jira issues Xray links to a run as its defects: Xray keeps them by Jira issue id (AddDefectsResult: "Ids of the
 * added Defects"); a key is taken too. `field` locates the run in its answer (`getTestRuns.results[3]`).
 */
export function runDefects(r: XrayTestRun, endpoint: string, field: string): DefectRefs {
  return defectRefs(r.defects ?? [], ['id', 'key'], { externalId: r.id, endpoint, field: `${field}.defects`, tool: 'Xray' });
}

/**
 * A Test Run. `cycle` is the key of its Test Execution (absent when Xray gives none: an ad-hoc run), `version` its
 * fix version (executionVersion), `environment` its test environments (joined when several: Xray runs the execution
 * in all of them at once); `executedAt` is when it started, else finished, else last changed; `updatedAt` is
 * TestRun.lastModified ("Date when the test run was last modified", the field getTestRuns' modifiedSince filters on),
 * else finishedOn, else startedOn.
 */
export function mapTestRun(r: XrayTestRun, ctx: RunContext, defects: string[] = []): TestRun | null {
  const testId = r.test?.issueId;
  if (!testId) return null;
  const execKey = r.testExecution?.jira?.key ?? undefined;
  const { version } = executionVersion(r);
  const environment = (r.testExecution?.testEnvironments ?? []).filter((e) => e).join(', ');
  const executedAt = iso(r.startedOn) ?? iso(r.finishedOn) ?? iso(r.lastModified);
  const updatedAt = iso(r.lastModified) ?? iso(r.finishedOn) ?? iso(r.startedOn);
  return {
    tool: 'xray',
    projectId: ctx.projectId,
    externalId: r.id,
    testCaseExternalId: testId,
    status: r.status?.name ?? INITIAL_STATUS,
    ...(executedAt ? { executedAt } : {}),
    ...(updatedAt ? { updatedAt } : {}),
    ...(version ? { version } : {}),
    ...(execKey ? { cycle: execKey } : {}),
    ...(environment ? { environment } : {}),
    ...(r.executedById ? { executedBy: r.executedById } : {}),
    ...(execKey ? { url: issueUrl(execKey, ctx.jiraSiteUrl) } : {}),
    ...(defects.length ? { defects } : {}),
  };
}
