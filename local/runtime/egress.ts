/**
 * Backend egress of the local runtime: the global `fetch` seen by app code during an invocation.
 *
 * 1. The URL must be https and its host must match an address of `permissions.external.fetch.backend`
 *    (`*.x.com` matches any depth of subdomain of x.com, not x.com itself); otherwise the call throws the
 *    SDK's own `ExternalEndpointNotAllowedError` (name `REQUEST_EGRESS_ALLOWLIST_ERR`).
 * 2. A vendor host with a simulator (see vendor-hosts.ts) goes to that simulator on the local server.
 * 3. Anything else fails like an unreachable host (`TypeError: fetch failed`, cause `ENOTFOUND`), since
 *    the local runtime has no network, unless `allowNetwork` is set.
 * With `useSimulators: false` (real tools: `npm start` against a real Jira site, `npm run capture`), step 2 is skipped
 * and every allowed URL goes to the network.
 */
import { toSimulatorUrl } from './vendor-hosts';
import { originalFetch } from './hooks';

type FetchFn = typeof globalThis.fetch;
type FetchInput = string | URL | Request;

export function hostMatchesAddress(hostname: string, address: string): boolean {
  const host = hostname.toLowerCase();
  let pattern = address.trim().toLowerCase();
  if (pattern === '*') return true;
  pattern = pattern.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').split(/[/?#]/)[0].replace(/:\d+$/, '');
  if (pattern.startsWith('*.')) {
    const base = pattern.slice(2);
    return host.endsWith(`.${base}`) && host.length > base.length + 1;
  }
  return host === pattern;
}

/** Answers whether the manifest's backend egress addresses allow this URL (https only). */
export function isEgressAllowed(url: string, addresses: string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  return addresses.some((a) => hostMatchesAddress(parsed.hostname, a));
}

/** The error Forge raises for a URL outside the app's backend egress permissions. */
export function egressNotAllowedError(url: string): Error {
  // Loaded from its own file: the @forge/api entry point captures the global fetch when first required.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { ExternalEndpointNotAllowedError } = require('@forge/api/out/api/errors') as {
    ExternalEndpointNotAllowedError: new (url: string) => Error;
  };
  return new ExternalEndpointNotAllowedError(url);
}

export function hostNotFoundError(hostname: string): TypeError {
  const cause = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
    code: 'ENOTFOUND',
    errno: -3008,
    syscall: 'getaddrinfo',
    hostname,
  });
  return new TypeError('fetch failed', { cause });
}

interface NormalizedRequest {
  url: string;
  init: RequestInit;
}

async function normalize(input: FetchInput, init?: RequestInit): Promise<NormalizedRequest> {
  if (typeof input === 'string' || input instanceof URL) return { url: String(input), init: { ...(init ?? {}) } };
  const req = new Request(input, init);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return {
    url: req.url,
    init: {
      method: req.method,
      headers: req.headers,
      body: hasBody ? await req.arrayBuffer() : undefined,
      redirect: req.redirect,
      signal: init?.signal ?? req.signal,
    },
  };
}

export interface VendorRouteOptions {
  /** Base URL of the local server that mounts the vendor simulators, e.g. `http://127.0.0.1:8787`. */
  localBase: string | (() => string);
  /** Send URLs without a simulator to the network (default: fail as an unknown host). */
  allowNetwork?: boolean;
  /** Route vendor hosts to their simulators (default true); false sends them to the network (with allowNetwork). */
  useSimulators?: boolean;
  /** The fetch used for the outgoing call (default: the process's original fetch). */
  transport?: FetchFn;
}

/**
 * Routes vendor URLs to their simulators, without any egress check; for connector tests that call
 * vendor APIs outside a runtime invocation.
 */
export function createVendorFetch(localBase: string | (() => string), options: Omit<VendorRouteOptions, 'localBase'> = {}): FetchFn {
  return routeVendor({ ...options, localBase });
}

function routeVendor(options: VendorRouteOptions): FetchFn {
  const transport = options.transport ?? originalFetch;
  return (async (input: FetchInput, init?: RequestInit) => {
    const req = await normalize(input, init);
    const base = typeof options.localBase === 'function' ? options.localBase() : options.localBase;
    const sim = options.useSimulators === false ? null : toSimulatorUrl(req.url, base);
    if (sim) {
      const headers = new Headers(req.init.headers);
      for (const [k, v] of Object.entries(sim.headers)) headers.set(k, v);
      return transport(sim.url, { ...req.init, headers });
    }
    if (options.allowNetwork) return transport(req.url, req.init);
    throw hostNotFoundError(new URL(req.url).hostname);
  }) as FetchFn;
}

export interface EgressFetchOptions extends VendorRouteOptions {
  /** `permissions.external.fetch.backend` addresses of the manifest. */
  addresses: string[];
}

/** The egress-checked fetch that app code sees during an invocation. */
export function createEgressFetch(options: EgressFetchOptions): FetchFn {
  const route = routeVendor(options);
  return (async (input: FetchInput, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!isEgressAllowed(url, options.addresses)) throw egressNotAllowedError(url);
    return route(input, init);
  }) as FetchFn;
}
