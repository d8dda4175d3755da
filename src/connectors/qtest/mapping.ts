/**
 * qTest records → the canonical model. Pure functions.
 *
 * Requirement links → Jira keys: with qTest's Jira integration, requirements are imported from Jira issues;
 * their external properties carry the issue key (`external_properties.id`, returned with
 * includeExternalProperties=true) and their name starts with it ("SHOP-3 Checkout with saved card").
 * The key is taken from external_properties.id, else from the name's leading key.
 *
 * Run history: every test log (one execution) of a run becomes one TestRun, with its own stable id
 * `<test run id>:<test log id>`; a run never executed becomes one TestRun with the run's id and its Status property
 * (e.g. Unexecuted). Such a placeholder stays in a test's history after the run is executed (as NOT_RUN, which the
 * latest result skips).
 */
import type { ExternalProject, TestCase, TestRun, TestStep, ToolStatus } from '../../domain/model';
import { isoFromParse, plainText } from '../text';
import type { QtestRequirement, QtestTestCase, QtestTestLog, QtestTestRun, QtestUser } from './records';
import type { PlaceKey, RunPlace } from './trees';

/** ProjectResource.status_id of an active project; any other status (archived, inactive) is hidden. */
export const ACTIVE_PROJECT_STATUS = 101;
const JIRA_KEY = /^([A-Z][A-Z0-9_]+-\d+)\b/;
const EPOCH = '1970-01-01T00:00:00.000Z';

export function mapProject(p: { id: number; name: string; status_id?: number | null }): ExternalProject {
  return { id: String(p.id), name: p.name, archived: p.status_id != null && p.status_id !== ACTIVE_PROJECT_STATUS };
}

export function mapStatus(s: { id: number; name: string; is_default?: boolean | null }): ToolStatus {
  return { id: String(s.id), name: s.name, ...(s.is_default ? { isDefault: true } : {}) };
}

/**
 * The display value of a property (PropertyResource) by field name, case-insensitive: `field_value_name`, else
 * `field_value`. Entries are read leniently: one that is not a PropertyResource is skipped.
 */
export function propertyValue(props: readonly unknown[] | null | undefined, fieldName: string): string | undefined {
  const want = fieldName.toLowerCase();
  for (const raw of props ?? []) {
    if (!raw || typeof raw !== 'object') continue;
    const p = raw as { field_name?: unknown; field_value?: unknown; field_value_name?: unknown };
    if (typeof p.field_name !== 'string' || p.field_name.toLowerCase() !== want) continue;
    for (const v of [p.field_value_name, p.field_value]) {
      if (typeof v === 'string' && v !== '') return v;
      if (typeof v === 'number') return String(v);
    }
  }
  return undefined;
}

function iso(value: string | null | undefined): string | undefined {
  return value ? isoFromParse(value) : undefined;
}

/** The Jira issue key a requirement stands for, if any. */
export function requirementKey(r: Pick<QtestRequirement, 'name' | 'external_properties'>): string | undefined {
  const ext = r.external_properties?.id?.trim();
  if (ext && JIRA_KEY.test(ext)) return ext;
  return r.name ? JIRA_KEY.exec(r.name.trim())?.[1] : undefined;
}

export function mapSteps(steps: QtestTestCase['test_steps']): TestStep[] {
  return [...(steps ?? [])]
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
    .map((s, i) => ({ index: i + 1, action: plainText(s.description), expected: plainText(s.expected) }));
}

/**
 * The case's modification time: `last_modified_date`, else `last_modified_date_utc`, else `created_date`, else the
 * epoch (all optional in the Swagger). Incremental reads still see the case: qTest filters on its own field.
 */
export function caseUpdatedAt(tc: Pick<QtestTestCase, 'last_modified_date' | 'last_modified_date_utc' | 'created_date'>): string {
  return iso(tc.last_modified_date) ?? iso(tc.last_modified_date_utc) ?? iso(tc.created_date) ?? EPOCH;
}

export interface CaseContext {
  projectId: string;
  baseUrl: string;
  modules: Map<number, string>;
  /** Jira keys covered by this case. */
  requirementKeys: string[];
}

/**
 * Without `pid` the display id is the case's id; without `web_url` the link is built the way the Swagger's
 * `web_url` example reads (`/p/<project>/portal/project#tab=testdesign&object=1&id=<id>`).
 */
export function mapTestCase(tc: QtestTestCase, ctx: CaseContext): TestCase {
  const type = propertyValue(tc.properties, 'Type');
  const priority = propertyValue(tc.properties, 'Priority');
  const description = plainText(tc.description);
  const precondition = plainText(tc.precondition);
  const folderPath = tc.parent_id != null ? ctx.modules.get(tc.parent_id) : undefined;
  return {
    tool: 'qtest',
    projectId: ctx.projectId,
    externalId: String(tc.id),
    displayId: tc.pid?.trim() || String(tc.id),
    name: tc.name,
    ...(description ? { description } : {}),
    ...(precondition ? { precondition } : {}),
    steps: mapSteps(tc.test_steps),
    ...(priority ? { priority } : {}),
    labels: type ? [type.trim().replace(/\s+/g, '-')] : [],
    ...(folderPath ? { folderPath } : {}),
    url: tc.web_url ?? `${ctx.baseUrl}/p/${ctx.projectId}/portal/project#tab=testdesign&object=1&id=${tc.id}`,
    updatedAt: caseUpdatedAt(tc),
    ...(tc.version ? { version: tc.version } : {}),
    requirementKeys: [...new Set(ctx.requirementKeys)].sort(),
  };
}

