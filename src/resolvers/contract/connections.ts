/** Connections and their mappings: what the admin page saves, and how it sees them. */
import { z } from 'zod';
import { CANONICAL_STATUSES, type CanonicalStatus, type Tool } from '../../domain/model';
import type { ConnectionCause } from '../../connectors/types';
import { id } from './fields';
import type { FailedItemsView, RunSummary } from './runs';

export const ON_DELETED_IN_JIRA = ['leave', 'recreate'] as const;
export type OnDeletedInJira = (typeof ON_DELETED_IN_JIRA)[number];

export const SCHEDULES = ['off', 'fiveMinute', 'hour', 'day'] as const;
export type Schedule = (typeof SCHEDULES)[number];

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

/** How a qTest connection signs in: a bearer API token, or a qTest username and password (POST /oauth/token). */
export const QTEST_AUTH_METHODS = ['token', 'password'] as const;
export type QtestAuthMethod = (typeof QTEST_AUTH_METHODS)[number];

/**
 * A qTest connection's fields, without the rule that ties them together (a settings file reuses them without the
 * secrets, which zod's `.omit` refuses on a refined object).
 */
export const QtestConnectionFields = z.object({
  ...connectionCommon,
  tool: z.literal('qtest'),
  baseUrl: z
    .string()
    .trim()
    .regex(/^https:\/\/[a-z0-9-]+\.qtestnet\.com\/?$/i, 'Site URL must look like https://<site>.qtestnet.com'),
  /** Absent means an API token, as every connection saved before logins were offered. */
  authMethod: z.enum(QTEST_AUTH_METHODS, { message: 'Sign in with must be token or password' }).default('token'),
  /** The qTest login (usually an e-mail address) a password connection signs in as; not a secret. */
  username: z.string().trim().max(200, 'Username is longer than 200 characters').optional(),
  /** Bearer API token. */
  apiToken: secretField('API token'),
  /** The password of `username`. */
  password: secretField('Password'),
});

/** A password login needs the username it signs in as. */
export function requireQtestUsername(value: { authMethod?: QtestAuthMethod; username?: string }, ctx: z.RefinementCtx): void {
  if (value.authMethod === 'password' && !value.username) {
    ctx.addIssue({ code: 'custom', path: ['username'], message: 'Username is required to sign in with a password' });
  }
}

export const QtestConnectionInput = QtestConnectionFields.superRefine(requireQtestUsername);
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

/** The secret entered for the way the connection signs in (a qTest login's password, else the tool's key). */
export function enteredSecretOf(input: ConnectionInput): string | undefined {
  const value =
    input.tool === 'qtest' ? (input.authMethod === 'password' ? input.password : input.apiToken) : input.tool === 'xray' ? input.clientSecret : input.apiKey;
  return value?.trim() || undefined;
}

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
    z.enum(CANONICAL_STATUSES, { message: `Canonical status must be one of ${CANONICAL_STATUSES.join(', ')}` }),
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
  /** qTest: how it signs in; absent means an API token. */
  qtestAuth?: QtestAuthMethod;
  /** qTest: the login a password connection signs in as. */
  username?: string;
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

// ---- save with a check, delete ----

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
