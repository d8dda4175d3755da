/**
 * zod schemas of the QMetry Test Management Open API answers the connector reads, and the normalised rows they give.
 * Shapes follow SmartBear's own QMetry client and its tests (SmartBear/smartbear-mcp, src/qmetry/): where they
 * disagree, both are read (each field's source is named below). Only what the sync needs is required; other fields
 * are ignored. Dates are kept raw here and read in the project's format (dates.ts) by the `finish` functions.
 */
import { z } from 'zod';
import { readDate, type DateFormat } from './dates';
import { RowProblem } from './rows';

/** Ids arrive as numbers or numeric strings depending on the endpoint. */
const id = z.union([z.number(), z.string().trim().min(1)]).transform((v) => String(v));
const optId = id.nullish();
const text = z.string().nullish();
const flag = z.union([z.boolean(), z.number(), z.string()]).nullish();
/** A date as QMetry writes it (project format, ISO-8601 or epoch ms); read by `dateOf`. */
const rawDate = z.union([z.string(), z.number()]).nullish();
const version = z.union([z.number(), z.string().trim().min(1)]).nullish();

export const isTrue = (v: boolean | number | string | null | undefined) => v === true || v === 1 || v === 'true';

/** The ISO time of a raw date field, or RowProblem naming the field. */
export function dateOf(value: unknown, field: string, format: DateFormat): string | undefined {
  const r = readDate(value, format);
  if (!r.ok) throw new RowProblem(field, r.message);
  return r.iso;
}

/** GET /rest/admin/project/getinfo (views: smartbear-mcp src/qmetry/client/auto-resolve.ts; dates: date-utils.ts). */
export const ProjectInfoSchema = z.object({
  currentProjectId: optId,
  clientCode: z.union([z.string(), z.number()]).nullish(),
  latestViews: z.record(z.string(), z.object({ viewId: z.union([z.number(), z.string()]).nullish() }).nullish()).nullish(),
  dateTimeFormatID: z.unknown().optional(),
  dateTimeFormatNew: z.unknown().optional(),
});
export type QmetryProjectInfo = z.infer<typeof ProjectInfoSchema>;

/** POST /rest/admin/project/list rows (src/qmetry/tools.test.ts "Fetch QMetry list Projects"). */
export const ProjectRow = z.object({ projectID: optId, projectKey: z.string().trim().min(1), name: z.string(), isArchived: flag });
export type QmetryProject = z.infer<typeof ProjectRow>;

/** POST /rest/admin/platform/list rows; archived ones are flagged `isPlatformArchived` (src/qmetry/api/project.test.ts). */
export const PlatformRow = z.object({ platformID: id, name: z.string(), isPlatformArchived: flag, isArchived: flag });

/** POST /rest/admin/execution/list: the execution status catalogue, custom statuses included. */
export const StatusRow = z.object({ id, name: z.string(), isDefault: flag, isArchived: flag });

/**
 * A test case row of POST /rest/testcases/list/viewColumns and /rest/testcases/getVersionDetail. The case id is
 * `tcID` (hint in src/qmetry/client/tools/issue-tools.ts: "use data[index].tcID") or `id` (the mocks of
 * src/qmetry/api/testcase.test.ts and tools.test.ts); the name is `name` (or `summary`, as forRQ rows call it); the
 * version `associatedVersion` (a documented sort field) or `version`.
 */
export const CaseRowSchema = z.object({
  tcID: optId,
  id: optId,
  entityKey: z.string().trim().min(1),
  name: text,
  summary: text,
  tcVersionID: optId,
  associatedVersion: version,
  version: version,
  updatedDate: rawDate,
  description: text,
  precondition: text,
  priorityAlias: text,
  testCaseTypeAlias: text,
  folderPath: text,
  isLatestVersion: flag,
});

export interface CaseRow {
  tcID: string;
  entityKey: string;
  name: string;
  version: number;
  tcVersionID?: string;
  updatedAt: string;
  description?: string;
  precondition?: string;
  priority?: string;
  type?: string;
  folderPath?: string;
  isLatestVersion: boolean;
}

