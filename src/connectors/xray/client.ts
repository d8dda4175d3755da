/**
 * The Xray Cloud GraphQL client: picks the regional base URL, signs requests with the cached token (renewed once
 * after a 401), sends them through http.ts and turns GraphQL `errors` into ConnectorErrors.
 */
import type { ZodType } from 'zod';
import { z } from 'zod';
import { formatPath, redact, requestJson, safeCause, transportSettings, type TransportOptions } from '../http';
import { ConnectorError } from '../types';
import { createXrayAuth, type TokenStore, type XrayAuth, type XrayCredentials } from './auth';
import { isLicenceError, licenceError } from './errors';
import { envelope } from './records';

export const XRAY_REGIONS = ['global', 'us', 'eu', 'au'] as const;
export type XrayRegion = (typeof XRAY_REGIONS)[number];

export const GLOBAL_BASE_URL = 'https://xray.cloud.getxray.app';
const XRAY_HOST = /^https:\/\/(?:(us|eu|au)\.)?xray\.cloud\.getxray\.app\/?$/i;

/** Xray Standard allows 300 requests per 5 minutes (Enterprise 1,000). */
export const DEFAULT_BUDGET = { limit: 300, windowMs: 5 * 60_000 };

/** `budget` defaults to DEFAULT_BUDGET. */
export interface XrayClientOptions extends XrayCredentials, TransportOptions {
  region?: XrayRegion;
  /** Overrides the region: one of Xray's base URLs (global or regional). */
  baseUrl?: string;
  /** Keeps the token beyond this client (the sync run's secret cache). */
  tokenStore?: TokenStore;
}

export interface XrayClient {
  readonly baseUrl: string;
  readonly region: XrayRegion;
  readonly auth: XrayAuth;
  /** Runs a document; answers `data` parsed with `schema`. */
  query<T>(document: string, variables: Record<string, unknown>, schema: ZodType<T>): Promise<T>;
}

/** The base URL of a region, or of `baseUrl` when given (which must be one of Xray's hosts). */
export function resolveBaseUrl(region: XrayRegion | undefined, baseUrl: string | undefined): { baseUrl: string; region: XrayRegion } {
  if (baseUrl !== undefined) {
    const m = XRAY_HOST.exec(baseUrl.trim());
    if (!m) {
      throw new ConnectorError(
        'WRONG_REGION_OR_URL',
        `"${baseUrl.trim().slice(0, 100)}" is not an Xray Cloud URL; use https://xray.cloud.getxray.app or https://{us,eu,au}.xray.cloud.getxray.app`,
        { field: 'baseUrl' },
      );
    }
    const r = (m[1]?.toLowerCase() ?? 'global') as XrayRegion;
    return { baseUrl: r === 'global' ? GLOBAL_BASE_URL : `https://${r}.xray.cloud.getxray.app`, region: r };
  }
  const r = region ?? 'global';
  if (!XRAY_REGIONS.includes(r)) {
    throw new ConnectorError('WRONG_REGION_OR_URL', `"${String(r).slice(0, 20)}" is not an Xray region (global, us, eu, au)`, {
      field: 'region',
    });
  }
  return { baseUrl: r === 'global' ? GLOBAL_BASE_URL : `https://${r}.xray.cloud.getxray.app`, region: r };
}

