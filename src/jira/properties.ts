/**
 * Issue entity properties the app writes; the manifest indexes some of their fields for JQL.
 */
import { route } from '@forge/api';
import { jira } from './client';

/** On a synced test issue: identity, latest result, history, steps. Indexed: status, lastRunAt, tool, sourceKey. */
export const TEST_PROPERTY = 'testsync';
/** On a requirement issue: the tests covering it and counts. Indexed: total, failing, status. */
export const COVERAGE_PROPERTY = 'testsync-coverage';

/** Jira stores at most this many characters per property value. */
export const PROPERTY_MAX_CHARS = 32768;

export async function setIssueProperty(issueIdOrKey: string, key: string, value: unknown): Promise<void> {
  const size = JSON.stringify(value).length;
  if (size > PROPERTY_MAX_CHARS) {
    throw new Error(`Property ${key} of ${issueIdOrKey} is ${size} characters; Jira allows ${PROPERTY_MAX_CHARS}`);
  }
  await jira(route`/rest/api/3/issue/${issueIdOrKey}/properties/${key}`, { method: 'PUT', body: value });
}
