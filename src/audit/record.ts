/**
 * Records admin changes in the audit log around the admin resolver's functions: what a setting was before is
 * read first, the change is made, and only a change that succeeded is recorded, with the caller's account
 * id. Recording never fails or undoes the change: a failure to write the entry is logged and the admin's
 * answer stands.
 */
import * as connections from '../config/connections';
import { secretLabelOf, type ConnectionRecord } from '../config/connections';
import * as mappings from '../config/mappings';
import type { MappingRecord } from '../config/mappings';
import { getStatusOverrides } from '../config/status-mappings';
import { getVersionMapping, type VersionMappingEntry } from '../config/version-mappings';
import type { StatusMapping } from '../domain/status';
import { log } from '../platform/log';
import { loadFailures } from '../sync/failures';
import {
  ConnectionInput,
  ConnectionRef,
  enteredSecretOf,
  FailedItemsInput,
  MappingRef,
  SaveConnectionInput,
  StatusMappingInput,
  VersionMappingInput,
  type BugLinkSettingView,
  type DeleteConnectionAnswer,
  type RunSummary,
} from '../resolvers/contract';
import { bugLinkSettingView } from '../defects/link-setting';
import { siteLinkTypes } from '../jira/bugs';
import { connectionChanges, mappingChanges, statusMappingChanges, versionMappingChanges } from './changes';
import { clip, SECRET_REPLACED, SITE_SETTINGS, type AuditChangeRecord, type AuditInput } from './entry';
import { appendAudit } from './store';

type Entry = Omit<AuditInput, 'accountId'>;

interface Audit<B, R> {
  /** What the change will be compared with; read before it is made. */
  before?: (payload: unknown) => Promise<B>;
  /** The entry for a change that succeeded, or none (refused, or nothing changed). */
  entry: (payload: unknown, before: B, result: R) => Promise<Entry | undefined>;
  /** A secret the admin entered, kept out of the entry whatever field it was typed into. */
  secretIn?: (payload: unknown) => string | undefined;
}

/** Wraps a resolver function so each successful change it makes is recorded for `accountId`. */
export function audited<B, R>(fn: (payload: unknown) => Promise<R>, audit: Audit<B, R>) {
  return async (payload: unknown, accountId?: string): Promise<R> => {
    let before: { value: B } | undefined;
    try {
      before = { value: audit.before ? await audit.before(payload) : (undefined as B) };
    } catch (e) {
      log.warn('audit-before-unreadable', { phase: 'audit' }, e);
    }
    const result = await fn(payload);
    if (!accountId || !before) {
      if (!before) log.error('audit-not-recorded', { phase: 'audit', reason: 'the setting could not be read before the change' });
      return result;
    }
    let connection: string | undefined;
    try {
      const entry = await audit.entry(payload, before.value, result);
      if (entry) {
        connection = entry.connectionId;
        await appendAudit(withoutSecret({ ...entry, accountId }, audit.secretIn?.(payload)));
      }
    } catch (e) {
      log.error('audit-write-failed', { phase: 'audit', ...(connection ? { connection } : {}) }, e);
    }
    return result;
  };
}

/** Replaces any value that contains the secret just entered (typed into a wrong field, say). */
function withoutSecret(entry: AuditInput, secret: string | undefined): AuditInput {
  if (!secret || secret.length < 4) return entry;
  const hide = (v: string | undefined) => (v !== undefined && v.includes(secret) ? '(hidden: contains the secret)' : v);
  const changes = entry.changes?.map((c) => ({ ...c, from: hide(c.from), to: hide(c.to) }));
  const drop = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return drop({ ...entry, connectionName: hide(entry.connectionName)!, subject: hide(entry.subject), detail: hide(entry.detail), changes: changes?.map(drop) });
}

const nameOf = async (connectionId: string) => (await connections.getConnection(connectionId))?.name ?? connectionId;
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

// ---- connections ----

/** The connection form's input, from `saveConnection`'s payload or `saveConnectionChecked`'s. */
function connectionInput(payload: unknown): ConnectionInput | undefined {
  const checked = SaveConnectionInput.safeParse(payload);
  if (checked.success) return checked.data.connection;
  const plain = ConnectionInput.safeParse(payload);
  return plain.success ? plain.data : undefined;
}

function enteredSecret(payload: unknown): string | undefined {
  const input = connectionInput(payload);
  return input ? enteredSecretOf(input) : undefined;
}

