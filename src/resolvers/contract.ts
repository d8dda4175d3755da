/**
 * What the Custom UI apps and the resolvers say to each other: payload schemas (validated in the resolvers)
 * and answer types (imported by the UI as types only). Nothing here may carry a secret to the browser.
 */
import { z } from 'zod';
import { CANONICAL_STATUSES, type CanonicalStatus, type Tool } from '../domain/model';
import type { ConnectionCause } from '../connectors/types';
import type { Readiness, RequirementDefect } from '../domain/readiness';

const CANONICAL_STATUS_VALUES = CANONICAL_STATUSES;

export const ON_DELETED_IN_JIRA = ['leave', 'recreate'] as const;
export type OnDeletedInJira = (typeof ON_DELETED_IN_JIRA)[number];

export const SCHEDULES = ['off', 'fiveMinute', 'hour', 'day'] as const;
export type Schedule = (typeof SCHEDULES)[number];

const id = z.string().trim().min(1, 'is required').max(100, 'is longer than 100 characters');

/** Fields every connection has. */
const connectionCommon = {
  id: z.string().max(100).optional(),
  name: z.string().trim().min(1, 'Name is required').max(80, 'Name is longer than 80 characters'),
  /** Optional expiry date of the credential, YYYY-MM-DD. */
  expiresOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Expiry date must be YYYY-MM-DD')
    .optional()
    .or(z.literal('')),
  enabled: z.boolean().default(true),
  /**
   * Write defects to the tool: a bug created from a failed run is linked to that run in its tool. Off until an admin
   * turns it on; absent keeps what is stored (a configuration file carries no consent to write).
   */
  writeDefects: z.boolean().optional(),
};

/** A secret field: optional on edit, where absent or empty keeps the stored one. */
const secretField = (label: string) => z.string().trim().max(500, `${label} is longer than 500 characters`).optional();

export const QtestConnectionInput = z.object({
  ...connectionCommon,
  tool: z.literal('qtest'),
  baseUrl: z
    .string()
    .trim()
    .regex(/^https:\/\/[a-z0-9-]+\.qtestnet\.com\/?$/i, 'Site URL must look like https://<site>.qtestnet.com'),
  /** Bearer API token. */
  apiToken: secretField('API token'),
});
export type QtestConnectionInput = z.infer<typeof QtestConnectionInput>;

export const XRAY_REGIONS = ['global', 'us', 'eu', 'au'] as const;
export type XrayRegion = (typeof XRAY_REGIONS)[number];

export const XrayConnectionInput = z.object({
  ...connectionCommon,
  tool: z.literal('xray'),
  region: z.enum(XRAY_REGIONS, { message: 'Region must be one of global, us, eu, au' }).default('global'),
  clientId: z.string().trim().min(1, 'Client ID is required').max(200, 'Client ID is longer than 200 characters'),
  clientSecret: secretField('Client secret'),
  /** Xray is installed on this Jira site: its Test issues are annotated, never duplicated. */
  sameSite: z.boolean().default(true),
  /** Requests the sync may send to Xray in any five minutes (Xray's standard plan allows 300). */
  requestsPer5Minutes: z
    .number({ message: 'Request budget must be a number' })
    .int('Request budget must be a whole number')
    .min(10, 'Request budget must be at least 10 requests')
    .max(100000, 'Request budget must be at most 100000 requests')
    .default(300),
});
export type XrayConnectionInput = z.infer<typeof XrayConnectionInput>;

export const QmetryConnectionInput = z.object({
  ...connectionCommon,
  tool: z.literal('qmetry'),
  baseUrl: z
    .string()
    .trim()
    .regex(/^https:\/\/[a-z0-9-]+(\.[a-z0-9-]+)*\.qmetry\.com\/?$/i, 'QMetry URL must look like https://<site>.qmetry.com'),
  apiKey: secretField('Open API key'),
  projectKey: z.string().trim().regex(/^[A-Za-z0-9_-]{1,50}$/, 'Project key must be the QMetry project key, e.g. SHOPQA'),
  orgCode: z.string().trim().max(50, 'Organisation code is longer than 50 characters').optional().or(z.literal('')),
});
export type QmetryConnectionInput = z.infer<typeof QmetryConnectionInput>;