/** Normalises a test case row; `tcID` is the id asked for when the call names one (getVersionDetail). */
export function finishCase(r: z.output<typeof CaseRowSchema>, format: DateFormat, tcID?: string): CaseRow {
  const caseId = tcID ?? r.tcID ?? r.id;
  if (!caseId) throw new RowProblem('tcID', 'is missing (the row has neither tcID nor id)');
  const name = r.name ?? r.summary;
  if (name === null || name === undefined) throw new RowProblem('name', 'is missing (the row has neither name nor summary)');
  const v = r.associatedVersion ?? r.version;
  const versionNo = Number(String(v ?? '').replace(/^v/i, ''));
  if (!Number.isInteger(versionNo) || versionNo < 1) throw new RowProblem('associatedVersion', `is not a version number (${String(v)})`);
  const updatedAt = dateOf(r.updatedDate, 'updatedDate', format);
  if (!updatedAt) throw new RowProblem('updatedDate', 'is missing');
  return {
    tcID: caseId,
    entityKey: r.entityKey,
    name,
    version: versionNo,
    ...(r.tcVersionID ? { tcVersionID: r.tcVersionID } : {}),
    updatedAt,
    ...(r.description ? { description: r.description } : {}),
    ...(r.precondition ? { precondition: r.precondition } : {}),
    ...(r.priorityAlias ? { priority: r.priorityAlias } : {}),
    ...(r.testCaseTypeAlias ? { type: r.testCaseTypeAlias } : {}),
    ...(r.folderPath ? { folderPath: r.folderPath } : {}),
    isLatestVersion: isTrue(r.isLatestVersion),
  };
}

/** Just the identity of a test case row (the id list, the entity key look-up). */
export const CaseKeyRow = CaseRowSchema.pick({ tcID: true, id: true, entityKey: true });
export function finishCaseKey(r: z.output<typeof CaseKeyRow>): { tcID: string; entityKey: string } {
  const caseId = r.tcID ?? r.id;
  if (!caseId) throw new RowProblem('tcID', 'is missing (the row has neither tcID nor id)');
  return { tcID: caseId, entityKey: r.entityKey };
}

/** POST /rest/testcases/steps/list (step fields: src/qmetry/types/testcase.ts `removeTestCaseStep`). */
export const StepRow = z.object({
  tcStepID: optId,
  orderId: z.union([z.number(), z.string()]).nullish(),
  description: text,
  inputData: text,
  expectedOutcome: text,
});
export interface QmetryStep {
  orderId: number;
  description?: string | null;
  inputData?: string | null;
  expectedOutcome?: string | null;
}
export function finishStep(r: z.output<typeof StepRow>): QmetryStep {
  const orderId = r.orderId === null || r.orderId === undefined ? Number.MAX_SAFE_INTEGER : Number(r.orderId);
  if (Number.isNaN(orderId)) throw new RowProblem('orderId', `is not a number (${String(r.orderId)})`);
  return { orderId, description: r.description, inputData: r.inputData, expectedOutcome: r.expectedOutcome };
}

/** Requirements (POST /rest/requirements/list/viewColumns, /rest/requirements/list/forTC; src/qmetry/api/requirement.test.ts). */
export const RequirementRow = z.object({ id, entityKey: z.string().trim().min(1), name: text, createdSystem: text });
export type QmetryRequirement = z.infer<typeof RequirementRow>;

/** Test cases linked to a requirement (POST /rest/testcases/list/forRQ): `entityKey`, `summary` (src/qmetry/api/testcase.test.ts). */
export const LinkedCaseRow = z.object({ entityKey: z.string().trim().min(1) });

/** POST /rest/testsuites/list/viewColumns rows: `id`, `entityKey`, `name` (src/qmetry/tools.test.ts "Fetch Test Suites"). */
export const SuiteRow = z.object({ id, entityKey: text, name: z.string() });
export type QmetrySuite = z.infer<typeof SuiteRow>;

