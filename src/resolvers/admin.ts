/**
 * The admin page's backend: connections, project mappings, connection checks, sync now, cancel, history
 * and the items that failed to sync. Every function checks that the caller is a Jira administrator.
 */
import Resolver from '@forge/resolver';
import { fetch as forgeFetch } from '@forge/api';
import { randomUUID } from 'node:crypto';
import * as connections from '../config/connections';
import { SECRET_LABELS, type ConnectionRecord } from '../config/connections';
import { TOOL_LABELS } from '../domain/model';
import * as mappings from '../config/mappings';
import { createConnector } from '../connectors/registry';
import { storedRequestBudgets } from '../config/request-budgets';
import type { FetchLike } from '../connectors/types';
import { listProjects } from '../jira/issues';
import { RunBusyError, startRun } from '../sync/engine';
import { getRun, listRuns, toSummary } from '../sync/run-store';
import { cancelRun as cancelSyncRun } from '../sync/run-control';
import { listFailures, retryFailures, skipFailures } from '../sync/failures';
import { deleteCheckpoint } from '../sync/checkpoints';
import {
  ConnectionRef,
  FailedItemsInput,
  MappingInput,
  MappingRef,
  ConnectionInput,
  RunRef,
  SyncNowInput,
  type AdminOverview,
  type ConnectionTestResult,
  type ConnectionView,
  type ExternalProjectsResult,
  type FailedItemsView,
  type RunSummary,
} from './contract';
import { connectionView, mappingView, sameToolSite } from './connection-views';
import { getStatusMapping, saveStatusMapping } from './status-mapping';
import { ApiFailure, handled, requireJiraAdmin } from './guard';

const appFetch = () => forgeFetch as unknown as FetchLike;

async function loadConnection(connectionId: string) {
  const c = await connections.getConnection(connectionId);
  if (!c) throw new ApiFailure('NOT_FOUND', `There is no connection ${connectionId}.`);
  return c;
}

async function connectorFor(connectionId: string) {
  const c = await loadConnection(connectionId);
  if (!c.connected) throw new ApiFailure('CONFLICT', `${c.name} is disconnected: enter its settings and ${SECRET_LABELS[c.tool]} again.`);
  const secret = await connections.getSecret(c.id);
  return { connection: c, secret, connector: secret ? createConnector(c, secret, appFetch(), { budgetStore: storedRequestBudgets }) : undefined };
}

async function viewOf(id: string): Promise<ConnectionView> {
  const c = await loadConnection(id);
  const runs = await listRuns(50);
  return connectionView(c, !!(await connections.getSecret(id)), await mappings.listMappings(id), runs.find((r) => r.connectionId === id), new Date());
}

export async function overview(): Promise<AdminOverview> {
  const [conns, runs, projects] = await Promise.all([connections.listConnections(), listRuns(20), listProjects()]);
  const now = new Date();
  const views: ConnectionView[] = [];
  for (const c of conns) {
    views.push(connectionView(c, !!(await connections.getSecret(c.id)), await mappings.listMappings(c.id), runs.find((r) => r.connectionId === c.id), now));
  }
  return {
    connections: views,
    jiraProjects: projects.map((p) => ({ key: p.key, name: p.name, issueTypes: p.issueTypes })),
    history: runs.map(toSummary),
  };
}

function secretOf(input: ConnectionInput): string | undefined {
  const value = input.tool === 'qtest' ? input.apiToken : input.tool === 'xray' ? input.clientSecret : input.apiKey;
  return value?.trim() || undefined;
}

/** The tool's URL and non-secret settings, from what the admin entered. */
function toolSettings(input: ConnectionInput): { baseUrl: string; settings: ConnectionRecord['settings'] } {
  switch (input.tool) {
    case 'qtest':
      return { baseUrl: input.baseUrl.replace(/\/$/, ''), settings: {} };
    case 'xray':
      return {
        baseUrl: input.region === 'global' ? 'https://xray.cloud.getxray.app' : `https://${input.region}.xray.cloud.getxray.app`,
        settings: { region: input.region, clientId: input.clientId, sameSite: input.sameSite, requestsPer5Minutes: input.requestsPer5Minutes },
      };
    case 'qmetry':
      return {
        baseUrl: input.baseUrl.replace(/\/$/, ''),
        settings: { projectKey: input.projectKey, ...(input.orgCode ? { orgCode: input.orgCode } : {}) },
      };
  }
}

