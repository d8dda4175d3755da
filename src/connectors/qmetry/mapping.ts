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
import { plainText } from '../text';
import { isTrue, type CaseRow, type QmetryProject, type QmetryRequirement, type QmetryStep, type RunRow } from './records';

const JIRA_KEY = /^[A-Z][A-Z0-9_]+-\d+$/;
const LEADING_JIRA_KEY = /^([A-Z][A-Z0-9_]+-\d+)\b/;

export function mapProject(p: QmetryProject): ExternalProject {
  return { id: p.projectKey, name: p.name, archived: isTrue(p.isArchived) };
}

export function mapStatus(s: { id: string; name: string; isDefault?: boolean | number | string | null }): ToolStatus {
  return { id: s.id, name: s.name, ...(isTrue(s.isDefault) ? { isDefault: true } : {}) };
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

export function mapTestCase(row: CaseRow, ctx: CaseContext): TestCase {
  const description = plainText(row.description);
  const precondition = plainText(row.precondition);
  const folderPath = folderPathOf(row.folderPath);
  const type = row.type?.trim();
  return {
    tool: 'qmetry',
    projectId: ctx.projectKey,
    externalId: row.tcID,
    displayId: row.entityKey,
    name: row.name,
    ...(description ? { description } : {}),
    ...(precondition ? { precondition } : {}),
    steps: mapSteps(ctx.steps),
    ...(row.priority ? { priority: row.priority } : {}),
    labels: type ? [type.replace(/\s+/g, '-')] : [],
    ...(folderPath ? { folderPath } : {}),
    url: testCaseUrl(ctx.baseUrl, ctx.projectKey, row.tcID),
    updatedAt: row.updatedAt,
    version: String(row.version),
    requirementKeys: [...new Set(ctx.requirementKeys)].sort(),
  };
}

export interface RunContext {
  projectKey: string;
  baseUrl: string;
  /** The id of the run's test case (the row's own `tcID`, or the id of its entity key). */
  tcID: string;
  /** The release of the run's suite (the version it tested). */
  version?: string;
  cycle?: string;
  /** The platform the suite ran on. */
  environment?: string;
  /** The Jira issues linked to the run (defects.ts). */
  defects?: string[];
}

/**
 * A test case run. `executedAt` is when it was executed (its last update when never executed); `updatedAt` the later
 * of its `updatedDate` and `executedDate` (see runChangedAt).
 */
export function mapTestRun(run: RunRow, ctx: RunContext): TestRun {
  const { executedAt, updatedAt } = runTimes(run);
  return {
    tool: 'qmetry',
    projectId: ctx.projectKey,
    externalId: run.tcRunID,
    testCaseExternalId: ctx.tcID,
    status: run.status,
    ...(executedAt ? { executedAt } : {}),
    ...(updatedAt ? { updatedAt } : {}),
    ...(ctx.version ? { version: ctx.version } : {}),
    ...(ctx.cycle ? { cycle: ctx.cycle } : {}),
    ...(ctx.environment ? { environment: ctx.environment } : {}),
    ...(run.executedBy ? { executedBy: run.executedBy } : {}),
    url: testCaseUrl(ctx.baseUrl, ctx.projectKey, ctx.tcID),
    ...(ctx.defects?.length ? { defects: ctx.defects } : {}),
  };
}

/** The `executedAt` and `updatedAt` of the TestRun a run row maps to. */
export function runTimes(run: Pick<RunRow, 'executedAt' | 'updatedAt'>): { executedAt?: string; updatedAt?: string } {
  const executedAt = run.executedAt ?? run.updatedAt;
  const changed = runChangedAt(run);
  return { ...(executedAt ? { executedAt } : {}), ...(changed > 0 ? { updatedAt: new Date(changed).toISOString() } : {}) };
}

/**
 * When a run last changed, in epoch ms (0 when unknown), for incremental reads: the later of its `updatedDate` and
 * `executedDate` (a status set stamps the execution time; some answers carry no updatedDate at all).
 */
export function runChangedAt(run: Pick<RunRow, 'executedAt' | 'updatedAt'>): number {
  const times = [run.executedAt, run.updatedAt].filter((t): t is string => !!t).map(Date.parse);
  return times.length ? Math.max(...times) : 0;
}
