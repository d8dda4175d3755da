/**
 * The QMetry simulator's data: plain JSON-able records (snapshot/restore clone them), one HostData per
 * simulated site (`<site>.qmetry.com`). Times are epoch milliseconds.
 */

export interface SimUser {
  id: number;
  alias: string;
  /** The user's Open API key. */
  apiKey: string;
  keyState: 'active' | 'expired' | 'revoked';
  /** Projects the user has a role in. */
  projectIds: number[];
  /**
   * The role's rights on the Issues module, when not all: `none` (no Issues module: the issue list and links answer
   * 403), `view` (issues are listed, a link answers 403).
   */
  issues?: 'none' | 'view';
}

export interface SimProject {
  id: number;
  key: string;
  name: string;
  archived: boolean;
  /** The user's latest view id per module, as getinfo reports them in `latestViews` (IS: issues). */
  views: { TC: number; TS: number; TE: number; TEL: number; RQ: number; IS?: number };
  rootFolderIds: { TC: number; TS: number };
  createdAt: number;
  /** getinfo's `dateTimeFormatID` (1 MM-dd-yyyy, 2 dd-MM-yyyy, 3 yyyy-MM-dd, 4 dd-MMM-yyyy); 1 when absent. */
  dateFormatId?: number;
}

export interface SimStatus {
  id: number;
  name: string;
  color: string;
  isDefault: boolean;
  isArchived: boolean;
  custom: boolean;
}

export interface SimCycle {
  id: number;
  name: string;
  archived: boolean;
}

export interface SimRelease {
  id: number;
  projectId: number;
  name: string;
  archived: boolean;
  cycles: SimCycle[];
}

export interface SimPlatform {
  id: number;
  projectId: number;
  name: string;
}

export interface SimFolder {
  id: number;
  projectId: number;
  name: string;
  parentId: number | null;
}

export interface SimRequirement {
  id: number;
  projectId: number;
  /** Jira-synced requirements keep the Jira issue key (`SHOP-3`); native ones are `SHOPQA-RQ-1`. */
  entityKey: string;
  name: string;
  createdSystem: 'JIRA' | 'QMETRY';
  createdAt: number;
  updatedAt: number;
}

export interface SimStep {
  id: number;
  orderId: number;
  description: string;
  inputData: string;
  expectedOutcome: string;
}

export interface SimVersion {
  versionId: number;
  version: number;
  name: string;
  description: string;
  precondition: string;
  priority: string;
  type: string;
  steps: SimStep[];
  createdAt: number;
  updatedAt: number;
}

export interface SimTestCase {
  id: number;
  projectId: number;
  entityKey: string;
  folderId: number;
  /** Oldest first; the last one is the latest version. */
  versions: SimVersion[];
  requirementIds: number[];
  createdAt: number;
}

export interface SimSuite {
  id: number;
  projectId: number;
  entityKey: string;
  name: string;
  /** The cycle the suite is planned for; null for suites outside any release. */
  cycleId: number | null;
  createdAt: number;
  updatedAt: number;
}

/** A test suite run: the suite executed on one platform. */
export interface SimSuiteRun {
  id: number;
  suiteId: number;
  platformId: number;
}

/** A test case run inside a suite run. */
export interface SimRun {
  id: number;
  suiteRunId: number;
  testCaseId: number;
  version: number;
  statusId: number;
  executedAt?: number;
  executedBy?: string;
  updatedAt: number;
  /** The issues (SimIssue ids) linked to the run. */
  issueIds?: number[];
}

/**
 * An issue of a project: one made in QMetry (`SHOPQA-IS-1`), or a Jira issue QMetry's Jira integration imported, which
 * keeps the Jira key as its entity key (as Jira-synced requirements do).
 */
export interface SimIssue {
  id: number;
  projectId: number;
  entityKey: string;
  summary: string;
  state: string;
  createdSystem: 'JIRA' | 'QMETRY';
  createdAt: number;
}

export interface HostData {
  /** `demo` for demo.qmetry.com. */
  site: string;
  /** Reported as getinfo `clientCode`; an `orgcode` header must match it. */
  clientCode: string;
  users: SimUser[];
  projects: SimProject[];
  statuses: SimStatus[];
  releases: SimRelease[];
  platforms: SimPlatform[];
  folders: SimFolder[];
  requirements: SimRequirement[];
  testCases: SimTestCase[];
  suites: SimSuite[];
  suiteRuns: SimSuiteRun[];
  runs: SimRun[];
  /** Absent: none. */
  issues?: SimIssue[];
  /**
   * The Jira projects the site's Jira integration covers: an issue of theirs is imported when first asked for by key
   * (the simulator does not see Jira). Absent: none.
   */
  jiraProjects?: string[];
  /** The execution view lists only how many issues a run has (`defectCount`), not which (`defects`). */
  countIssuesOnly?: boolean;
  nextId: number;
}

export interface SimData {
  hosts: Record<string, HostData>;
}
