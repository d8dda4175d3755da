/**
 * The qTest simulator's data: plain JSON-able records (snapshot/restore clone them), one SiteData per
 * simulated site (`<site>.qtestnet.com`). Times are epoch milliseconds.
 */

export interface SimUser {
  id: number;
  username: string;
  /** Absent: the user cannot log in with a password. */
  password?: string;
  firstName: string;
  lastName: string;
  /** Without API access every /api call answers 403. */
  apiAccess: boolean;
  /**
   * A profile that may view and execute test runs but not edit test logs executed by others
   * (UserProfile.test_run.modify_test_logs_by_others false): linking a defect to such a log answers 403.
   */
  readOnlyLogs?: boolean;
}

export interface SimToken {
  value: string;
  userId: number;
  kind: 'api' | 'login';
  /** Absent: never expires (API tokens). */
  expiresAt?: number;
  revoked?: boolean;
}

export interface SimProject {
  id: number;
  name: string;
  description: string;
  /** 101 Active, 103 Archived. */
  statusId: number;
  memberIds: number[];
  createdAt: number;
}

export interface SimModule {
  id: number;
  projectId: number;
  pid: string;
  name: string;
  parentId: number | null;
  order: number;
}

export interface SimStep {
  id: number;
  description: string;
  expected: string;
  order: number;
}

export interface SimTestCase {
  id: number;
  projectId: number;
  pid: string;
  name: string;
  moduleId: number;
  description: string;
  precondition: string;
  priority: string;
  type: string;
  steps: SimStep[];
  /** Requirement ids this case covers. */
  requirementIds: number[];
  createdAt: number;
  lastModifiedAt: number;
  version: string;
  versionId: number;
}

export interface SimRequirement {
  id: number;
  projectId: number;
  pid: string;
  /** Imported from Jira: `<KEY> <summary>`. */
  name: string;
  jiraKey: string;
  jiraIssueId: string;
  createdAt: number;
  lastModifiedAt: number;
}

/**
 * A release of the Test Plan; its test cycles sit under it in Test Execution (Release > Cycle > Suite > Run). Names are
 * the versions the team ships (`3.2`), as qTest's Jira integration imports them from Jira's fix versions.
 */
export interface SimRelease {
  id: number;
  projectId: number;
  pid: string;
  name: string;
  startAt: number;
  endAt: number;
  /** Closed releases are left out of GET /releases unless includeClosed=true. */
  closed: boolean;
  createdAt: number;
}

export interface SimSuite {
  id: number;
  pid: string;
  name: string;
  /** The suite's Environment field, which its test runs inherit. */
  environment: string;
}

export interface SimCycle {
  id: number;
  projectId: number;
  pid: string;
  name: string;
  /** The release the cycle sits under; null for a cycle directly under the root. */
  releaseId: number | null;
  /** A root cycle's Target Release/Build (`target_release_id`); a cycle under a release targets that release. */
  targetReleaseId?: number;
  suites: SimSuite[];
  createdAt: number;
}

export interface SimLog {
  id: number;
  status: string;
  exeStart: number;
  exeEnd: number;
  tester: string;
  /** The build the execution ran on (TestLogResource `build_number`). */
  build?: string;
  /** Jira issue keys linked to the execution as defects (TestLogResource `defects`, LinkedDefectResource). */
  defects?: string[];
  /**
   * The result of each step of the case, in the steps' order (TestStepLogResource `status` name and `actual_result`).
   * Absent: derived from the log's status (step-results.ts).
   */
  stepResults?: Array<{ status: string; actual?: string }>;
}

export interface SimRun {
  id: number;
  projectId: number;
  pid: string;
  name: string;
  testCaseId: number;
  /** The run sits in this test suite (parentType test-suite). */
  suiteId: number;
  environment: string;
  createdAt: number;
  lastModifiedAt: number;
  logs: SimLog[];
}

export interface SimStatus {
  id: number;
  name: string;
  color: string;
  isDefault: boolean;
  active: boolean;
}

export interface SiteData {
  site: string;
  users: SimUser[];
  tokens: SimToken[];
  statuses: SimStatus[];
  projects: SimProject[];
  modules: SimModule[];
  cases: SimTestCase[];
  requirements: SimRequirement[];
  releases: SimRelease[];
  cycles: SimCycle[];
  runs: SimRun[];
  /**
   * The site's Jira integration: its connection id and the Jira projects it covers, whose issues a test log's defects
   * can be (linking an issue of another project answers 404). Absent: no Jira integration, no defect can be linked.
   */
  jiraIntegration?: { connectionId: number; projects: string[] };
  /** Next id to hand out for new records. */
  nextId: number;
}

export interface SimData {
  sites: Record<string, SiteData>;
}
