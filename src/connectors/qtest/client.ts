/**
 * The qTest HTTP client: validates the site URL, signs requests, sends them through http.ts and
 * classifies qTest's error answers (401 bodies are Spring OAuth2 style: `{error, error_description}`).
 */
import type { ZodType } from 'zod';
import { requestJson, transportSettings, type TransportOptions } from '../http';
import { ConnectorError } from '../types';
import { createQtestAuth, type QtestAuth, type QtestAuthConfig } from './auth';

const SITE_URL = /^https:\/\/([a-z0-9][a-z0-9-]*)\.qtestnet\.com\/?$/i;

/** `budget` defaults to 50 requests per 10 s. */
export interface QtestClientOptions extends TransportOptions {
  baseUrl: string;
  auth: QtestAuthConfig;
}

export type Query = Record<string, string | number | boolean | Array<string | number> | undefined>;

export interface QtestClient {
  readonly baseUrl: string;
  readonly site: string;
  readonly authKind: QtestAuthConfig['kind'];
  get<T>(path: string, query: Query, schema: ZodType<T>): Promise<T>;
  post<T>(path: string, query: Query, body: unknown, schema: ZodType<T>): Promise<T>;
}

/** Parses `https://<site>.qtestnet.com` into its canonical form, or throws WRONG_REGION_OR_URL. */
export function parseSiteUrl(baseUrl: string): { baseUrl: string; site: string } {
  const m = SITE_URL.exec(baseUrl.trim());
  if (!m) {
    throw new ConnectorError(
      'WRONG_REGION_OR_URL',
      `"${baseUrl.trim().slice(0, 100)}" is not a qTest site URL; it must look like https://<site>.qtestnet.com`,
    );
  }
  const site = m[1].toLowerCase();
  return { baseUrl: `https://${site}.qtestnet.com`, site };
}

function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    params.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = params.toString();
  return s ? `?${s.replace(/%2C/g, ',')}` : '';
}

function oauthError(body: string): { error?: string; description?: string } {
  try {
    const j = JSON.parse(body) as { error?: unknown; error_description?: unknown; message?: unknown };
    return {
      error: typeof j.error === 'string' ? j.error : undefined,
      description:
        typeof j.error_description === 'string' ? j.error_description : typeof j.message === 'string' ? j.message : undefined,
    };
  } catch {
    return {};
  }
}

export function createQtestClient(opts: QtestClientOptions): QtestClient {
  const { baseUrl, site } = parseSiteUrl(opts.baseUrl);
  const { now, http } = transportSettings(opts, { limit: 50, windowMs: 10_000 });
  const auth: QtestAuth = createQtestAuth({ baseUrl, site, auth: opts.auth, fetch: opts.fetch, now, http });
  const credential = auth.kind === 'token' ? 'The qTest API token' : 'The qTest login session';

  const refine = (status: number, body: string): ConnectorError | undefined => {
    if (status === 401) {
      const { description } = oauthError(body);
      if (description && /expired/i.test(description)) {
        return new ConnectorError('TOKEN_EXPIRED', `${credential} has expired`, { status });
      }
      return new ConnectorError('INVALID_CREDENTIALS', `${credential} was rejected (HTTP 401)`, { status });
    }
    if (status === 404 && !body.trim().startsWith('{') && !body.trim().startsWith('[')) {
      return new ConnectorError('WRONG_REGION_OR_URL', `No qTest site answers at ${baseUrl} (HTTP 404)`, { status });
    }
    if (status === 404) {
      return new ConnectorError('PROJECT_NOT_FOUND', 'qTest has no such project or record (HTTP 404)', { status });
    }
    return undefined;
  };

  async function send<T>(method: 'GET' | 'POST', path: string, query: Query, body: unknown, schema: ZodType<T>): Promise<T> {
    const url = `${baseUrl}${path}${queryString(query)}`;
    for (let round = 0; ; round++) {
      const headers: Record<string, string> = { Authorization: await auth.header(), Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      try {
        return await requestJson(
          opts.fetch,
          url,
          { method, headers, body: body === undefined ? undefined : JSON.stringify(body) },
          schema,
          { ...http, service: 'qTest', secrets: auth.secrets(), refine },
        );
      } catch (e) {
        // A login token can be revoked or expire early: log in once more before giving up.
        const authFailure = e instanceof ConnectorError && (e.code === 'INVALID_CREDENTIALS' || e.code === 'TOKEN_EXPIRED');
        if (authFailure && round === 0 && auth.invalidate()) continue;
        throw e;
      }
    }
  }

  return {
    baseUrl,
    site,
    authKind: auth.kind,
    get: (path, query, schema) => send('GET', path, query, undefined, schema),
    post: (path, query, body, schema) => send('POST', path, query, body, schema),
  };
}
