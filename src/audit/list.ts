/**
 * The admin page's audit log: a page of entries, newest first, optionally of one connection, with each
 * admin's Jira display name (the account id when Jira does not know it).
 */
import { AUDIT_PAGE_SIZE, AuditQuery, type AuditPage, type AuditRow } from '../resolvers/contract';
import { AUDIT_RETENTION, auditWhat } from './entry';
import { readAuditPage } from './store';
import { displayNames } from './users';

export async function listAudit(raw: unknown): Promise<AuditPage> {
  const q = AuditQuery.parse(raw ?? {});
  const { entries, total, page, unreadable } = await readAuditPage({ connectionId: q.connectionId, page: q.page, pageSize: AUDIT_PAGE_SIZE });
  const names = await displayNames(entries.map((e) => e.accountId));
  const rows: AuditRow[] = entries.map((e) => ({
    seq: e.seq,
    at: e.at,
    accountId: e.accountId,
    who: names.get(e.accountId) ?? e.accountId,
    action: e.action,
    what: auditWhat(e.action),
    connectionId: e.connectionId,
    connectionName: e.connectionName,
    ...(e.subject ? { subject: e.subject } : {}),
    changes: e.changes,
    ...(e.detail ? { detail: e.detail } : {}),
  }));
  return { rows, total, page, pageSize: AUDIT_PAGE_SIZE, unreadable, retention: { ...AUDIT_RETENTION } };
}
