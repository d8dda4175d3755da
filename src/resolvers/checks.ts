/**
 * Connection checks: run against a connection as stored or as the admin is about to save it, and the latest
 * outcome kept per connection so its row can say what failed and how to fix it. With "Write defects to <tool>" on,
 * the check also asks whether the credential may write defects to the mapped projects (the visible ones before any is
 * mapped): a credential that may only read fails the check, saying so.
 */
import { fetch as forgeFetch } from '@forge/api';
import { z } from 'zod';
import { secretLabelOf, type ConnectionRecord, type ConnectionSecret } from '../config/connections';
import { listMappings } from '../config/mappings';
import { storedRequestBudgets } from '../config/request-budgets';
import { createConnector } from '../connectors/registry';
import { CONNECTION_CAUSES, ConnectorError, type FetchLike } from '../connectors/types';
import { kv } from '../platform/kv';
import { log } from '../platform/log';
import type { ConnectionTestResult } from './contract';

const CheckRecord = z.object({
  ok: z.boolean(),
  cause: z.enum(CONNECTION_CAUSES),
  message: z.string(),
  fix: z.string().optional(),
  at: z.string(),
});
export type CheckRecord = z.infer<typeof CheckRecord>;

const key = (connectionId: string) => `conncheck:${connectionId}`;

/** Checks the connection with the secret given (the stored one, or one just entered). Never throws. */
export async function runCheck(connection: ConnectionRecord, secret: ConnectionSecret | undefined): Promise<ConnectionTestResult> {
  const label = secretLabelOf(connection);
  if (!secret) return { ok: false, cause: 'INVALID_CREDENTIALS', message: `No ${label} is stored for this connection.`, fix: `Edit the connection and enter the ${label}.` };
  try {
    const connector = createConnector(connection, secret, forgeFetch as unknown as FetchLike, { budgetStore: storedRequestBudgets });
    const check = await connector.checkConnection();
    if (check.ok && connection.settings.writeDefects) {
      const mapped = (await listMappings(connection.id)).map((m) => m.externalProjectId);
      const writes = await connector.checkDefectWrites(mapped.length ? mapped : (check.projects ?? []).map((p) => p.id));
      const message = `${check.message} ${writes.message}`;
      return { ok: writes.ok, cause: writes.cause, message, ...(writes.fix ? { fix: writes.fix } : {}) };
    }
    return { ok: check.ok, cause: check.cause, message: check.message, ...(check.fix ? { fix: check.fix } : {}) };
  } catch (e) {
    if (e instanceof ConnectorError) return { ok: false, cause: e.code, message: e.message, fix: 'Check the settings entered, then save again.' };
    log.warn('connection-check-failed', { connection: connection.id }, e);
    return {
      ok: false,
      cause: 'UNEXPECTED_RESPONSE',
      message: `The check could not be completed: ${e instanceof Error ? e.message : String(e)}`,
      fix: 'Try again; if it keeps failing, look for this connection in the app logs.',
    };
  }
}

export async function recordCheck(connectionId: string, result: ConnectionTestResult, now: Date): Promise<void> {
  await kv().set(key(connectionId), CheckRecord.parse({ ...result, at: now.toISOString() }));
}

/** The latest check of each connection that has one. */
export async function lastChecks(connectionIds: string[]): Promise<Map<string, CheckRecord>> {
  const stored = await kv().getMany(connectionIds.map(key));
  const out = new Map<string, CheckRecord>();
  for (const id of connectionIds) {
    const parsed = CheckRecord.safeParse(stored.get(key(id)));
    if (parsed.success) out.set(id, parsed.data);
  }
  return out;
}

export function deleteCheck(connectionId: string): Promise<void> {
  return kv().delete(key(connectionId));
}
