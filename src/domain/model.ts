/**
 * The canonical model every connector maps into and the sync writes out of.
 * Pure data: no I/O, no platform imports.
 */

export const TOOLS = ['xray', 'qtest', 'qmetry'] as const;
export type Tool = (typeof TOOLS)[number];

export const TOOL_LABELS: Record<Tool, string> = {
  xray: 'Xray Cloud',
  qtest: 'qTest',
  qmetry: 'QMetry',
};

/** The canonical execution statuses every tool's statuses are mapped onto. */
export const CANONICAL_STATUSES = ['PASS', 'FAIL', 'BLOCKED', 'SKIP', 'NOT_RUN', 'IN_PROGRESS'] as const;
export type CanonicalStatus = (typeof CANONICAL_STATUSES)[number];

export interface ExternalProject {
  id: string;
  name: string;
  archived: boolean;
}

export interface TestStep {
  /** 1-based position in the test case. */
  index: number;
  action: string;
  data?: string;
  expected: string;
}

/** A test case as the tool holds it, mapped to tool-neutral fields. */
export interface TestCase {
  tool: Tool;
  /** The tool's project id the case lives in. */
  projectId: string;
  /** The tool's stable id of the case (never reused). */
  externalId: string;
  /** The human-facing id in the tool, e.g. `TC-12`. */
  displayId: string;
  name: string;
  description?: string;
  precondition?: string;
  steps: TestStep[];
  priority?: string;
  labels: string[];
  /** Folder / module path, `/`-separated. */
  folderPath?: string;
  /** Link that opens the case in the tool. */
  url: string;
  /** ISO-8601 time of the last change in the tool. */
  updatedAt: string;
  version?: string;
  /** Jira issue keys of the requirements this case covers. */
  requirementKeys: string[];
  /**
   * Set when the test case already is a Jira issue (Xray's Tests are Jira issues): on the same site the sync
   * annotates that issue instead of creating one.
   */
  jiraIssue?: { id: string; key: string };
}

/** One execution of a test case. `status` is the tool's own status name. */
export interface TestRun {
  tool: Tool;
  projectId: string;
  externalId: string;
  testCaseExternalId: string;
  status: string;
  /** ISO-8601 time the run was executed (or last updated when never executed). */
  executedAt?: string;
  /**
   * ISO-8601 time the run was last modified in the tool (a result submitted, a status changed, an edit), from the
   * tool's own field. `readRuns({ modifiedSince })` compares this time, so it is the one to keep a run cursor on.
   */
  updatedAt?: string;
  /**
   * The version the run tested, as its tool names it: qTest's release, the fix version of Xray's Test Execution,
   * QMetry's release. Compared with Jira's fix versions by name (after the connection's version mapping).
   */
  version?: string;
  /** Cycle / suite / test execution the run belongs to; absent for ad-hoc runs. */
  cycle?: string;
  environment?: string;
  executedBy?: string;
  url?: string;
  /**
   * Jira issues linked to the run in its tool as its defects (qTest test log defects, Xray Test Run defects, QMetry
   * execution issues): issue keys, or issue ids where the tool names them so (Xray). Validated by
   * connectors/defects.ts; absent when there are none.
   */
  defects?: string[];
}

/** One status of a tool's execution status catalogue (custom ones included). */
export interface ToolStatus {
  id: string;
  name: string;
  isDefault?: boolean;
}

/** A page of results and the opaque cursor of the next page (absent on the last page). */
export interface Page<T> {
  items: T[];
  next?: string;
  /** Records of the page the connector could not read (the rest of the page was read). */
  unreadable?: UnreadableRecord[];
}

/** A record a tool answered in a shape the app cannot read: which endpoint, which field, and why. */
export interface UnreadableRecord {
  /** The tool's id of the record, when it could be read. */
  externalId?: string;
  displayId?: string;
  /** e.g. `POST /rest/testcases/list`. */
  endpoint: string;
  /** e.g. `data[3].tcID`. */
  field: string;
  message: string;
}

/** The global identity of an external test case: one Jira issue per source key, ever. */
export function sourceKeyOf(tc: Pick<TestCase, 'tool' | 'projectId' | 'externalId'>, connectionId: string): string {
  return `${tc.tool}:${connectionId}:${tc.projectId}:${tc.externalId}`;
}