/** A field of a row that could not be read although the row could: the row is kept without it. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An optional name read leniently: a text, else absent; anything else is a problem named by its field. */
function optionalName(value: unknown, field: string, problems: FieldProblem[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim() || undefined;
  problems.push({ field, message: `is not a text (${typeof value})` });
  return undefined;
}

/** An optional id read leniently: a number or a text, else absent; anything else is a problem named by its field. */
function optionalId(value: unknown, field: string, problems: FieldProblem[]): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' || typeof value === 'string') return String(value).trim() || undefined;
  problems.push({ field, message: `is not an id (${typeof value})` });
  return undefined;
}

/**
 * POST /rest/execution/list/platformHome rows, one test suite run per platform: `tsRunID` (testsuite-tools.ts hints:
 * "data: [{tsRunID: '2739237', ...}]") or `executionID` (src/qmetry/tools.test.ts mock), `platformName`, `cycleName`
 * and `releaseName` (same mock); the cycle id, when given, as `cycleID` or `buildID` (QMetry's internal name), the
 * release id as `releaseID`. The release fields only add the runs' version: they are read leniently, and one that
 * cannot be read is a `problem` of the row, which is kept without it.
 */
export const SuiteRunSchema = z.object({
  tsRunID: optId,
  executionID: optId,
  platformID: optId,
  platformName: text,
  cycleName: text,
  cycleID: optId,
  buildID: optId,
  releaseName: z.unknown().optional(),
  releaseID: z.unknown().optional(),
});
export interface SuiteRun {
  tsRunID: string;
  platformID?: string;
  platformName?: string;
  cycleName?: string;
  cycleID?: string;
  releaseName?: string;
  releaseID?: string;
  /** Fields of the row that could not be read (the row is kept without them). */
  problems?: FieldProblem[];
}
export function finishSuiteRun(r: z.output<typeof SuiteRunSchema>): SuiteRun {
  const tsRunID = r.tsRunID ?? r.executionID;
  if (!tsRunID) throw new RowProblem('tsRunID', 'is missing (the row has neither tsRunID nor executionID)');
  const cycleID = r.cycleID ?? r.buildID;
  const problems: FieldProblem[] = [];
  const releaseName = optionalName(r.releaseName, 'releaseName', problems);
  const releaseID = optionalId(r.releaseID, 'releaseID', problems);
  return {
    tsRunID,
    ...(r.platformID ? { platformID: r.platformID } : {}),
    ...(r.platformName ? { platformName: r.platformName } : {}),
    ...(r.cycleName ? { cycleName: r.cycleName } : {}),
    ...(cycleID ? { cycleID } : {}),
    ...(releaseName ? { releaseName } : {}),
    ...(releaseID ? { releaseID } : {}),
    ...(problems.length ? { problems } : {}),
  };
}

/**
 * A test case run: rows of POST /rest/execution/list/viewColumns (one suite run) and of /rest/testcases/execution
 * (one test case). The run id is `tcRunID` (tools.test.ts, udf.test.ts, issues.test.ts) or `id` (tools.test.ts,
 * testcase.test.ts mocks); the status `runStatus` (testsuite-tools.ts: "Execution Status → runStatus"),
 * `executionStatus` (testcase.test.ts, tools.test.ts) or `runStatusName` (issues.test.ts), else `runStatusID`; the case
 * `tcID` when given, else its key `entityKey` / `tcEntityKey`; the time `executedDate` (or `executedAt`, issues.test.ts).
 */