export async function saveConnection(raw: unknown): Promise<ConnectionView> {
  const input = ConnectionInput.parse(raw);
  const now = new Date().toISOString();
  const existing = input.id ? await loadConnection(input.id) : undefined;
  if (existing && existing.tool !== input.tool) {
    throw new ApiFailure('INVALID_INPUT', `${existing.name} is a ${TOOL_LABELS[existing.tool]} connection; it cannot become a ${TOOL_LABELS[input.tool]} one.`);
  }
  const id = existing?.id ?? `${input.tool}-${randomUUID().slice(0, 8)}`;
  const secret = secretOf(input);
  const hasStored = existing?.connected ? !!(await connections.getSecret(id)) : false;
  if (!secret && !hasStored) throw new ApiFailure('INVALID_INPUT', `${SECRET_LABELS[input.tool]} is required.`);
  if (secret) await connections.setSecret(id, { apiToken: secret });
  await connections.saveConnection({
    id,
    tool: input.tool,
    name: input.name,
    ...toolSettings(input),
    enabled: input.enabled,
    ...(input.expiresOn ? { expiresOn: input.expiresOn } : {}),
    connected: true,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  });
  return viewOf(id);
}

export async function testConnection(raw: unknown): Promise<ConnectionTestResult> {
  const { connectionId } = ConnectionRef.parse(raw);
  const { connection, connector } = await connectorFor(connectionId);
  if (!connector) {
    const label = SECRET_LABELS[connection.tool];
    return { ok: false, cause: 'INVALID_CREDENTIALS', message: `No ${label} is stored for this connection.`, fix: `Edit the connection and enter the ${label}.` };
  }
  const check = await connector.checkConnection();
  return { ok: check.ok, cause: check.cause, message: check.message, ...(check.fix ? { fix: check.fix } : {}) };
}

/** Removes the credential and settings; keeps the mappings and every Jira issue. */
export async function disconnect(raw: unknown): Promise<ConnectionView> {
  const { connectionId } = ConnectionRef.parse(raw);
  const c = await loadConnection(connectionId);
  await connections.deleteSecret(c.id);
  await connections.saveConnection({ ...c, baseUrl: '', settings: {}, enabled: false, connected: false, expiresOn: undefined, updatedAt: new Date().toISOString() });
  return viewOf(c.id);
}

export async function listExternalProjects(raw: unknown): Promise<ExternalProjectsResult> {
  const { connectionId } = ConnectionRef.parse(raw);
  const { connection, connector } = await connectorFor(connectionId);
  if (!connector) throw new ApiFailure('CONFLICT', `Enter the ${SECRET_LABELS[connection.tool]} before choosing projects.`);
  const projects = await connector.listProjects();
  return { projects: projects.filter((p) => !p.archived).map((p) => ({ id: p.id, name: p.name })) };
}

/** What each tool's projects are called, as the mapping form labels them. */
const PROJECT_NOUN: Record<ConnectionRecord['tool'], string> = { qtest: 'qTest project', xray: 'Xray project', qmetry: 'QMetry project' };

/**
 * Refuses an external project that another connection to the same tool site already syncs: both would
 * create an issue for every test case.
 */
async function refuseDuplicateMapping(connection: ConnectionRecord, input: MappingInput): Promise<void> {
  for (const other of await connections.listConnections()) {
    if (other.id === connection.id || !sameToolSite(connection, other)) continue;
    const taken = await mappings.getMapping(other.id, input.externalProjectId);
    if (!taken) continue;
    const project = taken.externalProjectName || input.externalProjectName || input.externalProjectId;
    throw new ApiFailure(
      'CONFLICT',
      `${PROJECT_NOUN[connection.tool]} "${project}" is already synced by connection "${other.name}" into Jira project ${taken.jiraProjectKey}; ` +
        'a second connection would create a second issue for every test case.',
    );
  }
}

export async function saveMapping(raw: unknown) {
  const input = MappingInput.parse(raw);
  const connection = await loadConnection(input.connectionId);
  await refuseDuplicateMapping(connection, input);
  const project = (await listProjects()).find((p) => p.key === input.jiraProjectKey);
  if (!project) throw new ApiFailure('INVALID_INPUT', `Jira project ${input.jiraProjectKey} does not exist or the app cannot see it.`);
  if (!project.issueTypes.includes(input.issueType)) {
    throw new ApiFailure('INVALID_INPUT', `Jira project ${project.key} has no issue type "${input.issueType}"; choose one of ${project.issueTypes.join(', ')}.`);
  }
  const existing = await mappings.getMapping(input.connectionId, input.externalProjectId);
  const now = new Date().toISOString();
  const record = { ...input, createdAt: existing?.createdAt ?? now, updatedAt: now };
  await mappings.saveMapping(record);
  return mappingView(record);
}

export async function deleteMapping(raw: unknown) {
  const { connectionId, externalProjectId } = MappingRef.parse(raw);
  if (!(await mappings.getMapping(connectionId, externalProjectId))) throw new ApiFailure('NOT_FOUND', 'That mapping does not exist.');
  await mappings.deleteMapping(connectionId, externalProjectId);
  await deleteCheckpoint(connectionId, externalProjectId);
  return { deleted: true };
}