/** The id of the connection a save stored, or none when it stored nothing. */
function savedId(result: unknown): string | undefined {
  const r = result as { id?: unknown; saved?: unknown; connection?: { id?: unknown } };
  if (r?.saved === false) return undefined;
  const id = r?.connection?.id ?? r?.id;
  return typeof id === 'string' ? id : undefined;
}

/** `saveConnection` and `saveConnectionChecked`: added, edited, or only its secret replaced. */
export const connectionSaveAudit: Audit<ConnectionRecord | undefined, unknown> = {
  before: async (payload) => {
    const id = connectionInput(payload)?.id;
    return id ? connections.getConnection(id) : undefined;
  },
  entry: async (payload, before, result) => {
    const id = savedId(result);
    const after = id ? await connections.getConnection(id) : undefined;
    if (!after) return undefined;
    const base = { connectionId: after.id, connectionName: after.name };
    if (!before) return { ...base, action: 'connection.added', changes: connectionChanges(undefined, after) };
    const changes: AuditChangeRecord[] = connectionChanges(before, after);
    const secret = enteredSecret(payload) !== undefined;
    if (secret) changes.push({ field: secretLabelOf(after), note: SECRET_REPLACED });
    if (changes.length === 0) return undefined;
    return { ...base, action: secret && changes.length === 1 ? 'connection.secretReplaced' : 'connection.edited', changes };
  },
  secretIn: enteredSecret,
};

/** The connection a payload names, as it is before the change. */
async function connectionOf(payload: unknown): Promise<ConnectionRecord | undefined> {
  const ref = ConnectionRef.safeParse(payload);
  return ref.success ? connections.getConnection(ref.data.connectionId) : undefined;
}

export const disconnectAudit: Audit<ConnectionRecord | undefined, unknown> = {
  before: connectionOf,
  entry: async (_payload, before) => {
    if (!before) return undefined;
    const after = await connections.getConnection(before.id);
    return {
      connectionId: before.id,
      connectionName: before.name,
      action: 'connection.disconnected',
      changes: after ? connectionChanges(before, after) : [],
      detail: `${secretLabelOf(before)} and settings removed; mappings and Jira issues kept.`,
    };
  },
};

export const deleteConnectionAudit: Audit<ConnectionRecord | undefined, DeleteConnectionAnswer> = {
  before: connectionOf,
  entry: async (_payload, before, result) => {
    if (!before) return undefined;
    const { mappings: m, failedItems, runs } = result.removed;
    return {
      connectionId: before.id,
      connectionName: before.name,
      action: 'connection.deleted',
      detail: `Removed ${count(m, 'mapping')}, ${count(failedItems, 'failed item')} and ${count(runs, 'run')} of the history; its Jira issues stay.`,
    };
  },
};

// ---- mappings ----

const mappingRef = (payload: unknown) => MappingRef.safeParse(payload);
const subjectOf = (m: Pick<MappingRecord, 'externalProjectName' | 'externalProjectId'>) => clip(m.externalProjectName || m.externalProjectId);

export const mappingSaveAudit: Audit<MappingRecord | undefined, unknown> = {
  before: async (payload) => {
    const ref = mappingRef(payload);
    return ref.success ? mappings.getMapping(ref.data.connectionId, ref.data.externalProjectId) : undefined;
  },
  entry: async (payload, before) => {
    const { connectionId, externalProjectId } = MappingRef.parse(payload);
    const after = await mappings.getMapping(connectionId, externalProjectId);
    if (!after) return undefined;
    const changes = mappingChanges(before, after);
    if (before && changes.length === 0) return undefined;
    return { connectionId, connectionName: await nameOf(connectionId), action: before ? 'mapping.changed' : 'mapping.added', subject: subjectOf(after), changes };
  },
};

export const mappingDeleteAudit: Audit<MappingRecord | undefined, unknown> = {
  before: async (payload) => {
    const ref = mappingRef(payload);
    return ref.success ? mappings.getMapping(ref.data.connectionId, ref.data.externalProjectId) : undefined;
  },
  entry: async (_payload, before) =>
    before
      ? { connectionId: before.connectionId, connectionName: await nameOf(before.connectionId), action: 'mapping.deleted', subject: subjectOf(before), changes: mappingChanges(before, undefined) }
      : undefined,
};

export const statusMappingAudit: Audit<StatusMapping, unknown> = {
  before: async (payload) => {
    const input = StatusMappingInput.safeParse(payload);
    return input.success ? getStatusOverrides(input.data.connectionId) : {};
  },
  entry: async (payload, before) => {
    const { connectionId } = StatusMappingInput.parse(payload);
    const connection = await connections.getConnection(connectionId);
    if (!connection) return undefined;
    const changes = statusMappingChanges(connection.tool, before, await getStatusOverrides(connectionId));
    if (changes.length === 0) return undefined;
    return { connectionId, connectionName: connection.name, action: 'statusMapping.changed', changes };
  },
};

