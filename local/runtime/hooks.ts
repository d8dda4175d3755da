/**
 * The global hooks through which the Forge SDKs reach the platform:
 * - `global.__forge_fetch__(descriptor, path, init)` for storage, product and queue calls;
 * - `global.__forge_runtime__` (a getter: each invocation sees its own context);
 * - the global `fetch`, which app code (and `fetch` of @forge/api) uses for egress.
 *
 * The hooks are installed when this module is first loaded. `@forge/api` captures the global `fetch` when it
 * is first required, so load the runtime (this module) before the app's handlers or `@forge/api`.
 */
import { currentInvocation, licenseObject, remainingTimeMs, type ForgeFetchDescriptor, type InvocationContext } from './context';

type FetchFn = typeof globalThis.fetch;

interface HookedGlobal {
  __forge_fetch__?: (descriptor: ForgeFetchDescriptor, path: string, init?: RequestInit) => Promise<Response>;
  __forge_runtime__?: unknown;
  __forge_local_hooks__?: { originalFetch: FetchFn };
}

const g = globalThis as unknown as HookedGlobal & { fetch: FetchFn };

/** The `fetch` of the Node.js process before the runtime wrapped it; for the runtime's own calls. */
export const originalFetch: FetchFn = installHooks();

function installHooks(): FetchFn {
  if (g.__forge_local_hooks__) return g.__forge_local_hooks__.originalFetch;
  const nodeFetch = g.fetch.bind(globalThis);
  g.__forge_local_hooks__ = { originalFetch: nodeFetch };

  g.__forge_fetch__ = async (descriptor, path, init) => {
    const ctx = currentInvocation();
    if (!ctx) {
      throw new Error(
        `Forge platform call outside an invocation (${descriptor?.type} ${path}). ` +
          'Run the code through the local runtime (invoke, fireTrigger, runAsApp).',
      );
    }
    return ctx.backend.forgeFetch(ctx, descriptor, path, init);
  };

  Object.defineProperty(globalThis, '__forge_runtime__', {
    configurable: true,
    enumerable: false,
    get: () => {
      const ctx = currentInvocation();
      return ctx ? runtimeView(ctx) : undefined;
    },
  });

  const wrapped = (async (input: string | URL | Request, init?: RequestInit) => {
    const ctx = currentInvocation();
    if (!ctx) return nodeFetch(input, init);
    return ctx.backend.egressFetch(ctx, input, init);
  }) as FetchFn;
  g.fetch = wrapped;
  return nodeFetch;
}

const noopTimer = { stop: () => undefined };
const metrics = {
  counter: () => ({ incr: () => undefined, decr: () => undefined }),
  timing: () => ({ measure: () => noopTimer }),
  gauge: () => ({ set: () => undefined }),
};

/** What `global.__forge_runtime__` answers during an invocation. */
function runtimeView(ctx: InvocationContext): Record<string, unknown> {
  const info = ctx.backend.appInfo;
  return {
    appContext: {
      appId: info.appId,
      appVersion: info.appVersion,
      environmentId: info.environmentId,
      environmentType: info.environmentType,
      invocationId: ctx.invocationId,
      installationId: info.installationId,
      moduleKey: ctx.moduleKey,
      functionKey: ctx.functionKey,
      // What `getAppContext().license` answers: the invocation's licence, none for `none` (as on Forge in development).
      license: licenseObject(ctx.license),
      installation: undefined,
      permissions: info.permissions,
    },
    contextAri: `ari:cloud:jira::site/${info.cloudId}`,
    aaid: ctx.principal?.accountId,
    lambdaContext: {
      functionName: ctx.functionKey,
      awsRequestId: ctx.invocationId,
      getRemainingTimeInMillis: () => remainingTimeMs(ctx),
    },
    metrics,
    tracing: { traceId: ctx.invocationId.replace(/-/g, '').slice(0, 16), spanId: ctx.invocationId.slice(0, 8) },
    proxy: { token: 'local-token', url: 'http://local-runtime' },
  };
}
