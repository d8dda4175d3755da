/**
 * One entry of the audit log of admin changes: who (the Atlassian account id), when, which connection, what
 * was done and which fields changed. Values are the non-secret settings only; a secret appears only as the
 * note "secret replaced".
 */
import { z } from 'zod';
import { AUDIT_ACTIONS, type AuditAction, type AuditRetention } from '../resolvers/contract';

/** Entries of the last 90 days and the newest 2,000 are kept; never more than 10,000 (the oldest go first). */
export const AUDIT_RETENTION: AuditRetention = { days: 90, newest: 2000, max: 10_000 };

export const SECRET_REPLACED = 'secret replaced';

const text = (max: number) => z.string().max(max);

export const AuditChangeRecord = z.object({
  field: text(100),
  from: text(300).optional(),
  to: text(300).optional(),
  note: text(100).optional(),
});
export type AuditChangeRecord = z.infer<typeof AuditChangeRecord>;

export const AuditEntry = z.object({
  v: z.literal(1),
  /** Position in the whole log, from 0. */
  seq: z.number().int().min(0),
  /** Position in the connection's own log, from 0. */
  connSeq: z.number().int().min(0),
  at: z.iso.datetime(),
  accountId: text(128).min(1),
  action: z.enum(AUDIT_ACTIONS),
  connectionId: text(100).min(1),
  connectionName: text(200),
  subject: text(300).optional(),
  changes: z.array(AuditChangeRecord).max(60).default([]),
  detail: text(1000).optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** What a caller says about a change; the store numbers it. */
export type AuditInput = Omit<AuditEntry, 'v' | 'seq' | 'connSeq' | 'changes' | 'at'> & { changes?: AuditChangeRecord[]; at?: string };

const WHAT: Record<AuditAction, string> = {
  'connection.added': 'Connection added',
  'connection.edited': 'Connection edited',
  'connection.secretReplaced': 'Secret replaced',
  'connection.disconnected': 'Connection disconnected',
  'connection.deleted': 'Connection deleted',
  'mapping.added': 'Mapping added',
  'mapping.changed': 'Mapping changed',
  'mapping.deleted': 'Mapping deleted',
  'statusMapping.changed': 'Status mapping changed',
  'versionMapping.changed': 'Version mapping changed',
  'sync.started': 'Sync started',
  'dryRun.started': 'Dry run started',
  'sync.cancelled': 'Sync cancelled',
  'failedItems.retried': 'Failed items retried',
  'failedItems.skipped': 'Failed items skipped',
  'bugLinkType.changed': 'Bug link type changed',
};

/** Where entries about the site's own settings (not a connection's) are filed. */
export const SITE_SETTINGS = { connectionId: 'site', connectionName: 'Site settings' } as const;

export function auditWhat(action: AuditAction): string {
  return WHAT[action];
}

/** Cuts a value to what an entry may hold. */
export function clip(value: string, max = 300): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}
