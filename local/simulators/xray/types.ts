/**
 * The Xray simulator's data: plain JSON-able records (snapshot/restore clone them). A tenant is one Jira site
 * with Xray installed, living in a data-residency region; API keys (clients) belong to a tenant.
 * Times are epoch milliseconds.
 */

export type XrayRegion = 'global' | 'us' | 'eu' | 'au';

export interface SimClient {
  clientId: string;
  clientSecret: string;
  tenantId: string;
  /** A deleted API key: authenticate answers 401 and its tokens stop working. */
  revoked?: boolean;
  /**
   * The key's Jira user may browse the tenant's projects but not edit their Test Executions: reads answer, a mutation
   * that changes a Test Run (addDefectsToTestRun, updateTestRunStatus, updateTestRun) answers a permission error.
   */
  readOnly?: boolean;
}

export interface SimToken {
  value: string;
  clientId: string;
  tenantId: string;
  expiresAt: number;
  revoked?: boolean;
}

/** A version of a Jira project, as Jira's REST answers one in an issue's `fixVersions`. */
export interface SimJiraVersion {
  id: string;
  name: string;
  released: boolean;
  archived: boolean;
  /** `yyyy-MM-dd`. */
  releaseDate?: string;
}

export interface SimJiraProject {
  id: string;
  key: string;
  name: string;
  /** Archived Jira projects: their issues no longer show up in searches. */
  archived: boolean;
  testEnvironments: string[];
  /** The project's versions, which its Test Executions and Test Plans name as fix versions. */
  versions?: SimJiraVersion[];
}

export interface SimStatus {
  name: string;
  description: string;
  final: boolean;
  color: string;
  coverageStatus: string;
}

export interface SimStep {
  id: string;
  action: string;
  data: string;
  result: string;
}

export interface SimIssueBase {
  issueId: string;
  key: string;
  projectId: string;
  summary: string;
  lastModified: number;
}

export interface SimTest extends SimIssueBase {
  description: string;
  labels: string[];
  priority: string;
  kind: 'Manual' | 'Cucumber' | 'Generic';
  steps: SimStep[];
  gherkin: string;
  unstructured: string;
  folder: string;
  preconditionIds: string[];
  /** Covered (requirement) issues. */
  covers: Array<{ issueId: string; key: string }>;
  /** Jira's `updated` of the issue. */
  jiraUpdated: number;
}

export interface SimPrecondition extends SimIssueBase {
  definition: string;
}

export interface SimExecution extends SimIssueBase {
  environments: string[];
  /** Names of the project's versions set as the issue's Fix versions (the version the execution tests). */
  fixVersions?: string[];
}

/** A Test Plan: the Test Executions (and so the Tests) planned for a version. */
export interface SimTestPlan extends SimIssueBase {
  fixVersions?: string[];
  executionIds: string[];
}

export interface SimRun {
  /** 24 hex digits, as Xray's run ids. */
  id: string;
  testIssueId: string;
  /** Absent Test Execution (an ad-hoc run): `testExecution` answers null. */
  execIssueId: string | null;
  status: string;
  startedOn?: number;
  finishedOn?: number;
  executedById?: string;
  lastModified: number;
  /** The run's defects: Jira issue ids (as Xray keeps them; TestRun.defects answers these). */
  defects?: string[];
  /**
   * The result of each step of the Test, in order (TestRunStep `status` name and `actualResult`). Absent: derived from
   * the run's status (step-results.ts).
   */
  stepResults?: Array<{ status: string; actualResult?: string }>;
}

/** A Jira issue of the tenant's site the simulator knows by key (Xray finds defects named by key on its Jira site). */
export interface SimJiraIssue {
  id: string;
  key: string;
}

export interface TenantData {
  id: string;
  region: XrayRegion;
  projects: SimJiraProject[];
  statuses: SimStatus[];
  tests: SimTest[];
  preconditions: SimPrecondition[];
  executions: SimExecution[];
  /** Absent: none. */
  testPlans?: SimTestPlan[];
  runs: SimRun[];
  /**
   * Issues of the tenant's Jira site besides its Tests and Test Executions that a defect may be named by key (the
   * simulator does not see the Jira site; an issue id is taken as one of its issues). Absent: none.
   */
  jiraIssues?: SimJiraIssue[];
  /** Next number for run ids and steps. */
  nextId: number;
}

export interface SimData {
  tenants: Record<string, TenantData>;
  clients: SimClient[];
  tokens: SimToken[];
}