/** What `saveConnection` takes: one shape per tool. */
export const ConnectionInput = z.discriminatedUnion('tool', [QtestConnectionInput, XrayConnectionInput, QmetryConnectionInput], {
  message: 'Tool must be one of qtest, xray, qmetry',
});
export type ConnectionInput = z.infer<typeof ConnectionInput>;
/** What the admin page sends: fields with defaults may be left out. */
export type ConnectionPayload = z.input<typeof ConnectionInput>;

export const ConnectionRef = z.object({ connectionId: id });

export const MappingInput = z.object({
  connectionId: id,
  externalProjectId: id,
  externalProjectName: z.string().max(200).default(''),
  jiraProjectKey: z.string().regex(/^[A-Z][A-Z0-9_]{0,19}$/, 'Jira project key must look like ABC'),
  issueType: z.string().trim().min(1, 'Issue type is required').max(60),
  schedule: z.enum(SCHEDULES).default('hour'),
  syncRuns: z.boolean().default(true),
  syncRequirementLinks: z.boolean().default(true),
  /** What the sync does when a test issue it created was deleted in Jira: leave it deleted, or create it again. */
  onDeletedInJira: z.enum(ON_DELETED_IN_JIRA).default('leave'),
});
export type MappingInput = z.infer<typeof MappingInput>;

export const MappingRef = z.object({ connectionId: id, externalProjectId: id });

export const StatusMappingInput = z.object({
  connectionId: id,
  /** Tool status name → canonical status, for every status the admin sees. */
  mapping: z.record(
    z.string().trim().min(1, 'Status name is required').max(100, 'Status name is longer than 100 characters'),
    z.enum(CANONICAL_STATUS_VALUES, { message: `Canonical status must be one of ${CANONICAL_STATUS_VALUES.join(', ')}` }),
  ),
});
export type StatusMappingInput = z.infer<typeof StatusMappingInput>;

/** Jira's longest version name; a tool version name is held to it too. */
export const VERSION_NAME_MAX = 255;
/** Tool versions a connection's version mapping may name. */
export const VERSION_MAPPING_MAX = 500;

/** One entry of a version mapping: the runs of a tool version count for a Jira version of another name. */
export const VersionMappingEntryInput = z
  .object({
    toolVersion: z.string({ message: 'Tool version must be text' }),
    jiraVersion: z.string({ message: 'Jira version must be text' }),
  })
  .strict();

export const VersionMappingInput = z.object({
  connectionId: id,
  /** Every tool version counted for a Jira version of another name; those left under their own name are not listed. */
  mapping: z.array(VersionMappingEntryInput).max(VERSION_MAPPING_MAX, `A connection may map at most ${VERSION_MAPPING_MAX} tool versions`),
});
export type VersionMappingInput = z.infer<typeof VersionMappingInput>;

export const SyncNowInput = z.object({ connectionId: id, dryRun: z.boolean().default(false) });

export const RunRef = z.object({ runId: id });

/** Items that failed to sync: `sourceKeys` names them; absent means every failed item of the connection. */
export const FailedItemsInput = z.object({
  connectionId: id,
  sourceKeys: z.array(z.string().min(1).max(400)).min(1, 'Choose at least one item').max(500, 'Choose at most 500 items').optional(),
});

// ---- answers ----

export interface MappingView {
  connectionId: string;
  externalProjectId: string;
  externalProjectName: string;
  jiraProjectKey: string;
  issueType: string;
  schedule: Schedule;
  syncRuns: boolean;
  syncRequirementLinks: boolean;
  onDeletedInJira: OnDeletedInJira;
}

/** A connection's settings that are not secret (a client id identifies, it does not authenticate). */
export interface ConnectionSettings {
  region?: XrayRegion;
  clientId?: string;
  sameSite?: boolean;
  requestsPer5Minutes?: number;
  projectKey?: string;
  orgCode?: string;
  /** Bugs created from failed runs are linked to those runs in the tool. */
  writeDefects?: boolean;
}

export interface ConnectionView {
  id: string;
  tool: Tool;
  name: string;
  /** The tool's URL (for Xray, the region's API host). */
  baseUrl: string;
  settings: ConnectionSettings;
  enabled: boolean;
  /** True when a secret is stored; the secret itself never leaves the backend. */
  hasSecret: boolean;
  expiresOn?: string;
  /** Days until expiresOn (negative once lapsed), when an expiry is set. */
  expiresInDays?: number;
  mappings: MappingView[];
  lastRun?: RunSummary;
  /** What the connection's row says about it: healthy, or the latest failure's cause and fix. */
  health?: ConnectionHealth;
  /** When a scheduled sync is next due (may be in the past: the next scheduler tick, within five minutes). */
  nextSync?: NextSync;
  /** Items that failed to reach Jira, by state. */
  failedCounts?: FailedItemsView['counts'];
  /** The latest connection check (on save or "Test connection"). */
  lastCheck?: ConnectionTestResult & { at: string };
}

