/** The admin resolver's functions, typed by the UI ↔ resolver contract. */
import type {
  AdminOverview,
  AuditPage,
  AuditQuery,
  ConfigExport,
  ConfigImportCheck,
  ConfigImportResult,
  ConnectionPayload,
  ConnectionTestResult,
  ConnectionView,
  DeleteConnectionAnswer,
  ExternalProjectsResult,
  FailedItemsView,
  HistoryPage,
  HistoryQuery,
  MappingInput,
  PlanKind,
  PlanPage,
  RunDetailsView,
  RunSummary,
  SaveConnectionAnswer,
  SaveConnectionPayload,
  StatusMappingInput,
  StatusMappingView,
  VersionMappingInput,
  VersionMappingView,
} from '../../../src/resolvers/contract';
import { call } from '../../shared/bridge';

/**
 * What "Retry" answers (as `retryFailedItems` in src/resolvers/admin.ts): how many items are back in the queue,
 * and the sync that retries them: started now, or one already under way.
 */
export interface RetryAnswer {
  retried: number;
  run?: RunSummary;
  started?: boolean;
}

export const adminApi = {
  getOverview: () => call<AdminOverview>('getOverview'),
  saveConnection: (input: ConnectionPayload) => call<ConnectionView>('saveConnection', input),
  /** Checks the connection with what was entered, and saves it when the check passes (or when kept anyway). */
  saveConnectionChecked: (input: SaveConnectionPayload) => call<SaveConnectionAnswer>('saveConnectionChecked', input as unknown as Record<string, unknown>),
  deleteConnection: (connectionId: string) => call<DeleteConnectionAnswer>('deleteConnection', { connectionId }),
  listHistory: (query: HistoryQuery) => call<HistoryPage>('listHistory', query as Record<string, unknown>),
  getRunDetails: (runId: string) => call<RunDetailsView>('getRunDetails', { runId }),
  getRuns: (runIds: string[]) => call<{ runs: RunSummary[] }>('getRuns', { runIds }),
  getPlanPage: (runId: string, kind: PlanKind, offset: number, limit: number) => call<PlanPage>('getPlanPage', { runId, kind, offset, limit }),
  testConnection: (connectionId: string) => call<ConnectionTestResult>('testConnection', { connectionId }),
  disconnect: (connectionId: string) => call<unknown>('disconnect', { connectionId }),
  listExternalProjects: (connectionId: string) =>
    call<ExternalProjectsResult>('listExternalProjects', { connectionId }),
  saveMapping: (input: MappingInput) => call<unknown>('saveMapping', input),
  deleteMapping: (connectionId: string, externalProjectId: string) =>
    call<unknown>('deleteMapping', { connectionId, externalProjectId }),
  syncNow: (connectionId: string, dryRun: boolean) => call<RunSummary>('syncNow', { connectionId, dryRun }),
  cancelRun: (runId: string) => call<RunSummary>('cancelRun', { runId }),
  listFailedItems: (connectionId: string) => call<FailedItemsView>('listFailedItems', { connectionId }),
  /** `sourceKeys` absent retries every failed item of the connection. */
  retryFailedItems: (connectionId: string, sourceKeys?: string[]) =>
    call<RetryAnswer>('retryFailedItems', sourceKeys ? { connectionId, sourceKeys } : { connectionId }),
  skipFailedItems: (connectionId: string, sourceKeys: string[]) => call<{ skipped: number }>('skipFailedItems', { connectionId, sourceKeys }),
  getStatusMapping: (connectionId: string) => call<StatusMappingView>('getStatusMapping', { connectionId }),
  saveStatusMapping: (input: StatusMappingInput) => call<StatusMappingView>('saveStatusMapping', input),
  getVersionMapping: (connectionId: string) => call<VersionMappingView>('getVersionMapping', { connectionId }),
  /** `mapping` lists the tool versions counted for a Jira version of another name; the rest keep their own name. */
  saveVersionMapping: (input: VersionMappingInput) => call<VersionMappingView>('saveVersionMapping', input),
  listAudit: (query: AuditQuery) => call<AuditPage>('listAudit', query as Record<string, unknown>),
  /** The settings file (connections without secrets, mappings, status mappings); `siteUrl` is written into it. */
  exportConfig: (siteUrl?: string) => call<ConfigExport>('exportConfig', siteUrl ? { siteUrl } : {}),
  /** Checks a settings file against this site: every problem, or what an import would create. Writes nothing. */
  previewConfigImport: (text: string, fileName?: string) => call<ConfigImportCheck>('previewConfigImport', { text, ...(fileName ? { fileName } : {}) }),
  /** Checks the file again and imports it: refused with its problems, or what was written (and what not). */
  importConfig: (text: string, fileName?: string) => call<ConfigImportResult>('importConfig', { text, ...(fileName ? { fileName } : {}) }),
};
