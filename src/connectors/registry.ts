/**
 * Builds the connector for a stored connection. The fetch function is passed in: Forge's on the platform.
 */
import type { ConnectionRecord, ConnectionSecret } from '../config/connections';
import { createQtestConnector } from './qtest';
import type { Connector, FetchLike } from './types';
import { ConnectorError } from './types';

export function createConnector(connection: ConnectionRecord, secret: ConnectionSecret, fetch: FetchLike): Connector {
  switch (connection.tool) {
    case 'qtest':
      return createQtestConnector({ baseUrl: connection.baseUrl, auth: { kind: 'token', token: secret.apiToken }, fetch });
    default:
      throw new ConnectorError('UNEXPECTED_RESPONSE', `Connections to ${connection.tool} are not supported yet`);
  }
}