export interface ConnectionHealth {
  status: 'ok' | 'new' | 'warning' | 'failing' | 'disabled' | 'disconnected';
  /** A few words: "Healthy", "Last sync failed", "Check failed"… */
  label: string;
  /** What went wrong, when something did. */
  cause?: string;
  /** What to do about it. */
  fix?: string;
  /** When it was seen. */
  at?: string;
}

export interface NextSync {
  at?: string;
  /** Why there is none, or how it is scheduled ("Manual only", "Disabled", "No project mapped"). */
  note?: string;
}

export interface JiraProjectView {
  key: string;
  name: string;
  issueTypes: string[];
}

export interface RunError {
  /** The external item, e.g. `TC-12`, or absent for a run-level error. */
  item?: string;
  message: string;
}

export interface RunSummary {
  runId: string;
  connectionId: string;
  trigger: 'schedule' | 'manual';
  dryRun: boolean;
  state: 'queued' | 'running' | 'succeeded' | 'failed' | 'partial' | 'cancelled';
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  /** What the run did; for a dry run, what a sync would do. */
  counts: { created: number; updated: number; unchanged: number; linked: number; failed: number };
  /** For dry runs: the first items of each kind that would be done (the counts hold the totals). */
  planned?: { create: string[]; update: string[]; link: string[] };
  errors: RunError[];
  warnings: string[];
  /** When the run waited for a service's rate limit or budget, and why. */
  waits?: { at: string; seconds: number; reason: string }[];
  /** Set while an admin's cancel is being carried out. */
  cancelRequested?: boolean;
  /** While the run is queued or running: the phase it is in. */
  phase?: RunPhase;
  /** While the run is queued or running: which of its mappings it is syncing (1-based) and how many it has. */
  progress?: { mapping: number; mappings: number };
}

/**
 * An item that failed to reach Jira. `retrying` items are tried again by the next syncs (from
 * `nextAttemptAt`); after a budget of attempts they are `parked` until an admin retries them; `skipped`
 * items are left alone until the item changes in the tool.
 */
export interface FailedItemView {
  sourceKey: string;
  /** The tool's id of the item, e.g. `TC-12`. */
  displayId: string;
  name?: string;
  /** The Jira issue, when one exists. */
  issueKey?: string;
  /** What went wrong, in words an admin can act on. */
  cause: string;
  /** What to do about it. */
  fix: string;
  attempts: number;
  firstFailedAt: string;
  lastFailedAt: string;
  nextAttemptAt?: string;
  state: 'retrying' | 'parked' | 'skipped';
  /** The item in its tool, when known. */
  toolUrl?: string;
}

export interface FailedItemsView {
  connectionId: string;
  items: FailedItemView[];
  counts: { retrying: number; parked: number; skipped: number };
  /** True when there are more failed items than listed. */
  truncated: boolean;
}

export interface AdminOverview {
  connections: ConnectionView[];
  jiraProjects: JiraProjectView[];
  history: RunSummary[];
}

export interface ConnectionTestResult {
  ok: boolean;
  cause: ConnectionCause;
  message: string;
  fix?: string;
}

export interface StatusMappingRow {
  /** The tool's status name, as the tool spells it. */
  name: string;
  /** The canonical status it counts as; absent when unmapped (its runs count as NOT_RUN, with a warning). */
  mappedTo?: CanonicalStatus;
  /** Where the mapping comes from: TestSync's defaults for the tool, or the admin. */
  source: 'default' | 'admin' | 'unmapped';
  /** Whether the tool's status catalogue lists it (else it was only seen in synced runs or set by the admin). */
  inCatalogue: boolean;
}

export interface StatusMappingView {
  connectionId: string;
  tool: Tool;
  rows: StatusMappingRow[];
  /** What is wrong with the effective mapping (e.g. nothing maps to SKIP); empty when it is fine. */
  problems: string[];
  /** Set when the tool's catalogue could not be read; the rows then come from defaults and saved entries. */
  catalogueError?: string;
}

