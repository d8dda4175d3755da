/**
 * checkConnection for qTest: lists the visible projects (GET /api/v3/projects) and turns any failure into a
 * ConnectionCheck with a message naming the setting at fault and a fix. Messages never contain a secret.
 *
 * What each cause means on qTest (client.ts classifies the answers; bodies per Spring Security OAuth2 / Spring MVC):
 * - INVALID_CREDENTIALS: 401 `{ error: "invalid_token", error_description: "Invalid access token: …" }` (a token qTest
 *   never issued, revoked, or from another site) or `{ error: "unauthorized", … }` (no usable credential); for a
 *   password login, POST /oauth/token answered 400 `invalid_grant` ("Bad credentials") or 401 (the client name).
 * - TOKEN_EXPIRED: 401 `invalid_token` "Access token expired: …". API tokens from the API & SDK page never expire
 *   unless revoked (Tricentis docs), so this is a login-session token.
 * - MISSING_PERMISSION: 403 `{ message: "Access is denied" }` (the user has no API access) or "User does not have
 *   permission …" (not a member of the project).
 * - WRONG_REGION_OR_URL: no site on qtestnet.com (404 HTML page), a site without the v3 API (404 Spring error JSON),
 *   or a URL that is not https://<site>.qtestnet.com.
 * - PROJECT_NOT_FOUND: 404 `{ message: "Project not found: …" }`.
 * - RATE_LIMITED: 429; NETWORK: 5xx after retries, timeouts, DNS; EGRESS_NOT_ALLOWED: the Forge egress refusal;
 *   UNEXPECTED_RESPONSE: an answer the app cannot read (the message names the endpoint and field).
 */
import type { ExternalProject } from '../../domain/model';
import { checkError, projectCount, type FailureCause } from '../check';
import type { ConnectionCheck } from '../types';
import type { QtestAuthConfig } from './auth';

type AuthKind = QtestAuthConfig['kind'];

function fixFor(cause: FailureCause, auth: AuthKind): string {
  switch (cause) {
    case 'INVALID_CREDENTIALS':
      return auth === 'token'
        ? 'qTest does not know this API token (mistyped, revoked, or from another qTest site). In qTest open your name → API & SDK, copy the API token of this site and save it here.'
        : 'qTest refused the username or password. Check both (the username is your qTest login e-mail); with single sign-on use an API token from qTest → API & SDK instead.';
    case 'TOKEN_EXPIRED':
      return auth === 'token'
        ? 'This token expires (it is a login-session token, not an API token). Copy the API token from qTest → API & SDK, which never expires unless revoked, and save it here.'
        : 'The login session expired and a new login failed: test the connection again; if it keeps failing, use an API token from qTest → API & SDK.';
    case 'WRONG_REGION_OR_URL':
      return 'Check the site URL: it is the address you open qTest Manager at, e.g. https://yourcompany.qtestnet.com.';
    case 'PROJECT_NOT_FOUND':
      return 'The project no longer exists in qTest or was moved: pick the project again in the mapping.';
    case 'MISSING_PERMISSION':
      return 'Ask a qTest administrator to give this user API access and membership of the projects to sync (qTest answered 403).';
    case 'RATE_LIMITED':
      return 'qTest is limiting requests right now: wait a minute and test again.';
    case 'EGRESS_NOT_ALLOWED':
      return "The app is not allowed to call this site. Use a https://<site>.qtestnet.com URL: the app's egress permissions cover only those.";
    case 'NETWORK':
      return 'qTest could not be reached or failed: check the site status and try again later.';
    case 'UNEXPECTED_RESPONSE':
      return 'qTest answered in a shape the app cannot read (the message names where): check the site URL points at qTest Manager, and send the message to support if it does.';
  }
}

function messageFor(cause: FailureCause, auth: AuthKind, original: string): string {
  switch (cause) {
    case 'INVALID_CREDENTIALS':
      if (auth === 'token') return 'The qTest API token was rejected.';
      // POST /oauth/token's 401 is about the Basic client name, not the user's password.
      return /login client/.test(original) ? `${original}.` : 'qTest rejected the username or password.';
    case 'TOKEN_EXPIRED':
      return auth === 'token' ? 'The qTest API token has expired.' : 'The qTest login session has expired.';
    default:
      return original;
  }
}

export function okCheck(projects: ExternalProject[]): ConnectionCheck {
  return { ok: true, cause: 'OK', message: `Connected to qTest: ${projectCount(projects.length)} visible.`, projects };
}

export function failedCheck(error: unknown, auth: AuthKind, secrets: string[]): ConnectionCheck {
  const e = checkError(error, 'qTest', secrets);
  let message = messageFor(e.code, auth, e.message);
  for (const s of secrets) if (s && s.length >= 4) message = message.split(s).join('[redacted]');
  return { ok: false, cause: e.code, message, fix: fixFor(e.code, auth) };
}
