/**
 * The admin page's backend: connections (saved after a check, deleted), project mappings, connection checks,
 * sync now, cancel, the history and each run's details, dry-run plans, the items that failed to sync, and the
 * status and version mappings.
 * Every function checks that the caller is a Jira administrator.
 */
import Resolver from '@forge/resolver';
import { fetch as forgeFetch } from '@forge/api';
import * as connections from '../config/connections';
import { secretLabelOf, type ConnectionRecord } from '../config/connections';
import * as mappings from '../config/mappings';
import { createConnector } from '../connectors/registry';
import { storedRequestBudgets } from '../config/request-budgets';
import type { FetchLike } from '../connectors/types';
import { listProjects } from '../jira/issues';
import { RunBusyError, startRun } from '../sync/engine';
import { getRun, listRuns, toSummary } from '../sync/run-store';
import { cancelRun as cancelSyncRun } from '../sync/run-control';
import { listFailures, loadFailures, retryFailures, skipFailures } from '../sync/failures';
import { deleteCheckpoint } from '../sync/checkpoints';
import {
  ConnectionRef,
  FailedItemsInput,
  MappingInput,
  MappingRef,
  RunRef,
  SyncNowInput,
  type AdminOverview,
  type ConnectionTestResult,
  type ConnectionView,
  type ExternalProjectsResult,
  type FailedItemsView,
  type RunSummary,
} from './contract';
import { mappingView, sameToolSite } from './connection-views';
import { connectionViewOf, connectionViews } from './connection-list';
import { recordCheck, runCheck } from './checks';
import { saveConnection, saveConnectionChecked } from './connection-save';
import { deleteConnection } from './connection-delete';
import { failedItemViews, getPlanPage, getRunDetails, getRuns, listHistory } from './history';
import { getStatusMapping, saveStatusMapping } from './status-mapping';
import { getVersionMapping, saveVersionMapping } from './version-mapping';
import { ApiFailure, handled, requireJiraAdmin } from './guard';
import { listAudit } from '../audit/list';
import * as audit from '../audit/record';
import { exportConfig, importConfig, previewConfigImport } from './config-transfer';
import { getBugLinkSetting, saveBugLink } from './bug-settings';

const appFetch = () => forgeFetch as unknown as FetchLike;

async function loadConnection(connectionId: string) {
  const c = await connections.getConnection(connectionId);
  if (!c) throw new ApiFailure('NOT_FOUND', `There is no connection ${connectionId}.`);
  return c;
}

async function connectorFor(connectionId: string) {
  const c = await loadConnection(connectionId);
  if (!c.connected) throw new ApiFailure('CONFLICT', `${c.name} is disconnected: enter its settings and ${secretLabelOf(c)} again.`);
  const secret = await connections.getSecret(c.id);
  return { connection: c, secret, connector: secret ? createConnector(c, secret, appFetch(), { budgetStore: storedRequestBudgets }) : undefined };
}

async function viewOf(id: string): Promise<ConnectionView> {
  await loadConnection(id);
  return (await connectionViewOf(id))!;
}

export async function overview(): Promise<AdminOverview> {
  const [conns, runs, projects] = await Promise.all([connections.listConnections(), listRuns(20), listProjects()]);
  const known = new Set(conns.map((c) => c.id));
  return {
    connections: await connectionViews(conns),
    jiraProjects: projects.map((p) => ({ key: p.key, name: p.name, issueTypes: p.issueTypes })),
    history: runs.filter((r) => known.has(r.connectionId)).map(toSummary),
  };
}

export async function testConnection(raw: unknown): Promise<ConnectionTestResult> {
  const { connectionId } = ConnectionRef.parse(raw);
  const { connection, secret } = await connectorFor(connectionId);
  const check = await runCheck(connection, secret);
  await recordCheck(connection.id, check, new Date());
  return check;
}

/** Removes the credential and settings; keeps the mappings and every Jira issue. */
export async function disconnect(raw: unknown): Promise<ConnectionView> {
  const { connectionId } = ConnectionRef.parse(raw);
  const c = await loadConnection(connectionId);
  await connections.deleteSecret(c.id);
  await connections.saveConnection({ ...c, baseUrl: '', settings: {}, enabled: false, connected: false, expiresOn: undefined, updatedAt: new Date().toISOString() });
  return viewOf(c.id);
}