export interface VersionMappingRow {
  /** The version as the tool names it. */
  toolVersion: string;
  /** The Jira version its runs count for: the admin's choice, else its own name. */
  jiraVersion: string;
  source: 'admin' | 'sameName';
  /** Met in the connection's synced results; false for a version only the saved mapping names. */
  seen: boolean;
  /** Whether a mapped Jira project has a version of that name (else its runs count for no fix version). */
  inJira: boolean;
}

/** A version of the connection's mapped Jira projects, by name (one entry for the same name in several projects). */
export interface JiraVersionOption {
  name: string;
  projects: string[];
  released: boolean;
  archived: boolean;
}

export interface VersionMappingView {
  connectionId: string;
  tool: Tool;
  rows: VersionMappingRow[];
  /** The Jira projects the connection's projects are mapped to, whose versions are offered. */
  jiraProjects: string[];
  jiraVersions: JiraVersionOption[];
  /** Set when the versions of some mapped Jira project could not be read. */
  jiraError?: string;
  /** Set when the saved mapping could not be read: the rows then show every version under its own name, and saving replaces it. */
  storedError?: string;
}

export interface ExternalProjectsResult {
  projects: { id: string; name: string }[];
}

// ---- admin page: save with a check, delete, history, run details, dry-run plans ----

export const RUN_STATES = ['queued', 'running', 'succeeded', 'failed', 'partial', 'cancelled'] as const;
export type RunState = (typeof RUN_STATES)[number];

/** Where a run is: failed items due again, then per mapping cases, runs and deletions, then re-map, results and coverage. */
export const RUN_PHASES = ['retry', 'cases', 'runs', 'deletions', 'remap', 'flush', 'coverage', 'done'] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

/** `saveConnectionChecked`: the connection is checked with what was entered before it is stored. */
export const SaveConnectionInput = z.object({
  connection: ConnectionInput,
  /** Store the settings even though the check failed (the admin said so). */
  keepIfCheckFails: z.boolean().default(false),
});
export type SaveConnectionPayload = { connection: ConnectionPayload; keepIfCheckFails?: boolean };

/** Saved (with the check's outcome), or not saved because the check failed (with its cause and fix). */
export type SaveConnectionAnswer =
  | { saved: true; connection: ConnectionView; check: ConnectionTestResult }
  | { saved: false; check: ConnectionTestResult };

/** What "Delete" removed; the Jira issues it synced stay. */
export interface DeleteConnectionAnswer {
  deleted: true;
  removed: { mappings: number; failedItems: number; runs: number };
}

export const HISTORY_TRIGGERS = ['schedule', 'manual', 'dryRun'] as const;
export const HISTORY_SORT_KEYS = ['started', 'duration', 'created', 'updated', 'linked', 'failed'] as const;
export type HistorySortKey = (typeof HISTORY_SORT_KEYS)[number];

export const HistoryQuery = z.object({
  connectionId: id.optional(),
  state: z.enum(RUN_STATES, { message: `State must be one of ${RUN_STATES.join(', ')}` }).optional(),
  /** `dryRun` picks dry runs; `manual` and `schedule` pick syncs started that way. */
  trigger: z.enum(HISTORY_TRIGGERS, { message: 'Trigger must be one of schedule, manual, dryRun' }).optional(),
  sortKey: z.enum(HISTORY_SORT_KEYS).default('started'),
  sortOrder: z.enum(['ASC', 'DESC']).default('DESC'),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});
export type HistoryQuery = z.input<typeof HistoryQuery>;

/** One run in the history table (its errors, warnings and waits are counted; the run's details list them). */
export interface HistoryRow {
  runId: string;
  connectionId: string;
  trigger: RunSummary['trigger'];
  dryRun: boolean;
  state: RunState;
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  counts: RunSummary['counts'];
  errorCount: number;
  warningCount: number;
  waitCount: number;
  /** The run-level error, when it failed. */
  cause?: string;
  phase?: RunPhase;
  cancelRequested?: boolean;
}

/** How long the history keeps runs. */
export interface HistoryRetention {
  /** Each connection's runs are kept this many days back from its latest run… */
  days: number;
  /** …and at most this many per connection… */
  perConnection: number;
  /** …of which at most this many runs that changed nothing. */
  quietKept: number;
}

export interface HistoryPage {
  rows: HistoryRow[];
  /** Runs that match the filter, on every page. */
  total: number;
  page: number;
  pageSize: number;
  retention: HistoryRetention;
}

export const RunsRef = z.object({ runIds: z.array(id).min(1, 'Name at least one run').max(50, 'Name at most 50 runs') });

