/** The admin page's audit log. */
import { z } from 'zod';
import { id } from './fields';

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
