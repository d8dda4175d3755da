/**
 * Turns an error met while syncing an item into words an admin can act on: what went wrong and what to do.
 */
import { ConnectorError } from '../connectors/types';
import { StoredRecordError } from '../config/store';
import { JiraError } from '../jira/client';

export interface FailureText {
  cause: string;
  fix: string;
}

/** Raised for conditions the sync itself detects (ownership, an unconfirmed create). */
export class SyncItemError extends Error {
  constructor(
    message: string,
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SyncItemError';
  }
}

const JIRA_FIXES: Record<number, string> = {
  400: 'Check that the mapped Jira project has the issue type and the fields the sync sets (summary, description, labels) on its create and edit screens.',
  401: "Reinstall or re-consent the app on this site: Jira did not accept the app's credentials.",
  403: 'Give the app permission to create and edit issues in the mapped Jira project (project permissions: Browse, Create, Edit, Link).',
  404: 'The issue was deleted or moved out of reach; the mapping decides whether it is created again.',
  409: 'Another change was being made to the issue at the same time; the next sync tries again.',
  413: 'The item is too large for Jira even after shortening; shorten it in the tool.',
  429: 'Jira is rate limiting the app; the next sync tries again.',
};

export function describeFailure(e: unknown): FailureText {
  if (e instanceof SyncItemError) return { cause: e.message, fix: e.fix };
  if (e instanceof JiraError) {
    const fix = JIRA_FIXES[e.status] ?? (e.status >= 500 ? 'Jira had a server error; the next sync tries again.' : 'Check the item in its tool and in Jira.');
    return { cause: e.message, fix };
  }
  if (e instanceof ConnectorError) return { cause: e.message, fix: 'Check the connection on the TestSync admin page (Test connection names the cause).' };
  if (e instanceof StoredRecordError) return { cause: e.message, fix: 'The stored record is set aside; retry the item to write it again from its tool.' };
  const message = e instanceof Error ? e.message : String(e);
  return { cause: message, fix: 'Retry the item; if it keeps failing, contact support with the run id.' };
}
