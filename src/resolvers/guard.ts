/**
 * Resolver plumbing: the licence and permission checks enforced on the backend, and errors shaped for the UI.
 */
import { route } from '@forge/api';
import { z, ZodError } from 'zod';
import { jira, JiraError } from '../jira/client';
import { LICENCE_RESOLVER_MESSAGE, licenceStateOf, mayWork } from '../platform/license';
import { log } from '../platform/log';
import { RunBusyError } from '../sync/engine';
import type { ApiError } from './contract';

export class ApiFailure extends Error {
  constructor(
    readonly code: 'FORBIDDEN' | 'INVALID_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'LICENCE_INACTIVE',
    message: string,
  ) {
    super(message);
  }
}

const Permissions = z.object({
  permissions: z.record(z.string(), z.object({ havePermission: z.boolean() })),
});

/** Only Jira administrators may read or change TestSync's settings. */
export async function requireJiraAdmin(accountId: string | undefined): Promise<void> {
  if (!accountId) throw new ApiFailure('FORBIDDEN', 'Sign in to Jira to use TestSync settings.');
  const answer = Permissions.parse(await jira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`, { as: 'user' }));
  if (!answer.permissions.ADMINISTER?.havePermission) {
    throw new ApiFailure('FORBIDDEN', 'Only Jira administrators can view or change TestSync settings.');
  }
}

/** What the admin page calls each input field, so a message names the field the admin sees. */
const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  baseUrl: 'Site URL',
  authMethod: 'Sign in with',
  username: 'Username',
  apiToken: 'API token',
  password: 'Password',
  expiresOn: 'Expiry date',
  enabled: 'Enabled',
  connectionId: 'Connection',
  externalProjectId: 'External project',
  jiraProjectKey: 'Jira project',
  issueType: 'Issue type',
  schedule: 'Schedule',
  region: 'Region',
  clientId: 'Client ID',
  clientSecret: 'Client secret',
  sameSite: 'Xray is installed on this Jira site',
  requestsPer5Minutes: 'Request budget',
  apiKey: 'Open API key',
  projectKey: 'Project key',
  orgCode: 'Organisation code',
  tool: 'Tool',
};
/** Labels a message may already start with (the site URL field is "QMetry URL" on a QMetry connection). */
const KNOWN_LABELS = [...Object.values(FIELD_LABELS), 'QMetry URL'].map((l) => l.toLowerCase());

function zodMessage(e: ZodError): string {
  return e.issues
    .map((i) => {
      const path = i.path.join('.');
      const label = FIELD_LABELS[path] ?? path;
      const message = i.message.toLowerCase();
      return label && !KNOWN_LABELS.some((known) => message.startsWith(known)) ? `${label}: ${i.message}` : i.message;
    })
    .join('; ');
}

/**
 * Refuses every call while the site's licence says it is not active (see src/platform/license.ts). The licence is
 * the one Forge put in the resolver's context, never one the page sent.
 */
export function requireActiveLicence(context: { license?: unknown } | undefined): void {
  if (!mayWork(licenceStateOf(context?.license))) throw new ApiFailure('LICENCE_INACTIVE', LICENCE_RESOLVER_MESSAGE);
}

/**
 * Wraps a resolver so every failure reaches the UI as `{ error: { code, message } }`. A site whose licence is not
 * active gets LICENCE_INACTIVE before the resolver reads or writes anything.
 */
export function handled<P, R>(fn: (payload: P, accountId: string | undefined, context: unknown) => Promise<R>) {
  return async ({ payload, context }: { payload: P; context: { accountId?: string; license?: unknown } }): Promise<R | ApiError> => {
    try {
      requireActiveLicence(context);
      return await fn(payload, context.accountId, context);
    } catch (e) {
      if (e instanceof ApiFailure) return { error: { code: e.code, message: e.message } };
      if (e instanceof ZodError) return { error: { code: 'INVALID_INPUT', message: zodMessage(e) } };
      if (e instanceof JiraError) return { error: { code: 'JIRA_ERROR', message: e.message } };
      if (e instanceof RunBusyError) return { error: { code: 'CONFLICT', message: 'A sync of this connection is already running; wait for it to finish or cancel it.' } };
      log.error('resolver-failed', { phase: 'resolver' }, e);
      return { error: { code: 'INTERNAL', message: e instanceof Error ? e.message : 'Unexpected error' } };
    }
  };
}
