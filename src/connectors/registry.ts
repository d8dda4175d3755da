/**
 * Builds the connector for a stored connection. The fetch function is passed in: Forge's on the platform.
 */
import type { ConnectionRecord, ConnectionSecret } from '../config/connections';
import { createQmetryConnector } from './qmetry';
import { createQtestConnector } from './qtest';
import { createXrayConnector } from './xray';
import type { Connector, FetchLike } from './types';
import { ConnectorError } from './types';

export function createConnector(connection: ConnectionRecord, secret: ConnectionSecret, fetch: FetchLike): Connector {
  switch (connection.tool) {
    case 'qtest':
      return createQtestConnector({ baseUrl: connection.baseUrl, auth: { kind: 'token', token: secret.apiToken }, fetch });
    case 'xray':
      if (!connection.settings.clientId) throw new ConnectorError('INVALID_CREDENTIALS', 'No Xray client ID is set for this connection');
      return createXrayConnector({
        region: connection.settings.region ?? 'global',
        clientId: connection.settings.clientId,
        clientSecret: secret.apiToken,
        fetch,
        ...(connection.settings.requestsPer5Minutes ? { budget: { limit: connection.settings.requestsPer5Minutes, windowMs: 5 * 60_000 } } : {}),
      });
    case 'qmetry':
      if (!connection.settings.projectKey) throw new ConnectorError('PROJECT_NOT_FOUND', 'No QMetry project key is set for this connection');
      return createQmetryConnector({
        baseUrl: connection.baseUrl,
        apiKey: secret.apiToken,
        projectKey: connection.settings.projectKey,
        ...(connection.settings.orgCode ? { orgCode: connection.settings.orgCode } : {}),
        fetch,
      });
  }
}