export const RunRowSchema = z.object({
  tcRunID: optId,
  id: optId,
  tcID: optId,
  entityKey: text,
  tcEntityKey: text,
  runStatus: text,
  executionStatus: text,
  runStatusName: text,
  runStatusID: optId,
  executedDate: rawDate,
  executedAt: rawDate,
  updatedDate: rawDate,
  executedBy: text,
  testedBy: text,
  testSuiteName: text,
  tsName: text,
  platformName: text,
  platformID: optId,
  cycleName: text,
  releaseName: z.unknown().optional(),
  /**
   * The issues linked to the run: `defectCount` and, with them, `defects: [{ id, summary, status }]`, `id` the issue's
   * key (src/qmetry/tools.test.ts "Fetch Test Case Runs by Test Suite Run"). Read one by one (reads.ts).
   */
  defectCount: z.unknown().optional(),
  defects: z.unknown().optional(),
});
export interface RunRow {
  tcRunID: string;
  tcID?: string;
  caseKey?: string;
  status: string;
  executedAt?: string;
  updatedAt?: string;
  executedBy?: string;
  suiteName?: string;
  platformName?: string;
  platformID?: string;
  cycleName?: string;
  /** The release of the run's suite, as the executions of a test case carry it (a text; anything else is left out). */
  releaseName?: string;
  /** The row's linked issues as answered (read by reads.ts), when it lists them. */
  defects?: unknown[];
  /** How many issues the row says are linked, when it says. */
  defectCount?: number;
}

export function finishRun(r: z.output<typeof RunRowSchema>, format: DateFormat, statuses: ReadonlyMap<string, string>): RunRow {
  const tcRunID = r.tcRunID ?? r.id;
  if (!tcRunID) throw new RowProblem('tcRunID', 'is missing (the row has neither tcRunID nor id)');
  const caseKey = r.entityKey ?? r.tcEntityKey ?? undefined;
  if (!r.tcID && !caseKey) throw new RowProblem('entityKey', 'is missing: the run names no test case (neither tcID nor entityKey)');
  const status = r.runStatusName ?? r.runStatus ?? r.executionStatus ?? (r.runStatusID ? statuses.get(r.runStatusID) : undefined);
  if (!status) {
    throw new RowProblem('runStatus', r.runStatusID ? `names status ${r.runStatusID}, which the status list does not hold` : 'is missing');
  }
  const executedAt = dateOf(r.executedDate ?? r.executedAt, r.executedDate != null ? 'executedDate' : 'executedAt', format);
  const updatedAt = dateOf(r.updatedDate, 'updatedDate', format);
  const executedBy = r.executedBy ?? r.testedBy;
  const suiteName = r.testSuiteName ?? r.tsName;
  return {
    tcRunID,
    ...(r.tcID ? { tcID: r.tcID } : {}),
    ...(caseKey ? { caseKey } : {}),
    status,
    ...(executedAt ? { executedAt } : {}),
    ...(updatedAt ? { updatedAt } : {}),
    ...(executedBy ? { executedBy } : {}),
    ...(suiteName ? { suiteName } : {}),
    ...(r.platformName ? { platformName: r.platformName } : {}),
    ...(r.platformID ? { platformID: r.platformID } : {}),
    ...(r.cycleName ? { cycleName: r.cycleName } : {}),
    ...(typeof r.releaseName === 'string' && r.releaseName.trim() ? { releaseName: r.releaseName.trim() } : {}),
    ...(Array.isArray(r.defects) ? { defects: r.defects } : {}),
    ...(typeof r.defectCount === 'number' && Number.isInteger(r.defectCount) && r.defectCount >= 0 ? { defectCount: r.defectCount } : {}),
  };
}

/**
 * An issue row (POST /rest/issues/list/viewColumns, /rest/execution/issue/list/forTCRun): `id` the numeric issue id
 * (the vendor's tool: "'id' is the defect identifier"), `entityKey` its key; an issue QMetry imported from Jira keeps
 * the Jira key there, as Jira-synced requirements do. `createdSystem` says where it was made (`QMetry` or `JIRA`).
 */
export const IssueRow = z.object({ id, entityKey: z.string().trim().min(1), createdSystem: text, name: text, summary: text });
export type QmetryIssue = z.infer<typeof IssueRow>;
