/**
 * Xray Cloud's error answers, which come as text or as JSON (both are read):
 *
 * - `POST /api/v2/authenticate` documents its errors as `text/plain` (docs.getxray.app, XRAYCLOUD "Authentication -
 *   REST"): 400 "Wrong request syntax.", 401 "The Xray license is not valid.", 500 "An internal error occurred when
 *   authenticating the request."
 * - A key Xray does not know answers 401 with JSON `{"error": "Authentication failed. Invalid client credentials!"}`
 *   (as Xray answers in practice; not in the documentation).
 * - GraphQL answers `{"errors": [{ "message" }]}`.
 *
 * An invalid licence is not a wrong key: the key was never checked, so the admin must look at Xray's licence on the
 * Jira site, not at the Client ID and Secret.
 */
import { ConnectorError } from '../types';

/** `details.field` of the error for an invalid Xray licence; the connection check shows its own fix for it. */
export const LICENCE_FIELD = 'license';

const LICENCE = /licen[cs]e/i;

/** The message of an Xray error body, whether it is plain text, a JSON string or a JSON object; '' for none. */
export function xrayErrorText(body: string): string {
  const text = body.trim();
  if (!text || /^<(!doctype|html)/i.test(text)) return '';
  try {
    const j = JSON.parse(text) as unknown;
    if (typeof j === 'string') return j.slice(0, 300);
    if (j && typeof j === 'object') {
      const o = j as { error?: unknown; message?: unknown; error_description?: unknown; errors?: Array<{ message?: unknown }> };
      const m = o.error_description ?? o.error ?? o.message ?? o.errors?.find((e) => typeof e?.message === 'string')?.message;
      return typeof m === 'string' ? m.slice(0, 300) : '';
    }
  } catch {
    /* plain text */
  }
  return text.slice(0, 300);
}

/** Whether Xray's answer says its licence on the Jira site is not valid (401 "The Xray license is not valid."). */
export function isLicenceError(status: number, body: string): boolean {
  return (status === 401 || status === 403) && LICENCE.test(xrayErrorText(body));
}

export function licenceError(status: number, body: string): ConnectorError {
  const said = xrayErrorText(body) || 'The Xray license is not valid.';
  return new ConnectorError(
    'MISSING_PERMISSION',
    `Xray answered HTTP ${status} "${said}": Xray is not licensed on the Jira site this API key belongs to ` +
      '(its subscription or trial ended, or the app was uninstalled), so Xray refuses every request. ' +
      'The Client ID and Client Secret were not checked.',
    { status, field: LICENCE_FIELD },
  );
}

/** What the admin should do about an invalid Xray licence. */
export const LICENCE_FIX =
  'In Jira, open Settings → Apps → Manage apps on the site the API key was created on, and check that Xray is installed ' +
  'and its licence (or trial) is active; renew it there, then test the connection again. ' +
  'If Xray is licensed and this persists, contact Xray support with this message.';
