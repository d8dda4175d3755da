/**
 * The qTest HTTP client: validates the site URL, signs requests, sends them through http.ts and classifies qTest's
 * error answers. Answers come back as JSON for the caller to read (rows.ts), with the endpoint they answered, named
 * by the Swagger's path template (`GET /api/v3/projects/{projectId}/modules`).
 *
 * qTest's error answers, as the simulator gives them (the Swagger names them only by status and a sentence; the
 * bodies follow Spring Security OAuth2 and Spring MVC, which qTest Manager is built on, a reading noted as such):
 * - 401 `{ error: "invalid_token", error_description: "Access token expired: …" }`: TOKEN_EXPIRED;
 * - 401 `{ error: "invalid_token", error_description: "Invalid access token: …" }` (revoked, mistyped):
 *   INVALID_CREDENTIALS; 401 `{ error: "unauthorized", … "Full authentication is required …" }`: INVALID_CREDENTIALS;
 * - 403 `{ message: "Access is denied" | "User does not have permission …" }`: MISSING_PERMISSION (http.ts);
 * - 404 with an HTML page (no such site on qtestnet.com): WRONG_REGION_OR_URL; 404 with Spring's error JSON
 *   (`{ status, error: "Not Found", path }`: the site has no such API path): WRONG_REGION_OR_URL; any other 404
 *   (`{ message: "Project not found: 7" }`): PROJECT_NOT_FOUND;
 * - 429: RATE_LIMITED and 5xx: NETWORK (http.ts), retried first.
 */
import { z } from 'zod';
import { requestJson, transportSettings, type TransportOptions } from '../http';
import { ConnectorError } from '../types';
import { createQtestAuth, type QtestAuth, type QtestAuthConfig } from './auth';

const SITE_URL = /^https:\/\/([a-z0-9][a-z0-9-]*)\.qtestnet\.com\/?$/i;

/** `budget` defaults to 50 requests per 10 s. */
export interface QtestClientOptions extends TransportOptions {
  baseUrl: string;
  auth: QtestAuthConfig;
}

/** Query values; an array is sent as repeated keys (`ids=1&ids=2`, the Swagger's `collectionFormat: multi`). */
export type Query = Record<string, string | number | boolean | Array<string | number> | undefined>;

export interface Call {
  method: 'GET' | 'POST';
  /** The Swagger's path template, e.g. `/api/v3/projects/{projectId}/search`. */
  path: string;
  params?: Record<string, string | number>;
  query?: Query;
  body?: unknown;
}

export interface Answer {
  json: unknown;
  /** `POST /api/v3/projects/{projectId}/search` */
  endpoint: string;
}

export interface QtestClient {
  readonly baseUrl: string;
  readonly site: string;
  readonly authKind: QtestAuthConfig['kind'];
  call(c: Call): Promise<Answer>;
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

export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) params.append(k, String(one));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function pathOf(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`qTest client: no value for {${name}} in ${template}`);
    return encodeURIComponent(String(params[name]));
  });
}

/** The OAuth2 / Spring error fields of an error body, when it is JSON. */
export function errorBody(body: string): { error?: string; description?: string; message?: string; springPath?: string } {
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    const s = (k: string) => (typeof j[k] === 'string' ? (j[k] as string) : undefined);
    return { error: s('error'), description: s('error_description'), message: s('message'), springPath: s('path') };
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
    const e = errorBody(body);
    if (status === 401) {
      if (e.description && /expired/i.test(e.description)) return new ConnectorError('TOKEN_EXPIRED', `${credential} has expired`, { status });
      const why = e.error === 'unauthorized' ? ' (qTest says authentication is required: no valid credential reached it)' : '';
      return new ConnectorError('INVALID_CREDENTIALS', `${credential} was rejected (HTTP 401)${why}`, { status });
    }
    if (status === 404 && (!body.trim().startsWith('{') && !body.trim().startsWith('['))) {
      return new ConnectorError('WRONG_REGION_OR_URL', `No qTest site answers at ${baseUrl} (HTTP 404)`, { status });
    }
    if (status === 404 && e.springPath !== undefined && e.error === 'Not Found') {
      return new ConnectorError('WRONG_REGION_OR_URL', `${baseUrl} has no qTest Manager API at ${e.springPath} (HTTP 404)`, { status });
    }
    if (status === 404) {
      return new ConnectorError('PROJECT_NOT_FOUND', `qTest has no such project or record (HTTP 404)${e.message ? `: ${e.message}` : ''}`, { status });
    }
    return undefined;
  };

  async function call(c: Call): Promise<Answer> {
    const endpoint = `${c.method} ${c.path}`;
    const url = `${baseUrl}${pathOf(c.path, c.params)}${queryString(c.query)}`;
    for (let round = 0; ; round++) {
      const headers: Record<string, string> = { Authorization: await auth.header(), Accept: 'application/json' };
      if (c.body !== undefined) headers['Content-Type'] = 'application/json';
      try {
        const json = await requestJson(
          opts.fetch,
          url,
          { method: c.method, headers, body: c.body === undefined ? undefined : JSON.stringify(c.body) },
          z.unknown(),
          { ...http, service: 'qTest', secrets: auth.secrets(), refine },
        );
        return { json, endpoint };
      } catch (e) {
        // A login token can be revoked or expire early: log in once more before giving up.
        const authFailure = e instanceof ConnectorError && (e.code === 'INVALID_CREDENTIALS' || e.code === 'TOKEN_EXPIRED');
        if (authFailure && round === 0 && auth.invalidate()) continue;
        if (e instanceof ConnectorError && e.code === 'UNEXPECTED_RESPONSE' && !e.details.endpoint) {
          throw new ConnectorError(e.code, e.message, { ...e.details, endpoint }, { cause: e.cause });
        }
        throw e;
      }
    }
  }

  return { baseUrl, site, authKind: auth.kind, call };
}
