/**
 * qTest records → the canonical model. Pure functions.
 *
 * Requirement links → Jira keys: with qTest's Jira integration, requirements are imported from Jira issues;
 * their external properties carry the issue key (`external_properties.id`, returned with
 * includeExternalProperties=true) and their name starts with it ("SHOP-3 Checkout with saved card").
 * The key is taken from external_properties.id, else from the name's leading key.
 */
import type { ExternalProject, TestCase, TestRun, TestStep, ToolStatus } from '../../domain/model';
import { isoFromParse, plainText } from '../text';
import type { QtestCycle, QtestModule, QtestProperty, QtestRequirement, QtestTestCase, QtestTestRun } from './records';

/** ProjectResource.status_id of an active project; any other status (archived, inactive) is hidden. */
export const ACTIVE_PROJECT_STATUS = 101;
const JIRA_KEY = /^([A-Z][A-Z0-9_]+-\d+)\b/;

export function mapProject(p: { id: number; name: string; status_id?: number | null }): ExternalProject {
  return { id: String(p.id), name: p.name, archived: p.status_id != null && p.status_id !== ACTIVE_PROJECT_STATUS };
}

export function mapStatus(s: { id: number; name: string; is_default?: boolean | null }): ToolStatus {
  return { id: String(s.id), name: s.name, ...(s.is_default ? { isDefault: true } : {}) };
}

/** The display value of a property by field name (case-insensitive). */
export function propertyValue(props: readonly QtestProperty[], fieldName: string): string | undefined {
  const want = fieldName.toLowerCase();
  const p = props.find((x) => (x.field_name ?? '').toLowerCase() === want);
  const v = p?.field_value_name ?? p?.field_value;
  return v != null && v !== '' ? v : undefined;
}

function iso(value: string | null | undefined): string | undefined {
  return value ? isoFromParse(value) : undefined;
}

/** Module id → `/`-separated path of module names, from the expand=descendants tree. */
export function modulePaths(tree: readonly QtestModule[]): Map<number, string> {
  const out = new Map<number, string>();
  const walk = (mods: readonly QtestModule[], prefix: string) => {
    for (const m of mods) {
      const path = prefix ? `${prefix}/${m.name}` : m.name;
      out.set(m.id, path);
      if (m.children?.length) walk(m.children, path);
    }
  };
  walk(tree, '');
  return out;
}

/** `test-cycle:<id>` / `test-suite:<id>` → the name of the cycle holding it (nested cycles joined by " / "). */
export function cycleNames(tree: readonly QtestCycle[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (cycles: readonly QtestCycle[], prefix: string) => {
    for (const c of cycles) {
      const name = prefix ? `${prefix} / ${c.name}` : c.name;
      out.set(`test-cycle:${c.id}`, name);
      for (const s of c['test-suites'] ?? []) out.set(`test-suite:${s.id}`, name);
      if (c['test-cycles']?.length) walk(c['test-cycles'], name);
    }
  };
  walk(tree, '');
  return out;
}

/** The Jira issue key a requirement stands for, if any. */
export function requirementKey(r: Pick<QtestRequirement, 'name' | 'external_properties'>): string | undefined {
  const ext = r.external_properties?.id?.trim();
  if (ext && JIRA_KEY.test(ext)) return ext;
  return JIRA_KEY.exec(r.name.trim())?.[1];
}

export function mapSteps(steps: QtestTestCase['test_steps']): TestStep[] {
  return [...(steps ?? [])]
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
    .map((s, i) => ({ index: i + 1, action: plainText(s.description), expected: plainText(s.expected) }));
}

export interface CaseContext {
  projectId: string;
  baseUrl: string;
  modules: Map<number, string>;
  /** Jira keys covered by this case. */
  requirementKeys: string[];
}

export function mapTestCase(tc: QtestTestCase, ctx: CaseContext): TestCase {
  const type = propertyValue(tc.properties, 'Type');
  const description = plainText(tc.description);
  const precondition = plainText(tc.precondition);
  const folderPath = tc.parent_id != null ? ctx.modules.get(tc.parent_id) : undefined;
  return {
    tool: 'qtest',
    projectId: ctx.projectId,
    externalId: String(tc.id),
    displayId: tc.pid,
    name: tc.name,
    ...(description ? { description } : {}),
    ...(precondition ? { precondition } : {}),
    steps: mapSteps(tc.test_steps),
    ...(propertyValue(tc.properties, 'Priority') ? { priority: propertyValue(tc.properties, 'Priority') } : {}),
    labels: type ? [type.trim().replace(/\s+/g, '-')] : [],
    ...(folderPath ? { folderPath } : {}),
    url: tc.web_url ?? `${ctx.baseUrl}/p/${ctx.projectId}/portal/project#tab=testdesign&object=1&id=${tc.id}`,
    updatedAt: iso(tc.last_modified_date) ?? tc.last_modified_date,
    ...(tc.version ? { version: tc.version } : {}),
    requirementKeys: [...new Set(ctx.requirementKeys)].sort(),
  };
}

export interface RunContext {
  projectId: string;
  baseUrl: string;
  cycles: Map<string, string>;
}

/**
 * A test run with its latest log; never-executed runs keep the run's status property (e.g. Unexecuted).
 * `updatedAt` is the run's `last_modified_date` (TestRunWithCustomFieldResource): qTest stamps it when a test log is
 * submitted and when the run is edited; ShortTestLogResource has no modification time of its own.
 */
export function mapTestRun(run: QtestTestRun, ctx: RunContext): TestRun | null {
  const testCaseId = run.test_case?.id ?? run.testCaseId;
  if (testCaseId == null) return null;
  const log = run.latest_test_log;
  const status = log?.status ?? propertyValue(run.properties, 'Status') ?? 'Unexecuted';
  const executedAt = iso(log?.exe_start_date) ?? iso(log?.exe_end_date) ?? iso(run.last_modified_date);
  const cycle = run.parentType && run.parentId != null ? ctx.cycles.get(`${run.parentType}:${run.parentId}`) : undefined;
  const environment = propertyValue(run.properties, 'Environment');
  return {
    tool: 'qtest',
    projectId: ctx.projectId,
    externalId: String(run.id),
    testCaseExternalId: String(testCaseId),
    status,
    ...(executedAt ? { executedAt } : {}),
    ...(iso(run.last_modified_date) ? { updatedAt: iso(run.last_modified_date) } : {}),
    ...(cycle ? { cycle } : {}),
    ...(environment ? { environment } : {}),
    ...(log?.tester ? { executedBy: log.tester } : {}),
    url: run.web_url ?? `${ctx.baseUrl}/p/${ctx.projectId}/portal/project#tab=testexecution&object=3&id=${run.id}`,
  };
}
