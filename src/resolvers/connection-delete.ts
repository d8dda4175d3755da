/**
 * Deleting a connection: its record, secret and settings, its mappings and their checkpoints and schedule, its
 * status and version mappings, failed items, pending work and its sync history go. What it synced into Jira stays: the
 * issues (with their results, links and remote links) and the app's record of which issue each test case
 * became, so the issue panel keeps showing them and no issue is ever adopted by mistake.
 */
import * as connections from '../config/connections';
import * as mappings from '../config/mappings';
import { versionMappingKeys } from '../config/version-mappings';
import { kv } from '../platform/kv';
import { safeKeyPart } from '../sync/keys';
import { activeRunOf } from '../sync/lock';
import { deleteHistoryOf, getRun, isFinished } from '../sync/run-store';
import { deletePrefix } from '../config/store';
import { deleteCheck } from './checks';
import { ConnectionRef, type DeleteConnectionAnswer } from './contract';
import { ApiFailure } from './guard';

export async function deleteConnection(raw: unknown): Promise<DeleteConnectionAnswer> {
  const { connectionId } = ConnectionRef.parse(raw);
  const c = await connections.getConnection(connectionId);
  if (!c) throw new ApiFailure('NOT_FOUND', `There is no connection ${connectionId}.`);
  const activeId = await activeRunOf(c.id);
  const active = activeId ? await getRun(activeId) : undefined;
  if (active && !isFinished(active)) {
    throw new ApiFailure('CONFLICT', `A sync of ${c.name} is under way: cancel it or wait for it to end, then delete the connection.`);
  }
  const mapped = (await mappings.listMappings(c.id)).length;
  // The connection goes first, so no sync can start while the rest is removed.
  await connections.deleteConnection(c.id);
  const safe = safeKeyPart(c.id);
  const owned = { tool: `${c.tool}:${c.id}:`, conn: `${c.id}:` };
  const failedItems = await deletePrefix(`failure:${safe}:`);
  for (const prefix of [
    `mapping:${owned.conn}`,
    `checkpoint:${owned.conn}`,
    `scheduled:${owned.conn}`,
    `dirty:${safe}:`,
    `pending:${safe}:`,
    `covstale:${safe}:`,
    `page:${owned.tool}`,
    `unreadable:${owned.tool}`,
  ]) {
    await deletePrefix(prefix);
  }
  await kv().deleteMany([`statusmap:${c.id}`, ...versionMappingKeys(c.id), `remap:${c.id}`, `active:${c.id}`]);
  await deleteCheck(c.id);
  const runs = await deleteHistoryOf(c.id);
  return { deleted: true, removed: { mappings: mapped, failedItems, runs } };
}
