/** The opaque read cursors of the connectors: JSON in base64url, shaped and checked by each connector. */
import { ConnectorError } from './types';

export function packCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/**
 * Unpacks a cursor and hands its JSON to `read`, which throws when the shape is not its own; any failure
 * becomes UNEXPECTED_RESPONSE naming the service.
 */
export function unpackCursor<T>(cursor: string, service: string, read: (json: any) => T): T {
  try {
    return read(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch (error) {
    throw new ConnectorError('UNEXPECTED_RESPONSE', `The ${service} read cursor is not one this connector issued`, {}, { cause: error });
  }
}
