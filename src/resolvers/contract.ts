/**
 * What the Custom UI apps and the resolvers say to each other: payload schemas (validated in the resolvers)
 * and answer types (imported by the UI as types only). Nothing here may carry a secret to the browser.
 */
import { z } from 'zod';
import { CANONICAL_STATUSES, type CanonicalStatus, type Tool } from '../domain/model';
import type { ConnectionCause } from '../connectors/types';

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

export interface ExternalProjectsResult {
  projects: { id: string; name: string }[];
}

// ---- issue panel ----

export interface PanelRun {
  status: CanonicalStatus;
  rawStatus: string;
  executedAt?: string;
  cycle?: string;
  environment?: string;
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
}

export type PanelView =
  | { kind: 'not-configured' }
  | { kind: 'empty'; issueKey: string }
  | {
      kind: 'requirement';
      issueKey: string;
      tests: PanelTest[];
      /** Covering tests not listed because the viewer may not browse them. */
      hidden: number;
      coverage: { total: number; byStatus: Record<CanonicalStatus, number>; computedAt: string; how: string };
    }
  | {
      kind: 'test';
      issueKey: string;
      test: PanelTest;
      steps: { index: number; action: string; data?: string; expected: string }[];
      runs: PanelRun[];
      flaky: boolean;
      covers: string[];
    };

export type ApiError = { error: { code: string; message: string } };
