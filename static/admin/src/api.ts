/** The admin resolver's functions, typed by the UI ↔ resolver contract. */
import type {
  AdminOverview,
  ConnectionPayload,
  ConnectionTestResult,
  ConnectionView,
  ExternalProjectsResult,
  MappingInput,
  RunSummary,
  StatusMappingInput,
  StatusMappingView,
} from '../../../src/resolvers/contract';
import { call } from '../../shared/bridge';

export const adminApi = {
  getOverview: () => call<AdminOverview>('getOverview'),
  saveConnection: (input: ConnectionPayload) => call<ConnectionView>('saveConnection', input),
  testConnection: (connectionId: string) => call<ConnectionTestResult>('testConnection', { connectionId }),
  disconnect: (connectionId: string) => call<unknown>('disconnect', { connectionId }),
  listExternalProjects: (connectionId: string) =>
    call<ExternalProjectsResult>('listExternalProjects', { connectionId }),
  saveMapping: (input: MappingInput) => call<unknown>('saveMapping', input),
  deleteMapping: (connectionId: string, externalProjectId: string) =>
    call<unknown>('deleteMapping', { connectionId, externalProjectId }),
  syncNow: (connectionId: string, dryRun: boolean) => call<RunSummary>('syncNow', { connectionId, dryRun }),
  getStatusMapping: (connectionId: string) => call<StatusMappingView>('getStatusMapping', { connectionId }),
  saveStatusMapping: (input: StatusMappingInput) => call<StatusMappingView>('saveStatusMapping', input),
};
