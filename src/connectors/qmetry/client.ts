/**
 * The QMetry Test Management HTTP client: validates the site URL, sends the Open API headers as SmartBear's own client
 * does (smartbear-mcp src/qmetry/client/api/client-api.ts: `apikey`, `project`, `Content-Type: application/json` on
 * bodies, and `scope` / `orgcode` where a call needs the project's numeric id and client code) through http.ts, and
 * classifies QMetry's error answers: JSON `{ error, code }` bodies (src/qmetry/api/testcase.test.ts,
 * requirement.test.ts), a plain-text 401 `Unauthorized` (src/qmetry/api/project.test.ts), and the `{ code, message }`
 * bodies (`CO.INVALID_API_KEY`) the vendor's error handler also reads (src/qmetry/client/api/error-handler.ts).
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
  /** POST with a JSON body; `project` overrides the `project` header; `headers` adds some (`scope`, `orgcode`). */
  post<T>(path: string, body: unknown, schema: ZodType<T>, project?: string, headers?: Record<string, string>): Promise<T>;
  get<T>(path: string, schema: ZodType<T>, project?: string): Promise<T>;
  /** PUT with a JSON body (the vendor's write calls). */
  put<T>(path: string, body: unknown, schema: ZodType<T>, project?: string): Promise<T>;
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

/** What a QMetry error answer says: `{ error, code }`, `{ code, message }` or plain text. */
export function errorBody(body: string): { code?: string; message?: string; json: boolean } {
  try {
    const j = JSON.parse(body) as { code?: unknown; message?: unknown; error?: unknown; errorMessage?: unknown };
    if (!j || typeof j !== 'object') return { json: false, message: body.trim() || undefined };
    const pick = (...vs: unknown[]) => vs.find((v): v is string => typeof v === 'string' && v.trim() !== '');
    const code = typeof j.code === 'string' || typeof j.code === 'number' ? String(j.code) : undefined;
    return { code, message: pick(j.message, j.error, j.errorMessage), json: true };
  } catch {
    const plain = /<html/i.test(body) ? undefined : body.trim().slice(0, 200) || undefined;
    return { json: false, message: plain };
  }
}

/** Turns a non-2xx QMetry answer into a ConnectorError; undefined keeps http.ts's default. */
export function classify(status: number, body: string, baseUrl: string, project: string, path = ''): ConnectorError | undefined {
  const { code, message, json } = errorBody(body);
  const what = `${code ?? ''} ${message ?? ''}`;
  const detail = message ? `: ${message.slice(0, 200)}` : '';
  const badKey = code === 'CO.INVALID_API_KEY' || /invalid api key/i.test(message ?? '');
  if (status === 401 && /expired/i.test(what)) {
    return new ConnectorError('TOKEN_EXPIRED', 'The QMetry Open API key has expired (HTTP 401)', { status, field: 'apiKey' });
  }
  if (status === 401 || badKey) {
    return new ConnectorError('INVALID_CREDENTIALS', `The QMetry Open API key was rejected (HTTP ${status})`, { status, field: 'apiKey' });
  }
  if (status === 403) {
    return new ConnectorError('MISSING_PERMISSION', `QMetry denied access to project ${project} (HTTP 403)${detail}`, { status });
  }
  if (/orgcode/i.test(what)) {
    return new ConnectorError('WRONG_REGION_OR_URL', `QMetry rejected the organisation code (orgcode) (HTTP ${status})${detail}`, {
      status,
      field: 'orgCode',
    });
  }
  const aboutProject = /project/i.test(what) || (status === 404 && json && /\/project\b/.test(path));
  if (status === 404 && !aboutProject) {
    const where = json ? `QMetry has nothing at ${path} on ${baseUrl} (HTTP 404)${detail}` : `No QMetry Test Management site answers at ${baseUrl} (HTTP 404)`;
    return new ConnectorError('WRONG_REGION_OR_URL', where, { status });
  }
  if (aboutProject && (status === 404 || /not\s*found|PROJECT_NOT_FOUND/i.test(what))) {
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

  async function send<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body: unknown,
    schema: ZodType<T>,
    project: string,
    extra: Record<string, string> = {},
  ): Promise<T> {
    const headers: Record<string, string> = { apikey: apiKey, project, Accept: 'application/json', ...extra };
    if (opts.orgCode?.trim()) headers.orgcode = opts.orgCode.trim();
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await requestJson(
        opts.fetch,
        `${baseUrl}${path}`,
        { method, headers, body: body === undefined ? undefined : JSON.stringify(body) },
        schema,
        { ...http, service: 'QMetry', secrets: [apiKey], refine: (status, text) => classify(status, text, baseUrl, project, path) },
      );
    } catch (e) {
      // An answer in a shape the schema refuses: say which call it was.
      if (e instanceof ConnectorError && e.code === 'UNEXPECTED_RESPONSE' && !e.details.endpoint) {
        throw new ConnectorError(e.code, e.message, { ...e.details, endpoint: `${method} ${path}` }, { cause: e.cause });
      }
      throw e;
    }
  }

  return {
    baseUrl,
    projectKey,
    post: (path, body, schema, project, extra) => send('POST', path, body, schema, project ?? projectKey, extra),
    get: (path, schema, project) => send('GET', path, undefined, schema, project ?? projectKey),
    put: (path, body, schema, project) => send('PUT', path, body, schema, project ?? projectKey),
  };
}