/** The operation name of a document, for messages. */
export function operationName(document: string): string {
  return /\b(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? 'query';
}

/** The `errors` of a GraphQL answer, kept as the cause of the ConnectorError they became (secrets redacted). */
export class GraphqlResponseError extends Error {
  constructor(readonly errors: Array<{ message: string; path?: Array<string | number> | null }>) {
    super(errors.map((e) => e.message).join('; ').slice(0, 1000));
    this.name = 'GraphqlResponseError';
  }
}

/** A GraphQL error message → the cause it stands for; `cause` is kept as the error's cause. */
export function classifyGraphqlError(message: string, op: string, cause?: unknown): ConnectorError {
  const m = message.slice(0, 300);
  const options = cause === undefined ? undefined : { cause };
  if (/project\b.*\b(not found|does not exist|doesn't exist|is invalid|not valid)|(no|unknown|invalid) project/i.test(m)) {
    return new ConnectorError('PROJECT_NOT_FOUND', `Xray does not know the project (${op}): ${m}`, {}, options);
  }
  if (/too many requests|rate limit/i.test(m)) return new ConnectorError('RATE_LIMITED', `Xray is rate limiting the app (${op}): ${m}`, {}, options);
  if (/not authori[sz]ed|permission|forbidden|not allowed to/i.test(m)) {
    return new ConnectorError('MISSING_PERMISSION', `Xray denied ${op}: ${m}`, {}, options);
  }
  return new ConnectorError('UNEXPECTED_RESPONSE', `Xray answered ${op} with an error: ${m}`, {}, options);
}

function graphqlErrorsOf(body: string): string | undefined {
  try {
    const j = JSON.parse(body) as { errors?: Array<{ message?: unknown }> };
    const first = j.errors?.find((e) => typeof e?.message === 'string');
    return first ? String(first.message) : undefined;
  } catch {
    return undefined;
  }
}

export function createXrayClient(opts: XrayClientOptions): XrayClient {
  const { baseUrl, region } = resolveBaseUrl(opts.region, opts.baseUrl);
  const { now, http } = transportSettings(opts, DEFAULT_BUDGET);
  const auth = createXrayAuth({ baseUrl, credentials: opts, fetch: opts.fetch, now, http, ...(opts.tokenStore ? { store: opts.tokenStore } : {}) });

  async function send<T>(document: string, variables: Record<string, unknown>, schema: ZodType<T>): Promise<T> {
    const op = operationName(document);
    const refine = (status: number, body: string): ConnectorError | undefined => {
      if (isLicenceError(status, body)) return licenceError(status, body);
      if (status === 401) {
        return /expired/i.test(body)
          ? new ConnectorError('TOKEN_EXPIRED', 'The Xray token has expired', { status })
          : new ConnectorError('INVALID_CREDENTIALS', 'Xray rejected the token of the API key (HTTP 401)', { status });
      }
      if (status === 400) {
        const message = graphqlErrorsOf(body);
        if (message) return new ConnectorError('UNEXPECTED_RESPONSE', `Xray rejected the query ${op} (HTTP 400): ${message.slice(0, 300)}`, { status });
      }
      return undefined;
    };
    for (let round = 0; ; round++) {
      const headers = { Authorization: await auth.header(), 'Content-Type': 'application/json', Accept: 'application/json' };
      try {
        const res = await requestJson(
          opts.fetch,
          `${baseUrl}/api/v2/graphql`,
          { method: 'POST', headers, body: JSON.stringify({ query: document, variables, operationName: op }) },
          envelope(z.unknown()),
          { ...http, service: 'Xray', secrets: auth.secrets(), refine },
        );
        if (res.errors?.length) {
          const errors = res.errors.map((x) => ({ message: redact(x.message, auth.secrets()), path: x.path }));
          throw classifyGraphqlError(errors[0].message, op, new GraphqlResponseError(errors));
        }
        if (res.data === undefined || res.data === null) {
          throw new ConnectorError('UNEXPECTED_RESPONSE', `Xray answered ${op} without data`);
        }
        const parsed = schema.safeParse(res.data);
        if (parsed.success) return parsed.data;
        const issue = parsed.error.issues[0];
        const field = `data.${formatPath(issue.path)}`;
        throw new ConnectorError(
          'UNEXPECTED_RESPONSE',
          `Xray answered ${op} in an unexpected shape: ${field}: ${issue.message.replace(/^Invalid input:\s*/i, '')}`,
          { field },
          { cause: safeCause(parsed.error, auth.secrets()) },
        );
      } catch (e) {
        // Tokens can be revoked or expire early: authenticate once more before giving up.
        const authFailure = e instanceof ConnectorError && (e.code === 'INVALID_CREDENTIALS' || e.code === 'TOKEN_EXPIRED');
        if (authFailure && round === 0 && auth.invalidate()) continue;
        throw e;
      }
    }
  }

  return { baseUrl, region, auth, query: send };
}
