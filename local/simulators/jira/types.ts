/** Data model of the simulated Jira Cloud site. All of it is plain JSON so it can be snapshotted. */

export type IndexedPropertyType = 'number' | 'string' | 'text' | 'user' | 'date';

/** One indexed path of an issue entity property, as declared by `jira:entityProperty` modules. */
export interface IndexedProperty {
  propertyKey: string;
  path: string;
  type: IndexedPropertyType;
  searchAlias?: string;
}

export interface SimUser {
  accountId: string;
  displayName: string;
  emailAddress: string;
  /** Global ADMINISTER permission. */
  admin: boolean;
  /** Keys of projects the user can browse; '*' means all projects. */
  browse: string[] | '*';
  /** Keys of projects whose issues the user can edit (Edit Issues); '*' means all. Absent: the browsable ones. */
  edit?: string[] | '*';
  /** Keys of projects the user can create issues in (Create Issues); '*' means all. Absent: the editable ones. */
  create?: string[] | '*';
  /** Keys of projects the user can link issues in (Link Issues); '*' means all. Absent: the editable ones. */
  link?: string[] | '*';
}

export interface SimIssueType {
  id: string;
  name: string;
  description: string;
  hierarchyLevel: number;
}

/** A project version (a release), as `fixVersions` names it. */
export interface SimVersion {
  id: string;
  name: string;
  description?: string;
  released: boolean;
  archived: boolean;
  /** ISO date (yyyy-mm-dd). */
  releaseDate?: string;
  startDate?: string;
}

export interface SimComponent {
  id: string;
  name: string;
  description?: string;
}

export interface SimProject {
  id: string;
  key: string;
  name: string;
  leadAccountId: string;
  issueTypes: SimIssueType[];
  /** In the order Jira's UI shows them (its `sequence`). */
  versions: SimVersion[];
  components: SimComponent[];
}

export interface SimIssue {
  id: string;
  key: string;
  projectId: string;
  issueTypeId: string;
  summary: string;
  /** Atlassian Document Format document, or null. */
  description: unknown;
  labels: string[];
  priority: string;
  status: string;
  reporterAccountId: string;
  /** Who created the issue (a user's accountId or the app's); absent in older snapshots, then the reporter. */
  creatorAccountId?: string;
  /** Epoch milliseconds from the simulator clock. */
  created: number;
  updated: number;
  /** Ids of versions of its project, in the order they were set; absent: none. */
  fixVersionIds?: string[];
  /** Ids of components of its project; absent: none. */
  componentIds?: string[];
  /** The parent issue's id (an epic's, for a story). */
  parentId?: string;
  /** Entity properties by key. */
  properties: Record<string, unknown>;
  /** Other fields set on create/edit that the simulator stores without interpreting. */
  extraFields: Record<string, unknown>;
}

export interface SimLinkType {
  id: string;
  name: string;
  inward: string;
  outward: string;
}

export interface SimIssueLink {
  id: string;
  typeId: string;
  inwardIssueId: string;
  outwardIssueId: string;
}

export interface SimRemoteLink {
  id: number;
  issueId: string;
  globalId?: string;
  relationship?: string;
  application?: unknown;
  object: Record<string, unknown>;
}

export interface SimCounters {
  issueId: number;
  linkId: number;
  remoteLinkId: number;
  /** Next issue number per project key. */
  issueNumber: Record<string, number>;
}

export interface SimState {
  users: SimUser[];
  projects: SimProject[];
  issues: SimIssue[];
  linkTypes: SimLinkType[];
  links: SimIssueLink[];
  remoteLinks: SimRemoteLink[];
  counters: SimCounters;
  clock: ClockState;
}

/** Persistent part of the simulator clock. */
export interface ClockState {
  /** 'manual': time moves only by ticks and explicit advances; 'real': follows the wall clock plus an offset. */
  mode: 'manual' | 'real';
  /** Last timestamp handed out (epoch ms); every new timestamp is strictly greater. */
  lastMs: number;
  /** Manual mode: current time. Real mode: offset added to Date.now(). */
  baseMs: number;
  /** Manual mode: how far each tick moves time. */
  stepMs: number;
}

export type ViolationKind =
  | 'request-path-params'
  | 'request-query'
  | 'request-body'
  | 'request-fields'
  | 'response'
  | 'unknown-operation'
  | 'unsupported-operation';

/** A request the real Jira would reject as malformed, or a response the simulator got wrong. */
export interface ContractViolation {
  kind: ViolationKind;
  method: string;
  url: string;
  operationId?: string;
  status?: number;
  message: string;
  details?: unknown;
}

/** Caller of a request: the Forge app itself or a Jira user. */
export type Principal = { kind: 'app' } | { kind: 'user'; user: SimUser };
