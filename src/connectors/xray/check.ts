/**
 * checkConnection for Xray Cloud: authenticates, lists the projects holding tests and checks the configured ones,
 * turning any failure into a ConnectionCheck naming the setting at fault with a fix. A key rejected by a regional
 * endpoint is tried once at the global endpoint: accepted there, the region is what is wrong. An invalid Xray licence
 * (401 "The Xray license is not valid.") is MISSING_PERMISSION with a fix about the licence, not about the key.
 */
import type { ExternalProject } from '../../domain/model';
import { redact } from '../http';
import { checkError, projectCount, type CheckFixes } from '../check';
import { ConnectorError, type ConnectionCheck } from '../types';
import { LICENCE_FIELD, LICENCE_FIX } from './errors';
import { GLOBAL_BASE_URL, type XrayClient, type XrayRegion } from './client';

const REGION_NAMES: Record<XrayRegion, string> = { global: 'Global', us: 'US', eu: 'EU (Frankfurt)', au: 'Australia (Sydney)' };

const FIXES: CheckFixes = {
  INVALID_CREDENTIALS:
    'In Jira, open Apps → Xray → Global Settings → API Keys, copy the Client ID and (re)generate the Client Secret of the key, and save both here.',
  TOKEN_EXPIRED: 'The Xray token expired and could not be renewed: test again; if it persists, regenerate the API key.',
  WRONG_REGION_OR_URL:
    'Check the Xray region: pick Global, or the data-residency region (US, EU, Australia) your Xray data is pinned to.',
  PROJECT_NOT_FOUND: 'The Jira project no longer exists or has no Xray tests: pick the project again in the mapping.',
  MISSING_PERMISSION: "Give the API key's user access to the projects to sync in Jira and Xray.",
  RATE_LIMITED: 'Xray is limiting requests right now (300 per 5 minutes on Xray Standard): wait a few minutes and test again.',
  EGRESS_NOT_ALLOWED:
    "The app may not call this host: use one of Xray's own hosts (xray.cloud.getxray.app or us./eu./au.xray.cloud.getxray.app).",
  NETWORK: 'Xray Cloud could not be reached: check https://status.getxray.app and try again later.',
  UNEXPECTED_RESPONSE: 'Xray answered in an unexpected way: try again; if it persists, contact support with the message.',
};

export function okCheck(projects: ExternalProject[], region: XrayRegion): ConnectionCheck {
  return {
    ok: true,
    cause: 'OK',
    message: `Connected to Xray Cloud (${REGION_NAMES[region]}): ${projectCount(projects.length)} with tests.`,
    projects,
  };
}

export function failedCheck(error: unknown, secrets: string[]): ConnectionCheck {
  const e = checkError(error, 'Xray', secrets);
  const fix = e.details.field === LICENCE_FIELD ? LICENCE_FIX : FIXES[e.code];
  return { ok: false, cause: e.code, message: redact(e.message, secrets), fix };
}

/**
 * After INVALID_CREDENTIALS from a regional endpoint: authenticates at the global endpoint. Answers the error to
 * report: WRONG_REGION_OR_URL when the global endpoint accepts the key, the original error otherwise.
 */
export async function regionProbe(client: XrayClient, original: ConnectorError): Promise<ConnectorError> {
  if (client.region === 'global' || original.code !== 'INVALID_CREDENTIALS' || original.details.field === 'clientId') {
    return original;
  }
  try {
    await client.auth.probe(GLOBAL_BASE_URL);
  } catch (e) {
    // The global endpoint knows the key but Xray is not licensed: that is what to fix first.
    return e instanceof ConnectorError && e.details.field === LICENCE_FIELD ? e : original;
  }
  return new ConnectorError(
    'WRONG_REGION_OR_URL',
    `The Xray API key is valid, but the ${REGION_NAMES[client.region]} endpoint (${new URL(client.baseUrl).host}) does not know it: ` +
      'your Xray data lives in another region. Check the region setting (Global works for every region).',
    { field: 'region' },
    { cause: original },
  );
}