export const PLAN_KINDS = ['create', 'update', 'link'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

export const PlanPageInput = z.object({
  runId: id,
  kind: z.enum(PLAN_KINDS, { message: 'Kind must be one of create, update, link' }),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(50),
});

/** A page of what a dry run would do, in the order it was planned. */
export interface PlanPage {
  runId: string;
  kind: PlanKind;
  /** Items of this kind in the whole plan. */
  total: number;
  offset: number;
  /** `item` is absent for an item the plan could not keep (its write was lost). */
  items: { position: number; item?: string }[];
}

/** What a run did: the run, its connection, and the items it left under Failed items. */
export interface RunDetailsView {
  run: RunSummary;
  connection?: { id: string; name: string; tool: Tool };
  /** Items whose last failure was in this run (parked or retrying), with links to Jira and the tool. */
  failedItems: FailedItemView[];
}

// ---- issue panel ----

export interface PanelRun {
  /** The run's id in its tool (`<run>` or `<run>:<execution>`): what a bug created from it names. */
  runId?: string;
  status: CanonicalStatus;
  rawStatus: string;
  executedAt?: string;
  version?: string;
  cycle?: string;
  environment?: string;
  /** Jira issues the tool links to the run as its defects, those the viewer may see (keys). */
  defects?: string[];
}

export interface PanelTest {
  issueKey?: string;
  tool: Tool;
  displayId: string;
  name: string;
  status: CanonicalStatus;
  lastRunAt?: string;
  cycle?: string;
  url: string;
  /** The case was deleted in its tool; the issue is kept. */
  deletedInSource?: boolean;
  /** The panel's rows: the environment of the run shown, the tool's own status name, and the flaky flag. */
  environment?: string;
  rawStatus?: string;
  flaky?: boolean;
}

/** Rows the panel asks for at a time ("Show more"): about a screenful. */
export const PANEL_PAGE_SIZE = 20;
/** Rows `getPanel` and `refresh` answer when the caller names no limit (the panel always names one). */
export const PANEL_DEFAULT_ROWS = 50;
/** At most this many rows in one answer (a refresh keeps the rows the viewer had loaded, up to this). */
export const PANEL_MAX_ROWS = 500;

/**
 * What the panel's list shows. `status` keeps the tests whose shown result has that status; `cycle` and
 * `environment` show each test by its latest run in that cycle / environment (tests without one are left out).
 */
export const PanelFilterInput = z.object({
  status: z.enum(CANONICAL_STATUS_VALUES).optional(),
  tool: z.enum(['xray', 'qtest', 'qmetry']).optional(),
  cycle: z.string().min(1).max(300).optional(),
  environment: z.string().min(1).max(300).optional(),
  /** Every covering test by its result in this version (a test with no run there shows as not run). */
  version: z.string().min(1).max(300).optional(),
});
export type PanelFilter = z.infer<typeof PanelFilterInput>;

/**
 * `getPanel` / `refresh`: which rows of the list to answer with. Without a filter, a story opens in its fix version
 * when its tests ran in it (else by the latest results); `filter: {}` asks for the latest results.
 */
export const PanelInput = z
  .object({ filter: PanelFilterInput.optional(), limit: z.number().int().min(1).max(PANEL_MAX_ROWS).default(PANEL_DEFAULT_ROWS) })
  .default({ limit: PANEL_DEFAULT_ROWS });

/** `getTests`: a page of a story's covering tests. */
export const PanelTestsInput = z.object({
  filter: PanelFilterInput.default({}),
  offset: z.number().int().min(0).max(1_000_000).default(0),
  limit: z.number().int().min(1).max(PANEL_MAX_ROWS).default(PANEL_PAGE_SIZE),
});

/** A page of the covering tests, in the panel's order: failing first, then blocked, in progress, not run, skipped, passed. */
export interface PanelTestsPage {
  tests: PanelTest[];
  /** Tests that match the filter, on every page. */
  total: number;
  /** Of those, how many have each status (the list's group headings). */
  byStatus: Record<CanonicalStatus, number>;
  offset: number;
  /** Where the next page starts, when there is one. */
  nextOffset?: number;
  /** The requirement's readiness in the filter's version / environment (see src/domain/readiness.ts). */
  readiness?: PanelReadiness;
}

/** A requirement's readiness in one context, with how it was counted. */
export interface PanelReadiness {
  status: Readiness;
  label: string;
  /** The covering tests the viewer may see, counted by their result in this context. */
  total: number;
  byStatus: Record<CanonicalStatus, number>;
  version?: string;
  environment?: string;
  /** Keys of its open defects: they block it whatever its tests say. */
  openDefects?: string[];
  /**
   * Its defects the viewer may browse, each once, open or done: those linked to it in Jira and those the tools link to
   * the latest run in this context of a covering test the viewer may see; absent when none.
   */
  defects?: RequirementDefect[];
  how: string;
}

/** The values the list can be filtered by, each with how many visible tests have it. */
export interface PanelFacets {
  tools: { tool: Tool; count: number }[];
  /** Cycles and environments of the tests' recent runs, most recently run first. */
  cycles: { name: string; count: number }[];
  environments: { name: string; count: number }[];
  /** Versions the tests ran in, most recently run first. */
  versions: { name: string; count: number }[];
}

/** How current the results are, from the latest syncs of the connections the shown tests come from. */
export interface PanelSync {
  /** When a sync of those connections last succeeded (absent when none is in the recent history). */
  lastSyncedAt?: string;
  /** Connections whose latest sync failed: their results may be out of date. */
  failed: {
    connection: string;
    tool: Tool;
    failedAt: string;
    /** When that connection's results were last brought up to date, when known. */
    lastSucceededAt?: string;
    /** What a tester can do about it, in words (e.g. "Ask a Jira admin to reconnect qTest (demo)."). */
    action: string;
  }[];
  /** A sync of one of those connections is running now. */
  running: boolean;
}

// ---- issue panel: bugs from failed tests ----

/** A bug created from a failed test, as the panel lists it: its summary and status as Jira has them now. */
export interface PanelBug {
  issueId: string;
  key: string;
  summary: string;
  status: string;
  /** Jira's status category key (`new`, `indeterminate`, `done`): the lozenge's tone. */
  statusCategory?: string;
  /** The test it was created from. */
  testIssueKey: string;
  createdAt: string;
}

/** Bugs at most listed on a panel (a test keeps at most BUGS_PER_TEST records; see src/defects/records.ts). */
export const PANEL_BUGS_MAX = 50;

export interface PanelBugs {
  /** Newest first: the test's bugs, or on a story the bugs of the tests the viewer may see. */
  items: PanelBug[];
  /**
   * Projects (keys) of the shown tests in which the viewer may create and link issues: "Create bug" shows on a failed
   * test of these projects only.
   */
  createIn: string[];
  /** Set when the bugs could not be read now: why (the tests are shown all the same). */
  problem?: string;
}

const issueKeyInput = z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/, 'must be an issue key such as SHOP-12');
/** The id of a run in the test's history (`<run>` or `<run>:<execution>`). */
const runIdInput = z.string().trim().min(1).max(200);

