/**
 * What the panel says when a call fails: words for a tester (never an error code), and whether "Try again" can
 * help (a permission, a throttle or a connection an admin must fix does not get better by retrying now).
 */
import { toDisplayError } from '../../shared/bridge';

export interface PanelError {
  message: string;
  /** Trying again right away can help. */
  retry: boolean;
  /** The underlying message for support, when the words above replace it. */
  details?: string;
}

/** Codes whose message is written for the viewer and retrying now does not help. */
const FINAL = new Set(['NOT_FOUND', 'FORBIDDEN', 'INVALID_INPUT', 'CONFLICT', 'RECONNECT']);
/** Codes whose message is written for the viewer and retrying later can help. */
const TRANSIENT = new Set(['TOOL_BUSY', 'TOOL_UNAVAILABLE', 'SYNC_FAILED']);

export function describeError(e: unknown): PanelError {
  const { code, message } = toDisplayError(e);
  if (FINAL.has(code)) return { message, retry: false };
  if (TRANSIENT.has(code)) return { message, retry: true };
  if (code === 'INVOKE_FAILED') {
    return { message: 'TestSync could not be reached. Check your connection, then try again.', retry: true, details: message };
  }
  if (code === 'JIRA_ERROR') {
    return { message: 'Jira did not answer as expected. Try again in a minute.', retry: true, details: message };
  }
  return {
    message: 'Something went wrong in TestSync. Try again; if it keeps happening, ask a Jira admin to look at TestSync’s logs.',
    retry: true,
    details: message,
  };
}
