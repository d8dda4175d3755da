/**
 * Builds the connector for a stored connection. The fetch function is passed in: Forge's on the platform.
 */
import type { ConnectionRecord, ConnectionSecret } from '../config/connections';
import type { RequestBudgetStore } from './budget';
import { createQmetryConnector } from './qmetry';
import { createQtestConnector, type QtestAuthConfig } from './qtest';
import { createXrayConnector } from './xray';
import type { FetchLike, RunCache, ToolConnector } from './types';
import { ConnectorError } from './types';

export interface ConnectorOptions {
  /**
   * Where Xray's request budget (its rolling five-minute window) is kept across invocations; without it each
   * connector counts its own requests in memory.
   */
  budgetStore?: RequestBudgetStore;
  /** Where a sync run's lookups are kept across its invocations (a sync step passes one; checks and the panel do not). */
  runCache?: RunCache;
  /** When a sync step must be done: a longer wait for the tool ends the step instead (http.ts `deadline`). */
  deadline?: () => number | undefined;
}

/** The budget key of an Xray API key: Xray counts requests per API key, so connections sharing a key share it. */
export function xrayBudgetKey(clientId: string): string {
  return `xray-budget:${clientId.trim().replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100)}`;
}

/** How a qTest connection signs in: its stored secret is the password of a login, or an API token. */
function qtestAuthOf(connection: ConnectionRecord, secret: ConnectionSecret): QtestAuthConfig {
  if (connection.settings.qtestAuth !== 'password') return { kind: 'token', token: secret.apiToken };
  const username = connection.settings.username?.trim();
  if (!username) throw new ConnectorError('INVALID_CREDENTIALS', 'No qTest username is set for this connection');
  return { kind: 'password', username, password: secret.apiToken };
}

export function createConnector(
  connection: ConnectionRecord,
  secret: ConnectionSecret,
  fetch: FetchLike,
  options: ConnectorOptions = {},
): ToolConnector {
  const runCache = { ...(options.runCache ? { runCache: options.runCache } : {}), ...(options.deadline ? { deadline: options.deadline } : {}) };
  switch (connection.tool) {
    case 'qtest':
      return createQtestConnector({ baseUrl: connection.baseUrl, auth: qtestAuthOf(connection, secret), fetch, ...runCache });
    case 'xray':
      if (!connection.settings.clientId) throw new ConnectorError('INVALID_CREDENTIALS', 'No Xray client ID is set for this connection');
      return createXrayConnector({
        region: connection.settings.region ?? 'global',
        clientId: connection.settings.clientId,
        clientSecret: secret.apiToken,
        fetch,
        ...(connection.settings.sameSite !== undefined ? { sameSite: connection.settings.sameSite } : {}),
        ...runCache,
        ...(connection.settings.requestsPer5Minutes ? { budget: { limit: connection.settings.requestsPer5Minutes, windowMs: 5 * 60_000 } } : {}),
        ...(options.budgetStore
          ? { budgetStore: { store: options.budgetStore, key: xrayBudgetKey(connection.settings.clientId), service: 'Xray' } }
          : {}),
      });
    case 'qmetry':
      if (!connection.settings.projectKey) throw new ConnectorError('PROJECT_NOT_FOUND', 'No QMetry project key is set for this connection');
      return createQmetryConnector({
        baseUrl: connection.baseUrl,
        apiKey: secret.apiToken,
        projectKey: connection.settings.projectKey,
        ...(connection.settings.orgCode ? { orgCode: connection.settings.orgCode } : {}),
        fetch,
        ...runCache,
      });
  }
}
