/**
 * qTest credentials → the Authorization header value.
 * - API token (from "Download qTest Resources"/API & SDK): `Bearer <token>`, never expires unless revoked.
 * - Username/password: `POST /oauth/token` (form: grant_type=password, username, password) with
 *   `Authorization: Basic base64("<clientName>:")`, clientName defaulting to the site name; the answer's
 *   `<token_type> <access_token>` is cached until shortly before `expires_in` runs out.
 */
import { requestJson, type RequestOptions } from '../http';
import { ConnectorError, type FetchLike } from '../types';
import { OAuthResponseSchema } from './records';

export type QtestAuthConfig =
  | { kind: 'token'; token: string }
  | { kind: 'password'; username: string; password: string; clientName?: string };

export interface QtestAuth {
  /** The Authorization header value to send. */
  header(): Promise<string>;
  /** Drops a cached login token (after a 401), so the next header() logs in again. Returns whether it did. */
  invalidate(): boolean;
  readonly kind: QtestAuthConfig['kind'];
  /** Values that must never appear in a message. */
  secrets(): string[];
}

/** Refresh this long before the token's stated expiry. */
const EXPIRY_SKEW_MS = 60_000;

export function createQtestAuth(opts: {
  baseUrl: string;
  site: string;
  auth: QtestAuthConfig;
  fetch: FetchLike;
  now: () => number;
  http: Omit<RequestOptions, 'service'>;
}): QtestAuth {
  if (opts.auth.kind === 'token') {
    const token = opts.auth.token.trim().replace(/^bearer\s+/i, '');
    if (!token) throw new ConnectorError('INVALID_CREDENTIALS', 'The qTest API token is empty');
    return {
      kind: 'token',
      header: async () => `Bearer ${token}`,
      invalidate: () => false,
      secrets: () => [token],
    };
  }

  const auth = opts.auth;
  let cached: { value: string; token: string; expiresAt: number } | undefined;
  const issued: string[] = [];
  const clientName = auth.clientName?.trim() || opts.site;

  async function login(): Promise<string> {
    const body = new URLSearchParams({ grant_type: 'password', username: auth.username, password: auth.password });
    const basic = Buffer.from(`${clientName}:`, 'utf8').toString('base64');
    const res = await requestJson(
      opts.fetch,
      `${opts.baseUrl}/oauth/token`,
      {
        method: 'POST',
        headers: {
          Authorization: `Basic ${basic}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: body.toString(),
      },
      OAuthResponseSchema,
      {
        ...opts.http,
        service: 'qTest',
        secrets: [auth.password, ...(opts.http.secrets ?? [])],
        // POST /oauth/token (postAccessToken): 400 "Invalid refresh token or grant type" (qTest answers a wrong
        // username or password with `{ error: "invalid_grant", error_description: "Bad credentials" }`), 401 "Missing
        // or invalid Authorization header value" (the Basic client name).
        refine: (status) =>
          status === 400
            ? new ConnectorError(
                'INVALID_CREDENTIALS',
                `qTest rejected the login of ${auth.username} (HTTP 400): check the username and password`,
                { status, endpoint: 'POST /oauth/token' },
              )
            : status === 401
              ? new ConnectorError(
                  'INVALID_CREDENTIALS',
                  `qTest refused the login client "${clientName}" (HTTP 401): leave the client name empty to use the site name`,
                  { status, endpoint: 'POST /oauth/token' },
                )
              : undefined,
      },
    );
    const lifetimeMs = res.expires_in && res.expires_in > 0 ? res.expires_in * 1000 : Number.POSITIVE_INFINITY;
    const tokenType = res.token_type.toLowerCase() === 'bearer' ? 'Bearer' : res.token_type;
    issued.push(res.access_token);
    cached = {
      value: `${tokenType} ${res.access_token}`,
      token: res.access_token,
      expiresAt: opts.now() + Math.max(0, lifetimeMs - EXPIRY_SKEW_MS),
    };
    return cached.value;
  }

  return {
    kind: 'password',
    header: async () => (cached && opts.now() < cached.expiresAt ? cached.value : login()),
    invalidate: () => {
      const had = cached !== undefined;
      cached = undefined;
      return had;
    },
    secrets: () => [auth.password, ...issued],
  };
}
