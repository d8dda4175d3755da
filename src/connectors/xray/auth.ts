/**
 * Xray Cloud API keys → a bearer token: `POST /api/v2/authenticate` with `{client_id, client_secret}` answers the
 * token as a JSON string (a JWT); its errors are text or JSON (errors.ts), and a 401 saying the Xray licence is not
 * valid is told apart from a rejected key. The token is cached until shortly before its `exp` claim and dropped after a 401
 * so the next request authenticates again. With a `store` (the sync run's secret cache) the token outlives the
 * invocation: a continuation of the run uses it instead of authenticating again. It is kept with a fingerprint of the
 * API key, so a key changed during the run is not answered with the old key's token.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { requestJson, type RequestOptions } from '../http';
import { ConnectorError, type FetchLike } from '../types';
import { isLicenceError, licenceError, xrayErrorText } from './errors';
import { AuthTokenSchema } from './records';

/** Renew this long before the token's `exp`. */
const EXPIRY_SKEW_MS = 60_000;
/** Cache lifetime of a token whose `exp` cannot be read. */
const FALLBACK_TTL_MS = 60 * 60 * 1000;

/** Where a token may be kept beyond this object (encrypted storage of the run). */
export interface TokenStore {
  get(): Promise<unknown>;
  set(value: unknown): Promise<void>;
}

const KeptToken = z.object({ token: z.string().min(1), renewAt: z.number(), key: z.string() });

/** Tells one API key from another without keeping either. */
function keyFingerprint(clientId: string, clientSecret: string): string {
  return createHash('sha256').update(`${clientId}\n${clientSecret}`).digest('hex');
}

export interface XrayCredentials {
  clientId: string;
  clientSecret: string;
}

export interface XrayAuth {
  /** The Authorization header value to send. */
  header(): Promise<string>;
  /** Drops the cached token; answers whether there was one. */
  invalidate(): boolean;
  /** Authenticates against another base URL without caching (the region probe of checkConnection). */
  probe(baseUrl: string): Promise<void>;
  /** Values that must never appear in a message. */
  secrets(): string[];
}

/** The `exp` claim of a JWT in epoch milliseconds, or undefined when the token is not a readable JWT. */
export function jwtExpiryMs(token: string): number | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Checks the API key fields before any request; names the field at fault. */
export function checkCredentialShape(c: XrayCredentials): ConnectorError | undefined {
  const id = c.clientId.trim();
  const secret = c.clientSecret.trim();
  if (!id) return new ConnectorError('INVALID_CREDENTIALS', 'The Xray Client ID is empty', { field: 'clientId' });
  if (!secret) return new ConnectorError('INVALID_CREDENTIALS', 'The Xray Client Secret is empty', { field: 'clientSecret' });
  return undefined;
}

/** Xray's API key ids are 32 hex digits and secrets 64: a pair the other way round was most likely swapped. */
export function looksSwapped(c: XrayCredentials): boolean {
  return /^[0-9a-f]{64}$/i.test(c.clientId.trim()) && /^[0-9a-f]{32}$/i.test(c.clientSecret.trim());
}

export function createXrayAuth(opts: {
  baseUrl: string;
  credentials: XrayCredentials;
  fetch: FetchLike;
  now: () => number;
  http: Omit<RequestOptions, 'service'>;
  store?: TokenStore;
}): XrayAuth {
  const clientId = opts.credentials.clientId.trim();
  const clientSecret = opts.credentials.clientSecret.trim();
  const key = keyFingerprint(clientId, clientSecret);
  const issued: string[] = [];
  let cached: { value: string; renewAt: number } | undefined;
  // The store is asked once: after that this object's own cache (or a 401) decides.
  let storeAsked = !opts.store;

  /** The token kept in the store, when it is for this key and not yet due for renewal. */
  async function keptToken(): Promise<{ value: string; renewAt: number } | undefined> {
    storeAsked = true;
    const kept = KeptToken.safeParse(await opts.store!.get());
    if (!kept.success || kept.data.key !== key || opts.now() >= kept.data.renewAt) return undefined;
    issued.push(kept.data.token);
    return { value: `Bearer ${kept.data.token}`, renewAt: kept.data.renewAt };
  }

  async function authenticate(baseUrl: string): Promise<string> {
    const shape = checkCredentialShape(opts.credentials);
    if (shape) throw shape;
    const token = await requestJson(
      opts.fetch,
      `${baseUrl}/api/v2/authenticate`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ client_id: clientId, client_secret: clientSecret }),
      },
      AuthTokenSchema,
      {
        ...opts.http,
        service: 'Xray',
        secrets: [clientSecret, clientId, ...issued, ...(opts.http.secrets ?? [])],
        refine: (status, body) => {
          if (isLicenceError(status, body)) return licenceError(status, body);
          if (status !== 400 && status !== 401 && status !== 403) return undefined;
          const said = xrayErrorText(body);
          const suffix = said ? ` (Xray said: "${said}")` : '';
          return new ConnectorError(
            'INVALID_CREDENTIALS',
            looksSwapped(opts.credentials)
              ? `Xray rejected the API key (HTTP ${status}): the Client ID and Client Secret look swapped${suffix}`
              : `Xray rejected the API key (HTTP ${status}): the Client ID is unknown here or the Client Secret does not match it${suffix}`,
            { status, field: 'clientSecret' },
          );
        },
      },
    );
    issued.push(token);
    return token;
  }

  return {
    async header() {
      if (cached && opts.now() < cached.renewAt) return cached.value;
      if (!storeAsked) {
        cached = await keptToken();
        if (cached) return cached.value;
      }
      const token = await authenticate(opts.baseUrl);
      const exp = jwtExpiryMs(token);
      const renewAt = exp !== undefined ? exp - EXPIRY_SKEW_MS : opts.now() + FALLBACK_TTL_MS;
      cached = { value: `Bearer ${token}`, renewAt };
      await opts.store?.set({ token, renewAt, key });
      return cached.value;
    },
    invalidate() {
      const had = cached !== undefined;
      cached = undefined;
      return had;
    },
    async probe(baseUrl: string) {
      await authenticate(baseUrl);
    },
    secrets: () => [clientSecret, ...issued],
  };
}