/** `bugDraft`: what Jira's create dialog opens with, for a failed run of a test (the panel's issue, or a story's test). */
export const BugDraftInput = z.object({ testIssueKey: issueKeyInput.optional(), runId: runIdInput.optional() });

/** `recordBug`: the issue Jira's create dialog answered, to link to the test and its requirements and record. */
export const RecordBugInput = z.object({
  bugIssueId: z.string().regex(/^\d{1,18}$/, 'must be the id of the created issue'),
  testIssueKey: issueKeyInput.optional(),
  runId: runIdInput.optional(),
});

/** What `CreateIssueModal` of @forge/jira-bridge is opened with: the test's project's Bug type, a summary and an ADF description. */
export interface BugDraft {
  context: { projectId: string; issueTypeId: string; summary: string; description: unknown };
  projectKey: string;
  issueTypeName: string;
  /** The run it describes, when the test ran. */
  runId?: string;
  /**
   * Why the failing step is not in the draft although the tool may have one: "The failing step could not be read from
   * qTest: <cause>". Absent when it was read, or the tool has no step results to read.
   */
  stepNote?: string;
}

export interface RecordBugAnswer {
  bug: PanelBug;
  /** Issues the bug is linked to: the test, then the requirements it covers that the user may see. */
  linkedTo: string[];
  /** The bug had been recorded before: nothing new was written. */
  alreadyRecorded: boolean;
  /** The bugs of the panel's issue now (the test's, or the story's). */
  bugs: PanelBug[];
  /**
   * The bug written to its run in the test's tool (src/defects/tool-push.ts): absent when the test's connection does
   * not write defects; `failed` says why, and recording the bug again retries.
   */
  toolPush?: { state: 'pushed' | 'failed'; tool: Tool; linkedTo?: string; cause?: string; fix?: string };
}

