/** Pieces of checkConnection the connectors share. */
import { safeCause } from './http';
import { ConnectorError, type ConnectionCheck } from './types';

/** A failed check's cause. */
export type FailureCause = Exclude<ConnectionCheck['cause'], 'OK'>;

/** The fix shown with each failure cause. */
export type CheckFixes = Record<FailureCause, string>;

/**
 * What a check caught, as a ConnectorError: anything else becomes UNEXPECTED_RESPONSE naming the service, with the
 * caught error (secrets redacted) as its cause. Callers redact the message.
 */
export function checkError(error: unknown, service: string, secrets: readonly string[] = []): ConnectorError {
  return error instanceof ConnectorError
    ? error
    : new ConnectorError(
        'UNEXPECTED_RESPONSE',
        `${service} check failed: ${error instanceof Error ? error.message : String(error)}`,
        {},
        { cause: safeCause(error, secrets) },
      );
}

/** `1 project`, `2 projects`. */
export function projectCount(n: number): string {
  return `${n} project${n === 1 ? '' : 's'}`;
}