export async function syncNow(raw: unknown): Promise<RunSummary> {
  const { connectionId, dryRun } = SyncNowInput.parse(raw);
  const c = await loadConnection(connectionId);
  if (!c.connected) throw new ApiFailure('CONFLICT', `${c.name} is disconnected: enter its settings again to sync.`);
  if (!c.enabled) throw new ApiFailure('CONFLICT', `${c.name} is disabled: enable it to sync.`);
  if ((await mappings.listMappings(connectionId)).length === 0) throw new ApiFailure('CONFLICT', `Map a ${c.name} project to a Jira project before syncing.`);
  return toSummary(await startRun(connectionId, 'manual', dryRun));
}

export async function listFailedItems(raw: unknown): Promise<FailedItemsView> {
  const { connectionId } = ConnectionRef.parse(raw);
  await loadConnection(connectionId);
  return listFailures(connectionId);
}

/**
 * What "Retry" did: how many items are back in the queue, and the sync that retries them: one started now
 * (`started`), or the connection's sync already under way (which retries them if it has not passed its retry
 * step yet; the next sync does otherwise).
 */
export interface RetryAnswer {
  retried: number;
  run?: RunSummary;
  started?: boolean;
}

/** Puts failed items (all of them when none are named) back in the queue, due now with a fresh budget of attempts, and syncs. */
export async function retryFailedItems(raw: unknown): Promise<RetryAnswer> {
  const { connectionId, sourceKeys } = FailedItemsInput.parse(raw);
  const c = await loadConnection(connectionId);
  const retried = await retryFailures(connectionId, sourceKeys, new Date());
  if (retried === 0 || !c.enabled || !c.connected || (await mappings.listMappings(connectionId)).length === 0) return { retried };
  try {
    return { retried, run: toSummary(await startRun(connectionId, 'manual', false)), started: true };
  } catch (e) {
    if (!(e instanceof RunBusyError)) throw e;
    const active = await getRun(e.heldBy);
    return { retried, ...(active ? { run: toSummary(active) } : {}), started: false };
  }
}

export async function skipFailedItems(raw: unknown): Promise<{ skipped: number }> {
  const { connectionId, sourceKeys } = FailedItemsInput.parse(raw);
  if (!sourceKeys) throw new ApiFailure('INVALID_INPUT', 'Choose the items to skip.');
  await loadConnection(connectionId);
  return { skipped: await skipFailures(connectionId, sourceKeys) };
}

/** Why a run cannot be cancelled, by its state. */
const NOT_ACTIVE: Record<string, string> = {
  succeeded: 'This sync has already finished; there is nothing to cancel.',
  partial: 'This sync has already finished (with errors); there is nothing to cancel.',
  failed: 'This sync has already stopped (it failed); there is nothing to cancel.',
  cancelled: 'This sync was already cancelled.',
};

export async function cancelRun(raw: unknown): Promise<RunSummary> {
  const { runId } = RunRef.parse(raw);
  const known = await getRun(runId);
  if (!known) throw new ApiFailure('NOT_FOUND', 'That sync is not in the history any more.');
  const { outcome, run } = await cancelSyncRun(runId, new Date());
  if (outcome === 'not-active' || !run) {
    const state = run?.state ?? (await getRun(runId))?.state ?? known.state;
    throw new ApiFailure('CONFLICT', NOT_ACTIVE[state] ?? 'This sync is not queued or running; there is nothing to cancel.');
  }
  return toSummary(run);
}

const adminOnly = <R>(fn: (payload: unknown) => Promise<R>) =>
  handled(async (payload: unknown, accountId: string | undefined) => {
    await requireJiraAdmin(accountId);
    return fn(payload);
  });

const resolver = new Resolver();
resolver.define('getOverview', adminOnly(() => overview()));
resolver.define('saveConnection', adminOnly(saveConnection));
resolver.define('testConnection', adminOnly(testConnection));
resolver.define('disconnect', adminOnly(disconnect));
resolver.define('listExternalProjects', adminOnly(listExternalProjects));
resolver.define('saveMapping', adminOnly(saveMapping));
resolver.define('deleteMapping', adminOnly(deleteMapping));
resolver.define('syncNow', adminOnly(syncNow));
resolver.define('listFailedItems', adminOnly(listFailedItems));
resolver.define('retryFailedItems', adminOnly(retryFailedItems));
resolver.define('skipFailedItems', adminOnly(skipFailedItems));
resolver.define('cancelRun', adminOnly(cancelRun));
resolver.define('getStatusMapping', adminOnly((p) => getStatusMapping(p, connectorFor)));
resolver.define('saveStatusMapping', adminOnly((p) => saveStatusMapping(p, connectorFor)));

export const adminHandler = resolver.getDefinitions();
