/**
 * An admin's status mapping per connection: the tool statuses they mapped differently from TestSync's
 * defaults. A change is flagged so the next sync re-counts the results already synced.
 */
import { kv } from '../platform/kv';
import { z } from 'zod';
import { CANONICAL_STATUSES, type Tool } from '../domain/model';
import { effectiveMapping, type StatusMapping } from '../domain/status';
import { getRecord, putRecord, storedRecord } from './store';

const Overrides = storedRecord('status mapping', z.record(z.string(), z.enum(CANONICAL_STATUSES)));
/** A damaged request to re-count is still a request: kept as one. */
const RemapFlag = storedRecord('re-count request', z.object({ since: z.string() }), {
  unreadable: 'set-aside',
  repair: () => ({ since: new Date(0).toISOString() }),
  consequence: { repaired: 'The results already synced are re-counted as asked.' },
});

const key = (connectionId: string) => `statusmap:${connectionId}`;
const remapKey = (connectionId: string) => `remap:${connectionId}`;

export async function getStatusOverrides(connectionId: string): Promise<StatusMapping> {
  return (await getRecord(key(connectionId), Overrides)) ?? {};
}

/** The mapping a sync uses for the connection: the tool's defaults with the admin's entries over them. */
export async function statusMappingOf(connection: { id: string; tool: Tool }): Promise<StatusMapping> {
  return effectiveMapping(connection.tool, await getStatusOverrides(connection.id));
}

/** Stores the admin's entries and asks the next sync to re-count what is already synced. */
export async function saveStatusOverrides(connectionId: string, overrides: StatusMapping, now: Date): Promise<void> {
  await putRecord(key(connectionId), Overrides, overrides);
  await requestRemap(connectionId, now);
}

/** Asks the next sync of the connection to re-count the results already synced (a mapping of it changed). */
export async function requestRemap(connectionId: string, now: Date): Promise<void> {
  await putRecord(remapKey(connectionId), RemapFlag, { since: now.toISOString() });
}

/** When the re-count still to do was asked for, or undefined when none is. */
export async function remapPending(connectionId: string): Promise<string | undefined> {
  return (await getRecord(remapKey(connectionId), RemapFlag))?.since;
}

/**
 * Marks the re-count asked for at `since` done. A mapping saved while it ran asked again (a later `since`): that
 * request stays, so the next sync re-counts with the new mapping.
 */
export async function clearRemap(connectionId: string, since: string): Promise<void> {
  if ((await getRecord(remapKey(connectionId), RemapFlag))?.since === since) await kv().delete(remapKey(connectionId));
}
