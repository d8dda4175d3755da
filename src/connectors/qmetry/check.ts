/**
 * checkConnection for QMetry: turns the outcome of listing the projects, opening the configured project and reading
 * its date format into a ConnectionCheck with a message naming the setting at fault and a fix. Messages never hold
 * the key.
 */
import type { ExternalProject } from '../../domain/model';
import { redact } from '../http';
import { checkError, projectCount, type CheckFixes, type FailureCause } from '../check';
import { ConnectorError, type ConnectionCheck } from '../types';
import { DATE_FORMAT_FIX, type DateFormat } from './dates';

const FIXES: CheckFixes = {
  INVALID_CREDENTIALS:
    'In QMetry open Integration → Open API, generate (or copy) the Open API key and save it here.',
  TOKEN_EXPIRED: 'The Open API key has expired: generate a new one in QMetry (Integration → Open API) and save it here.',
  WRONG_REGION_OR_URL:
    'Check the QMetry URL: it is the address you open QMetry Test Management at, e.g. https://yourcompany.qmetry.com.',
  PROJECT_NOT_FOUND:
    'Check the project key (Projects list in QMetry, e.g. SHOPQA). Archived projects cannot be synced: unarchive it or pick another project.',
  MISSING_PERMISSION: 'Ask a QMetry administrator to give the owner of this Open API key a role in the project.',
  RATE_LIMITED: 'QMetry is limiting requests right now: wait a minute and test again.',
  EGRESS_NOT_ALLOWED:
    "The app is not allowed to call this site. Use a https://<site>.qmetry.com URL: the app's egress permissions cover only those.",
  NETWORK: 'QMetry could not be reached: check the site status and try again later.',
  UNEXPECTED_RESPONSE: 'QMetry answered in an unexpected way: check the URL points at QMetry Test Management and try again.',
};

const ORGCODE_FIX = 'Clear the organisation code, or copy it from QMetry (it is the client code of your QMetry account).';

function messageFor(e: ConnectorError): string {
  switch (e.code) {
    case 'INVALID_CREDENTIALS':
      return 'The QMetry Open API key was rejected.';
    case 'TOKEN_EXPIRED':
      return 'The QMetry Open API key has expired.';
    default:
      return e.message;
  }
}

export function okCheck(projects: ExternalProject[], projectKey: string, format: DateFormat): ConnectionCheck {
  return {
    ok: true,
    cause: 'OK',
    message: `Connected to QMetry: project ${projectKey} found (dates in ${format}), ${projectCount(projects.length)} visible.`,
    projects,
  };
}

/** The configured project is missing from the visible projects (unknown key, archived, or no role). */
export function projectMissing(projectKey: string, archived: boolean): ConnectorError {
  return new ConnectorError(
    'PROJECT_NOT_FOUND',
    archived ? `The QMetry project ${projectKey} is archived.` : `QMetry has no active project with the key ${projectKey}.`,
    { field: 'projectKey' },
  );
}

export function failedCheck(error: unknown, secrets: string[]): ConnectionCheck {
  const e = checkError(error, 'QMetry', secrets);
  const cause: FailureCause = e.code;
  const field = e.details.field ?? '';
  const fix = field === 'orgCode' ? ORGCODE_FIX : field.startsWith('dateTimeFormat') ? DATE_FORMAT_FIX : FIXES[cause];
  return { ok: false, cause, message: redact(messageFor(e), secrets), fix };
}
