/**
 * Jira REST calls of @forge/api (`asApp().requestJira`, `asUser().requestJira`, `requestJira`), which reach
 * `__forge_fetch__({ type: 'fpp', remote: 'jira', provider: 'app' | 'user' | 'none', accountId? }, path, init)`.
 *
 * They go to the Jira simulator mounted on the local server (`<localBase>/jira<path>`, with
 * `x-sim-principal: app` or `user:<accountId>`), or to a real site with basic auth when
 * JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN are all set.
 */
import type { ForgeFetchDescriptor, InvocationContext } from './context';
import { originalFetch } from './hooks';

export const SIM_PRINCIPAL_HEADER = 'x-sim-principal';

export interface RealJiraSite {
  baseUrl: string;
  email: string;
  apiToken: string;
}

/** The real Jira site configured in the environment, if all three variables are set. */
export function realJiraFromEnv(env: NodeJS.ProcessEnv = process.env): RealJiraSite | undefined {
  const { JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN } = env;
  if (!JIRA_BASE_URL || !JIRA_EMAIL || !JIRA_API_TOKEN) return undefined;
  return { baseUrl: JIRA_BASE_URL.replace(/\/$/, ''), email: JIRA_EMAIL, apiToken: JIRA_API_TOKEN };
}

export interface JiraTargetOptions {
  /** Base URL of the local server (the simulator is at `<localBase>/jira`). */
  localBase: () => string;
  realJira?: RealJiraSite;
  transport?: typeof globalThis.fetch;
}

/** The principal header value for a product call: the app, or the user the call is made as. */
export function principalFor(descriptor: ForgeFetchDescriptor, ctx: InvocationContext): string | undefined {
  if (descriptor.provider === 'user') {
    const accountId = descriptor.accountId ?? ctx.principal?.accountId;
    return accountId ? `user:${accountId}` : undefined;
  }
  return 'app';
}

export async function forwardJira(
  options: JiraTargetOptions,
  descriptor: ForgeFetchDescriptor,
  ctx: InvocationContext,
  path: string,
  init?: RequestInit,
): Promise<Response> {
  const transport = options.transport ?? originalFetch;
  const principal = principalFor(descriptor, ctx);
  if (!principal) {
    // asUser() without a user in the invocation: the platform answers with a proxy error header.
    return new Response(null, { status: 401, headers: { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' } });
  }
  const headers = new Headers(init?.headers);
  let url: string;
  if (options.realJira) {
    const { baseUrl, email, apiToken } = options.realJira;
    url = `${baseUrl}${path}`;
    headers.set('authorization', `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`);
  } else {
    url = `${options.localBase().replace(/\/$/, '')}/jira${path}`;
    headers.set(SIM_PRINCIPAL_HEADER, principal);
  }
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  return transport(url, { ...init, headers });
}
