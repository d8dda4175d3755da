/**
 * The QMetry Test Management HTTP client: validates the site URL, sends the Open API headers
 * (`apikey`, `project`, optional `orgcode`, `Content-Type: application/json`) through http.ts and
 * classifies QMetry's error answers (`{ code, message }` bodies, e.g. `CO.INVALID_API_KEY`).
 */
import type { ZodType } from 'zod';
import { requestJson, transportSettings, type TransportOptions } from '../http';
import { ConnectorError } from '../types';

const SITE_URL = /^https:\/\/([a-z0-9][a-z0-9-]*)\.qmetry\.com\/?$/i;

/** `budget` defaults to 100 requests per 10 s (QMetry documents no limit). */
export interface QmetryClientOptions extends TransportOptions {
  baseUrl: string;
  apiKey: string;
  /** Project key sent in the `project` header when a call names no project (admin calls). */
  projectKey: string;
  orgCode?: string;
}

export interface QmetryClient {
  readonly baseUrl: string;
  readonly projectKey: string;
  /** POST with a JSON body; `project` overrides the `project` header. */
  post<T>(path: string, body: unknown, schema: ZodType<T>, project?: string): Promise<T>;
  get<T>(path: string, schema: ZodType<T>, project?: string): Promise<T>;
}

/** Parses `https://<site>.qmetry.com` into its canonical form, or throws WRONG_REGION_OR_URL. */
export function parseSiteUrl(baseUrl: string): string {
  const m = SITE_URL.exec(baseUrl.trim());
  if (!m) {
    throw new ConnectorError(
      'WRONG_REGION_OR_URL',
      `"${baseUrl.trim().slice(0, 100)}" is not a QMetry Test Management URL; it must look like https://<site>.qmetry.com`,
    );
  }
  return `https://${m[1].toLowerCase()}.qmetry.com`;
}

export function errorBody(body: string): { code?: string; message?: string; json: boolean } {
  try {
    const j = JSON.parse(body) as { code?: unknown; message?: unknown; errorMessage?: unknown };
    const message = typeof j.message === 'string' ? j.message : typeof j.errorMessage === 'string' ? j.errorMessage : undefined;
    return { code: typeof j.code === 'string' ? j.code : undefined, message, json: true };
  } catch {
    return { json: false };
  }
}

/** Turns a non-2xx QMetry answer into a ConnectorError; undefined keeps http.ts's default. */
export function classify(status: number, body: string, baseUrl: string, project: string): ConnectorError | undefined {
  const { code, message, json } = errorBody(body);
  const what = `${code ?? ''} ${message ?? ''}`;
  const detail = message ? `: ${message.slice(0, 200)}` : '';
  if (code === 'CO.INVALID_API_KEY' || (status === 401 && !/expired/i.test(what))) {
    return new ConnectorError('INVALID_CREDENTIALS', `The QMetry Open API key was rejected (HTTP ${status})`, { status, field: 'apiKey' });
  }
  if (status === 401) {
    return new ConnectorError('TOKEN_EXPIRED', 'The QMetry Open API key has expired (HTTP 401)', { status, field: 'apiKey' });
  }
  if (status === 403) {
    return new ConnectorError('MISSING_PERMISSION', `QMetry denied access to project ${project} (HTTP 403)${detail}`, { status });
  }
  if (status === 404 && !json) {
    return new ConnectorError('WRONG_REGION_OR_URL', `No QMetry Test Management site answers at ${baseUrl} (HTTP 404)`, { status });
  }
  if (/ORGCODE/i.test(code ?? '')) {
    return new ConnectorError('WRONG_REGION_OR_URL', `QMetry rejected the organisation code (orgcode) (HTTP ${status})${detail}`, {
      status,
      field: 'orgCode',
    });
  }
  if (status === 404 || /PROJECT/i.test(code ?? '')) {
    return new ConnectorError('PROJECT_NOT_FOUND', `QMetry has no active project ${project} (HTTP ${status})${detail}`, {
      status,
      field: 'projectKey',
    });
  }
  return undefined;
}

export function createQmetryClient(opts: QmetryClientOptions): QmetryClient {
  const baseUrl = parseSiteUrl(opts.baseUrl);
  const apiKey = opts.apiKey.trim();
  if (!apiKey) throw new ConnectorError('INVALID_CREDENTIALS', 'The QMetry Open API key is empty', { field: 'apiKey' });
  const projectKey = opts.projectKey.trim();
  if (!projectKey) throw new ConnectorError('PROJECT_NOT_FOUND', 'No QMetry project key is set', { field: 'projectKey' });
  // QMetry documents no rate limit: stay polite (10 requests a second) without making a full read slow.
  const { http } = transportSettings(opts, { limit: 100, windowMs: 10_000 });

  async function send<T>(method: 'GET' | 'POST', path: string, body: unknown, schema: ZodType<T>, project: string): Promise<T> {
    const headers: Record<string, string> = { apikey: apiKey, project, Accept: 'application/json' };
    if (opts.orgCode?.trim()) headers.orgcode = opts.orgCode.trim();
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return requestJson(
      opts.fetch,
      `${baseUrl}${path}`,
      { method, headers, body: body === undefined ? undefined : JSON.stringify(body) },
      schema,
      { ...http, service: 'QMetry', secrets: [apiKey], refine: (status, text) => classify(status, text, baseUrl, project) },
    );
  }

  return {
    baseUrl,
    projectKey,
    post: (path, body, schema, project) => send('POST', path, body, schema, project ?? projectKey),
    get: (path, schema, project) => send('GET', path, undefined, schema, project ?? projectKey),
  };
}