/** The saved mapping as it is before and after the change; one that cannot be read counts as empty. */
const savedVersionMapping = (connectionId: string): Promise<VersionMappingEntry[]> => getVersionMapping(connectionId).catch(() => []);

export const versionMappingAudit: Audit<VersionMappingEntry[], unknown> = {
  before: async (payload) => {
    const input = VersionMappingInput.safeParse(payload);
    return input.success ? savedVersionMapping(input.data.connectionId) : [];
  },
  entry: async (payload, before) => {
    const { connectionId } = VersionMappingInput.parse(payload);
    const connection = await connections.getConnection(connectionId);
    if (!connection) return undefined;
    const changes = versionMappingChanges(before, await savedVersionMapping(connectionId));
    if (changes.length === 0) return undefined;
    return { connectionId, connectionName: connection.name, action: 'versionMapping.changed', changes };
  },
};

// ---- syncs and failed items ----

const runWords = (run: RunSummary, start = true) => `${run.dryRun ? (start ? 'Dry run' : 'dry run') : start ? 'Sync' : 'sync'} ${run.runId}`;

export const syncNowAudit: Audit<undefined, RunSummary> = {
  entry: async (_payload, _before, run) => ({
    connectionId: run.connectionId,
    connectionName: await nameOf(run.connectionId),
    action: run.dryRun ? 'dryRun.started' : 'sync.started',
    detail: runWords(run),
  }),
};

export const cancelRunAudit: Audit<undefined, RunSummary> = {
  entry: async (_payload, _before, run) => ({
    connectionId: run.connectionId,
    connectionName: await nameOf(run.connectionId),
    action: 'sync.cancelled',
    detail: runWords(run),
  }),
};

/** Up to ten display ids of the items named, "and N more" after them. */
async function itemNames(payload: unknown): Promise<string | undefined> {
  const input = FailedItemsInput.safeParse(payload);
  if (!input.success || !input.data.sourceKeys) return undefined;
  const { connectionId, sourceKeys } = input.data;
  const found = await loadFailures(connectionId, sourceKeys.slice(0, 10));
  const names = sourceKeys.slice(0, 10).map((k) => found.get(k)?.displayId ?? k);
  return clip(`${names.join(', ')}${sourceKeys.length > 10 ? ` and ${sourceKeys.length - 10} more` : ''}`, 600);
}

export const retryAudit: Audit<string | undefined, { retried: number; run?: RunSummary; started?: boolean }> = {
  before: itemNames,
  entry: async (payload, names, answer) => {
    if (answer.retried === 0) return undefined;
    const { connectionId } = FailedItemsInput.parse(payload);
    const then = answer.started && answer.run ? `; ${runWords(answer.run, false)} started` : answer.run ? '; the sync under way retries them' : '; the next sync retries them';
    return {
      connectionId,
      connectionName: await nameOf(connectionId),
      action: 'failedItems.retried',
      detail: `${count(answer.retried, 'item')} put back in the queue${names ? ` (${names})` : ' (all failed items)'}${then}.`,
    };
  },
};

export const skipAudit: Audit<string | undefined, { skipped: number }> = {
  before: itemNames,
  entry: async (payload, names, answer) => {
    if (answer.skipped === 0) return undefined;
    const { connectionId } = FailedItemsInput.parse(payload);
    return {
      connectionId,
      connectionName: await nameOf(connectionId),
      action: 'failedItems.skipped',
      detail: `${count(answer.skipped, 'item')} skipped${names ? ` (${names})` : ''}.`,
    };
  },
};

// ---- site settings ----

/** The link type of bugs created from failed tests: filed under the site's settings, not a connection. */
export const bugLinkAudit: Audit<BugLinkSettingView | undefined, BugLinkSettingView> = {
  before: async (): Promise<BugLinkSettingView | undefined> => bugLinkSettingView(await siteLinkTypes()),
  entry: async (_payload, before, after) => {
    if (before && !before.isDefault && before.current.label === after.current.label) return undefined;
    return {
      ...SITE_SETTINGS,
      action: 'bugLinkType.changed',
      changes: [{ field: 'Bug link', ...(before ? { from: clip(before.current.label) } : {}), to: clip(after.current.label) }],
    };
  },
};