export interface RunContext {
  projectId: string;
  /** `test-suite:<id>` / `test-cycle:<id>` / `release:<id>` → the cycle and version of a run sitting there (trees.ts). */
  places: Map<PlaceKey, RunPlace>;
  /** User id → the name shown as the tester. */
  users: Map<number, string>;
  /** Status id → name, for logs whose status carries only an id. */
  statuses: Map<number, string>;
}

/** How a user is shown as a tester: the login name (qTest's usernames are e-mail addresses), else the full name. */
export function userName(u: QtestUser): string | undefined {
  const full = [u.first_name, u.last_name].filter(Boolean).join(' ').trim();
  return u.username?.trim() || u.email?.trim() || full || undefined;
}

export const caseIdOf = (run: QtestTestRun): number => (run.testCaseId ?? run.test_case?.id) as number;

/**
 * A run's fields every one of its entries shares: test case, modification time, and where it ran: the release its
 * parent sits under (`version`), its test cycle, and its Environment field (a system field of the test suite that its
 * runs inherit, as qTest's Field Settings describe it; the run's own value, since a run keeps what it inherited).
 */
function runFields(run: QtestTestRun, ctx: RunContext) {
  const place = run.parentType && run.parentId != null ? ctx.places.get(`${run.parentType}:${run.parentId}`) : undefined;
  const environment = propertyValue(run.properties, 'Environment');
  const updatedAt = iso(run.last_modified_date);
  return {
    tool: 'qtest' as const,
    projectId: ctx.projectId,
    testCaseExternalId: String(caseIdOf(run)),
    ...(updatedAt ? { updatedAt } : {}),
    ...(place?.version ? { version: place.version } : {}),
    ...(place?.cycle ? { cycle: place.cycle } : {}),
    ...(environment ? { environment } : {}),
  };
}

/**
 * Who executed a log: TestLogResource has no tester field (`tester` exists only on LatestTestLogResource, which only
 * GET /requirements/{id}/test-runs answers); TestStepLogResource has `user_id`, so the tester is the user of the
 * log's first step log that names one, looked up in the project's users. Absent when no step log names a user.
 */
export function testerOf(log: QtestTestLog, users: Map<number, string>): string | undefined {
  for (const s of log.test_step_logs ?? []) {
    const id = (s as { user_id?: unknown } | null)?.user_id;
    if (typeof id === 'number' && users.has(id)) return users.get(id);
  }
  return undefined;
}

/** The status name of a log (`status.name`, else its id in the catalogue). */
export const logStatus = (log: QtestTestLog, statuses: Map<number, string>): string | undefined =>
  log.status.name || (log.status.id != null ? statuses.get(log.status.id) : undefined);

/**
 * One execution: executed at the log's end (else start) time; runs have no web link in the Swagger, so no `url`.
 * `defects` are the Jira issues linked to the log (logs.ts logDefects).
 */
export function mapTestLog(run: QtestTestRun, log: QtestTestLog, status: string, ctx: RunContext, defects: string[] = []): TestRun {
  const executedAt = iso(log.exe_end_date) ?? iso(log.exe_start_date) ?? iso(run.last_modified_date);
  const executedBy = testerOf(log, ctx.users);
  return {
    ...runFields(run, ctx),
    externalId: `${run.id}:${log.id}`,
    status,
    ...(executedAt ? { executedAt } : {}),
    ...(executedBy ? { executedBy } : {}),
    ...(defects.length ? { defects } : {}),
  };
}

/**
 * A run whose log list did not come back: its latest log (ShortTestLogResource) as its one execution, under the id the
 * log would have; a run never executed: one entry with the run's id, its Status property (else Unexecuted) and its
 * modification time as the time.
 */
export function mapRunWithoutLogs(run: QtestTestRun, ctx: RunContext): TestRun {
  const latest = run.latest_test_log;
  if (latest?.status) {
    const executedAt = iso(latest.exe_end_date) ?? iso(latest.exe_start_date) ?? iso(run.last_modified_date);
    return { ...runFields(run, ctx), externalId: `${run.id}:${latest.id ?? 'latest'}`, status: latest.status, ...(executedAt ? { executedAt } : {}) };
  }
  const executedAt = iso(run.last_modified_date);
  return {
    ...runFields(run, ctx),
    externalId: String(run.id),
    status: propertyValue(run.properties, 'Status') ?? 'Unexecuted',
    ...(executedAt ? { executedAt } : {}),
  };
}