// ---- admin page: the link between a bug and its test and requirements ----

export const BUG_SIDES = ['outward', 'inward'] as const;
export type BugSide = (typeof BUG_SIDES)[number];

/** Which issue link type links a bug to its test and requirements, and which of its descriptions the bug takes. */
export const BugLinkSettingInput = z.object({
  linkType: z.string().trim().min(1, 'Link type is required').max(255),
  bugSide: z.enum(BUG_SIDES, { message: 'Bug side must be outward or inward' }),
});
export type BugLinkSetting = z.infer<typeof BugLinkSettingInput>;

export interface BugLinkOption extends BugLinkSetting {
  /** e.g. "Bug blocks the test and its requirements". */
  label: string;
}

export interface BugLinkSettingView {
  current: BugLinkOption;
  /** True while no admin has chosen (the default is used). */
  isDefault: boolean;
  /** Each link type of the site, once per description (a symmetric type once). */
  options: BugLinkOption[];
}

export type PanelView =
  | { kind: 'not-configured' }
  /** Connections are set up but no sync has finished yet. */
  | { kind: 'never-synced'; issueKey: string; connections: { name: string; tool: Tool }[]; sync: PanelSync }
  /** Synced, and no synced test covers this issue. */
  | { kind: 'empty'; issueKey: string; sync: PanelSync }
  | {
      kind: 'requirement';
      issueKey: string;
      /** The first rows of the list (for `filter`); `page` says how many there are in all. */
      tests: PanelTest[];
      page: Omit<PanelTestsPage, 'tests'>;
      filter: PanelFilter;
      /** Covering tests not listed because the viewer may not browse them. */
      hidden: number;
      /** The story's fix versions (the version picker offers them first). */
      fixVersions: string[];
      /** Every test the viewer may see, by its latest result (never filtered). */
      coverage: { total: number; byStatus: Record<CanonicalStatus, number>; computedAt: string; how: string };
      facets: PanelFacets;
      sync: PanelSync;
      bugs: PanelBugs;
    }
  | {
      kind: 'test';
      issueKey: string;
      test: PanelTest;
      steps: { index: number; action: string; data?: string; expected: string }[];
      runs: PanelRun[];
      flaky: boolean;
      covers: string[];
      sync: PanelSync;
      bugs: PanelBugs;
    };

export type ApiError = { error: { code: string; message: string } };

// ---- admin page: audit log ----

