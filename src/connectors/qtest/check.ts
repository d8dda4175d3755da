/**
 * checkConnection for qTest: lists the visible projects and turns any failure into a ConnectionCheck with
 * a message naming the setting at fault and a fix. Messages never contain a secret.
 */
import type { ExternalProject } from '../../domain/model';
import { checkError, projectCount, type CheckFixes, type FailureCause } from '../check';
import type { ConnectionCheck } from '../types';
import type { QtestAuthConfig } from './auth';

const FIXES: CheckFixes = {
  INVALID_CREDENTIALS:
    'Copy a fresh API token from qTest (Resources → API & SDK) and save it here, or check the username and password.',
  TOKEN_EXPIRED: 'The credential has expired: generate a new API token in qTest and save it here.',
  WRONG_REGION_OR_URL: 'Check the site URL: it is the address you open qTest at, e.g. https://yourcompany.qtestnet.com.',
  PROJECT_NOT_FOUND: 'The project no longer exists in qTest or was moved: pick the project again in the mapping.',
  MISSING_PERMISSION: 'Ask a qTest administrator to give this user access to the projects to sync (and API access).',
  RATE_LIMITED: 'qTest is limiting requests right now: wait a minute and test again.',
  EGRESS_NOT_ALLOWED:
    "The app is not allowed to call this site. Use a https://<site>.qtestnet.com URL: the app's egress permissions cover only those.",
  NETWORK: 'qTest could not be reached: check the site status and try again later.',
  UNEXPECTED_RESPONSE: 'qTest answered in an unexpected way: check the site URL points at qTest Manager and try again.',
};

function messageFor(cause: FailureCause, auth: QtestAuthConfig['kind'], original: string): string {
  switch (cause) {
    case 'INVALID_CREDENTIALS':
      return auth === 'token' ? 'The qTest API token was rejected.' : 'qTest rejected the username or password.';
    case 'TOKEN_EXPIRED':
      return auth === 'token' ? 'The qTest API token has expired.' : 'The qTest login session has expired.';
    default:
      return original;
  }
}

export function okCheck(projects: ExternalProject[]): ConnectionCheck {
  return { ok: true, cause: 'OK', message: `Connected to qTest: ${projectCount(projects.length)} visible.`, projects };
}

export function failedCheck(error: unknown, auth: QtestAuthConfig['kind'], secrets: string[]): ConnectionCheck {
  const e = checkError(error, 'qTest', secrets);
  let message = messageFor(e.code, auth, e.message);
  for (const s of secrets) if (s && s.length >= 4) message = message.split(s).join('[redacted]');
  return { ok: false, cause: e.code, message, fix: FIXES[e.code] };
}