export { saveConnection, saveConnectionChecked, deleteConnection, listHistory, getRunDetails, getRuns, getPlanPage };

export async function listExternalProjects(raw: unknown): Promise<ExternalProjectsResult> {
  const { connectionId } = ConnectionRef.parse(raw);
  const { connection, connector } = await connectorFor(connectionId);
  if (!connector) throw new ApiFailure('CONFLICT', `Enter the ${secretLabelOf(connection)} before choosing projects.`);
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
  const c = await loadConnection(connectionId);
  const view = await listFailures(connectionId);
  const records = await loadFailures(connectionId, view.items.map((i) => i.sourceKey));
  const withLinks = new Map((await failedItemViews(c, [...records.values()])).map((i) => [i.sourceKey, i]));
  return { ...view, items: view.items.map((i) => withLinks.get(i.sourceKey) ?? i) };
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

const adminOnly = <R>(fn: (payload: unknown, accountId?: string) => Promise<R>) =>
  handled(async (payload: unknown, accountId: string | undefined) => {
    await requireJiraAdmin(accountId);
    return fn(payload, accountId);
  });

const resolver = new Resolver();
resolver.define('getOverview', adminOnly(() => overview()));
resolver.define('saveConnection', adminOnly(audit.audited(saveConnection, audit.connectionSaveAudit)));
resolver.define('saveConnectionChecked', adminOnly(audit.audited(saveConnectionChecked, audit.connectionSaveAudit)));
resolver.define('deleteConnection', adminOnly(audit.audited(deleteConnection, audit.deleteConnectionAudit)));
resolver.define('listHistory', adminOnly(listHistory));
resolver.define('getRunDetails', adminOnly(getRunDetails));
resolver.define('getRuns', adminOnly(getRuns));
resolver.define('getPlanPage', adminOnly(getPlanPage));
resolver.define('testConnection', adminOnly(testConnection));
resolver.define('disconnect', adminOnly(audit.audited(disconnect, audit.disconnectAudit)));
resolver.define('listExternalProjects', adminOnly(listExternalProjects));
resolver.define('saveMapping', adminOnly(audit.audited(saveMapping, audit.mappingSaveAudit)));
resolver.define('deleteMapping', adminOnly(audit.audited(deleteMapping, audit.mappingDeleteAudit)));
resolver.define('syncNow', adminOnly(audit.audited(syncNow, audit.syncNowAudit)));
resolver.define('listFailedItems', adminOnly(listFailedItems));
resolver.define('retryFailedItems', adminOnly(audit.audited(retryFailedItems, audit.retryAudit)));
resolver.define('skipFailedItems', adminOnly(audit.audited(skipFailedItems, audit.skipAudit)));
resolver.define('cancelRun', adminOnly(audit.audited(cancelRun, audit.cancelRunAudit)));
resolver.define('getStatusMapping', adminOnly((p) => getStatusMapping(p, connectorFor)));
resolver.define('saveStatusMapping', adminOnly(audit.audited((p) => saveStatusMapping(p, connectorFor), audit.statusMappingAudit)));
resolver.define('getVersionMapping', adminOnly((p) => getVersionMapping(p, loadConnection)));
resolver.define('saveVersionMapping', adminOnly(audit.audited((p) => saveVersionMapping(p, loadConnection), audit.versionMappingAudit)));
resolver.define('listAudit', adminOnly(listAudit));
resolver.define('exportConfig', adminOnly((p) => exportConfig(p)));
resolver.define('previewConfigImport', adminOnly((p) => previewConfigImport(p)));
resolver.define('importConfig', adminOnly((p, accountId) => importConfig(p, saveMapping, accountId)));
resolver.define('getBugLinkSetting', adminOnly(() => getBugLinkSetting()));
resolver.define('saveBugLinkSetting', adminOnly((p, accountId) => audit.audited((q) => saveBugLink(q, accountId), audit.bugLinkAudit)(p, accountId)));

export const adminHandler = resolver.getDefinitions();