/** What an admin did, as the audit log records it. */
export const AUDIT_ACTIONS = [
  'connection.added',
  'connection.edited',
  'connection.secretReplaced',
  'connection.disconnected',
  'connection.deleted',
  'mapping.added',
  'mapping.changed',
  'mapping.deleted',
  'statusMapping.changed',
  'versionMapping.changed',
  'sync.started',
  'dryRun.started',
  'sync.cancelled',
  'failedItems.retried',
  'failedItems.skipped',
  'bugLinkType.changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Entries a page of the audit log holds. */
export const AUDIT_PAGE_SIZE = 20;

export const AuditQuery = z.object({
  connectionId: id.optional(),
  page: z.number().int().min(1).max(100_000).default(1),
});
export type AuditQuery = z.input<typeof AuditQuery>;

/** One field an action changed: old → new for settings, or only a note (a secret is never shown, only "secret replaced"). */
export interface AuditChange {
  field: string;
  from?: string;
  to?: string;
  note?: string;
}

export interface AuditRow {
  /** The entry's number in the log (newest highest). */
  seq: number;
  at: string;
  accountId: string;
  /** The admin's Jira display name, or the account id when Jira does not know it. */
  who: string;
  action: AuditAction;
  /** The action in words, e.g. "Mapping changed". */
  what: string;
  connectionId: string;
  /** The connection's name when the change was made. */
  connectionName: string;
  /** What inside the connection it concerned (a mapped project, a run). */
  subject?: string;
  changes: AuditChange[];
  detail?: string;
}

/** How long the audit log keeps entries. */
export interface AuditRetention {
  /** Every entry of the last this many days is kept… */
  days: number;
  /** …and the newest this many whatever their age… */
  newest: number;
  /** …and never more than this many in all (the oldest go first). */
  max: number;
}

export interface AuditPage {
  rows: AuditRow[];
  /** Entries in the log (of the connection, when filtered). */
  total: number;
  page: number;
  pageSize: number;
  /** Entries on this page that could not be read (damaged) and are left out. */
  unreadable: number;
  retention: AuditRetention;
}

// ---- admin page: settings export and import ----

/** The name and version of a settings file; a file of another format or version is refused. */
export const CONFIG_FORMAT = 'testsync-settings';
export const CONFIG_FORMAT_VERSION = 1;
/** The longest settings file an import reads (characters). */
export const CONFIG_MAX_CHARS = 1_000_000;

/** `exportConfig`: the Jira site the page is shown on (from the module context), written into the file. */
export const ConfigExportInput = z.object({ siteUrl: z.string().trim().max(300).optional() });

/** `previewConfigImport` / `importConfig`: the file's text, exactly as chosen (its JSON is read by the backend). */
export const ConfigImportInput = z.object({
  text: z.string().max(CONFIG_MAX_CHARS, `The file is longer than ${CONFIG_MAX_CHARS.toLocaleString('en')} characters; a settings file is far smaller.`),
  fileName: z.string().max(300).optional(),
});

/** An exported settings file, ready to download. It never holds a secret. */
export interface ConfigExport {
  fileName: string;
  /** The JSON document. */
  text: string;
  counts: { connections: number; mappings: number; statusMappings: number };
  /** Connections not in the file, and why (a disconnected connection has no settings to export). */
  leftOut: { name: string; reason: string }[];
}

export type ConfigProblemCode =
  | 'TOO_LARGE'
  | 'NOT_JSON'
  | 'FORMAT'
  | 'VERSION'
  | 'SCHEMA'
  | 'DUPLICATE_IN_FILE'
  | 'STATUS_MAPPING'
  | 'VERSION_MAPPING'
  | 'ALREADY_IMPORTED'
  | 'CONNECTION_EXISTS'
  | 'NAME_EXISTS'
  | 'JIRA_PROJECT'
  | 'ISSUE_TYPE'
  | 'MAPPING_CONFLICT';

/** One reason a settings file cannot be imported, with where in the file (a JSON path such as `$.connections[0].name`). */
export interface ConfigProblem {
  code: ConfigProblemCode;
  path: string;
  message: string;
  /** The connection it concerns, by its name in the file. */
  connection?: string;
}

/** Where a settings file comes from, as it says. */
export interface ConfigSource {
  site: string;
  exportedAt: string;
  appVersion: string;
  formatVersion: number;
}

/** What an import would create: each connection (without its secret) with its mappings and status mapping. */
export interface ConfigImportPreview {
  source: ConfigSource;
  connections: {
    id: string;
    tool: Tool;
    name: string;
    /** The tool's site URL, or for Xray its region and client ID. */
    target: string;
    /** What the tool calls the secret the admin enters after the import. */
    secretLabel: string;
    /** Whether it was enabled where it was exported (it is imported disabled until its secret is entered). */
    enabledAtSource: boolean;
    mappings: MappingView[];
    /** Tool statuses the admin mapped differently from TestSync's defaults. */
    statusMapping: { name: string; status: CanonicalStatus }[];
    /** Tool versions counted for a Jira version of another name. */
    versionMapping: { toolVersion: string; jiraVersion: string }[];
  }[];
  /** Connections the exporting site left out of the file, and why. */
  leftOut: { name: string; reason: string }[];
  counts: { connections: number; mappings: number; statusMappings: number };
}

/** `previewConfigImport`: every problem (nothing can be imported), or what would be created. */
export type ConfigImportCheck = { ok: false; problems: ConfigProblem[]; source?: ConfigSource } | { ok: true; preview: ConfigImportPreview };

/** One write of an import. */
export interface ConfigImportStep {
  kind: 'connection' | 'mapping' | 'statusMapping' | 'versionMapping';
  connectionId: string;
  connectionName: string;
  /** For a mapping: "<external project> → <Jira project>". */
  subject?: string;
}

/**
 * `importConfig`: refused with every problem (nothing written), or imported — completely, or up to a write that
 * failed, in which case `written` and `notWritten` say exactly what is on the site and what is not.
 */
export type ConfigImportResult =
  | { imported: false; problems: ConfigProblem[] }
  | {
      imported: true;
      complete: boolean;
      written: ConfigImportStep[];
      /** The write that failed (or was not started for lack of time), with why. */
      failed?: ConfigImportStep & { message: string };
      notWritten: ConfigImportStep[];
      /** The connections created, each waiting for its secret. */
      connections: { id: string; name: string; tool: Tool; secretLabel: string }[];
    };
