/**
 * The per-invocation context of the local Forge runtime.
 *
 * Each invocation (resolver call, event delivery, trigger) runs inside `AsyncLocalStorage`, so concurrent
 * invocations each see their own principal, module and time budget through the SDK hooks.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** What the SDK hooks need from the runtime that started an invocation. */
export interface RuntimeBackend {
  /** Answers `global.__forge_fetch__(descriptor, path, init)`. */
  forgeFetch(ctx: InvocationContext, descriptor: ForgeFetchDescriptor, path: string, init?: RequestInit): Promise<Response>;
  /** Answers the global `fetch` made by app code during an invocation (egress-checked). */
  egressFetch(ctx: InvocationContext, input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Static facts exposed through `__forge_runtime__.appContext`. */
  readonly appInfo: AppInfo;
}

export interface AppInfo {
  appId: string;
  appVersion: string;
  environmentId: string;
  environmentType: string;
  installationId: string;
  cloudId: string;
  siteUrl: string;
  permissions: { scopes: string[]; external: Record<string, unknown> };
}

/** The first argument of `global.__forge_fetch__`, as built by @forge/api, @forge/kvs and @forge/events. */
export interface ForgeFetchDescriptor {
  type: string;
  provider?: string;
  remote?: string;
  accountId?: string;
  contextAri?: string;
}

export interface Principal {
  accountId: string;
}

export interface InvocationContext {
  invocationId: string;
  /** Key of the manifest function being run. */
  functionKey: string;
  /** Key of the module that caused the invocation (admin page, consumer, trigger...). */
  moduleKey: string;
  /** The calling user, absent for app-only invocations (triggers, events pushed by a trigger). */
  principal?: Principal;
  startedAt: number;
  budgetMs: number;
  backend: RuntimeBackend;
}

const storage = new AsyncLocalStorage<InvocationContext>();

export function currentInvocation(): InvocationContext | undefined {
  return storage.getStore();
}

export function runInInvocation<T>(ctx: InvocationContext, fn: () => Promise<T> | T): Promise<T> {
  return storage.run(ctx, async () => fn());
}

export function remainingTimeMs(ctx: InvocationContext, now = Date.now()): number {
  return Math.max(0, ctx.budgetMs - (now - ctx.startedAt));
}
