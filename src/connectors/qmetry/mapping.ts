/**
 * QMetry records → the canonical model. Pure functions.
 *
 * Project ids: QMetry scopes every call by the `project` header, which takes the project key, so the key
 * (e.g. `SHOPQA`) is the ExternalProject id.
 *
 * Requirement links → Jira keys: with QMetry's Jira integration, requirements imported from Jira keep the
 * Jira issue key as their entity key and report `createdSystem: "JIRA"` (a documented requirement
 * column). Only such requirements yield keys; the key is the entity key, else the leading key of the name.
 * Native QMetry requirements (`SHOPQA-RQ-4`) are not Jira issues and are ignored.
 */
import type { ExternalProject, TestCase, TestRun, TestStep, ToolStatus } from '../../domain/model';
import { isoFromParse, plainText } from '../text';
import type { QmetryProject, QmetryRequirement, QmetryStep, QmetryTestCaseRow, QmetryTestCaseRun } from './records';

const JIRA_KEY = /^[A-Z][A-Z0-9_]+-\d+$/;
const LEADING_JIRA_KEY = /^([A-Z][A-Z0-9_]+-\d+)\b/;

const truthy = (v: boolean | number | null | undefined) => v === true || v === 1;

export function mapProject(p: QmetryProject): ExternalProject {
  return { id: p.projectKey, name: p.name, archived: truthy(p.isArchived) };
}

export function mapStatus(s: { id: string; name: string; isDefault?: boolean | null }): ToolStatus {
  return { id: s.id, name: s.name, ...(s.isDefault ? { isDefault: true } : {}) };
}

const US_DATE = /^(\d{1,2})-(\d{1,2})-(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$/i;

/** A QMetry date (ISO string, epoch ms, or the US-format `MM-dd-yyyy HH:mm:ss` taken as UTC) → ISO-8601. */
export function isoDate(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(value).toISOString() : undefined;
  const us = US_DATE.exec(value.trim());
  if (us) {
    let hours = Number(us[4] ?? 0) % (us[7] ? 12 : 24);
    if (us[7]?.toUpperCase() === 'PM') hours += 12;
    const t = Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2]), hours, Number(us[5] ?? 0), Number(us[6] ?? 0));
    return Number.isNaN(t) ? undefined : new Date(t).toISOString();
  }
  return isoFromParse(value);
}

/** The Jira issue key a requirement stands for, if it was synced from Jira. */
export function requirementKey(r: Pick<QmetryRequirement, 'entityKey' | 'name' | 'createdSystem'>): string | undefined {
  if (!/jira/i.test(r.createdSystem ?? '')) return undefined;
  const key = r.entityKey.trim();
  if (JIRA_KEY.test(key)) return key;
  return LEADING_JIRA_KEY.exec((r.name ?? '').trim())?.[1];
}

export function mapSteps(steps: readonly QmetryStep[]): TestStep[] {
  return [...steps]
    .sort((a, b) => a.orderId - b.orderId)
    .map((s, i) => {
      const data = plainText(s.inputData);
      return { index: i + 1, action: plainText(s.description), ...(data ? { data } : {}), expected: plainText(s.expectedOutcome) };
    });
}

/** `/Checkout/Payment` or `Checkout/Payment` → `Checkout/Payment`; the root folder gives none. */
export function folderPathOf(path: string | null | undefined): string | undefined {
  const p = (path ?? '').split('/').map((s) => s.trim()).filter(Boolean).join('/');
  return p || undefined;
}

/** Link that opens a test case in QMetry's web app. */
export const testCaseUrl = (baseUrl: string, projectKey: string, tcID: string) =>
  `${baseUrl}/#/${encodeURIComponent(projectKey)}/testcase/${encodeURIComponent(tcID)}`;

export interface CaseContext {
  projectKey: string;
  baseUrl: string;
  steps: readonly QmetryStep[];
  requirementKeys: readonly string[];
}

export function mapTestCase(row: QmetryTestCaseRow, ctx: CaseContext): TestCase {
  const description = plainText(row.description);
  const precondition = plainText(row.precondition);
  const folderPath = folderPathOf(row.folderPath);
  const type = row.testCaseTypeAlias?.trim();
  return {
    tool: 'qmetry',
    projectId: ctx.projectKey,
    externalId: row.tcID,
    displayId: row.entityKey,
    name: row.name,
    ...(description ? { description } : {}),
    ...(precondition ? { precondition } : {}),
    steps: mapSteps(ctx.steps),
    ...(row.priorityAlias ? { priority: row.priorityAlias } : {}),
    labels: type ? [type.replace(/\s+/g, '-')] : [],
    ...(folderPath ? { folderPath } : {}),
    url: testCaseUrl(ctx.baseUrl, ctx.projectKey, row.tcID),
    updatedAt: isoDate(row.updatedDate) ?? String(row.updatedDate),
    version: String(row.associatedVersion),
    requirementKeys: [...new Set(ctx.requirementKeys)].sort(),
  };
}

export interface RunContext {
  projectKey: string;
  baseUrl: string;
  /** Status id → name, for rows that carry only `runStatusID`. */
  statuses: ReadonlyMap<string, string>;
  cycle?: string;
  environment?: string;
}

/**
 * A test case run; a run never executed keeps its status (Not Run) and its last update time. `updatedAt` is the
 * later of the run's `updatedDate` and `executedDate` (see runChangedAt).
 */
export function mapTestRun(run: QmetryTestCaseRun, ctx: RunContext): TestRun {
  const status = run.runStatusName ?? (run.runStatusID ? ctx.statuses.get(run.runStatusID) : undefined) ?? 'Not Run';
  const executedAt = isoDate(run.executedDate) ?? isoDate(run.updatedDate);
  const changed = runChangedAt(run);
  return {
    tool: 'qmetry',
    projectId: ctx.projectKey,
    externalId: run.tcRunID,
    testCaseExternalId: run.tcID,
    status,
    ...(executedAt ? { executedAt } : {}),
    ...(changed > 0 ? { updatedAt: new Date(changed).toISOString() } : {}),
    ...(ctx.cycle ? { cycle: ctx.cycle } : {}),
    ...(ctx.environment ? { environment: ctx.environment } : {}),
    ...(run.executedBy ? { executedBy: run.executedBy } : {}),
    url: testCaseUrl(ctx.baseUrl, ctx.projectKey, run.tcID),
  };
}

/**
 * When a run last changed, in epoch ms (0 when unknown), for incremental reads: the later of its `updatedDate` (the
 * test case run's last update, a documented column) and `executedDate` (a status set stamps both; taking the later one
 * keeps a run whose updatedDate a QMetry version leaves behind).
 */
export function runChangedAt(run: Pick<QmetryTestCaseRun, 'executedDate' | 'updatedDate'>): number {
  const times = [isoDate(run.executedDate), isoDate(run.updatedDate)].filter((t): t is string => !!t).map(Date.parse);
  return times.length ? Math.max(...times) : 0;
}
