/**
 * Failures of a supporting request that only adds to what a read gives (a run's version from a release list, names from
 * a tree): the read goes on without what that request would have given, and says so as an unreadable record. What fails
 * every request alike (credentials, rate limits, egress) is not one of them: it ends the read as any request's would.
 */
import { ConnectorError } from './types';

const SKIPPABLE = new Set<string>(['UNEXPECTED_RESPONSE', 'MISSING_PERMISSION', 'PROJECT_NOT_FOUND', 'WRONG_REGION_OR_URL', 'NETWORK']);

export const skippableLookupFailure = (e: unknown): e is ConnectorError => e instanceof ConnectorError && SKIPPABLE.has(e.code);
