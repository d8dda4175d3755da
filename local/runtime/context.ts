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

/**
 * The site licence an invocation runs with: `active` (the default), `inactive` (a lapsed subscription), or `none`
 * (no licence data, as on Forge for free apps and development or staging installs). Chosen for the whole runtime
 * with TESTSYNC_LOCAL_LICENSE, and for a page's resolver calls with `?license=` on its URL.
 */
export const LICENSE_MODES = ['active', 'inactive', 'none'] as const;
export type LicenseMode = (typeof LICENSE_MODES)[number];

export function isLicenseMode(value: unknown): value is LicenseMode {
  return typeof value === 'string' && (LICENSE_MODES as readonly string[]).includes(value);
}

/** The runtime's licence from TESTSYNC_LOCAL_LICENSE; `active` when unset. */
export function licenseModeFromEnv(env: NodeJS.ProcessEnv = process.env): LicenseMode {
  const v = env.TESTSYNC_LOCAL_LICENSE?.trim().toLowerCase();
  if (!v) return 'active';
  if (!isLicenseMode(v)) throw new Error(`TESTSYNC_LOCAL_LICENSE must be one of ${LICENSE_MODES.join(', ')}, not "${v}"`);
  return v;
}

/** The licence object Forge passes for a mode (`context.license`, `getAppContext().license`); none for `none`. */
export function licenseObject(mode: LicenseMode): { active: boolean; isActive: boolean; type: string; isEvaluation: boolean } | undefined {
  if (mode === 'none') return undefined;
  return { active: mode === 'active', isActive: mode === 'active', type: 'COMMERCIAL', isEvaluation: false };
}

/** The mode a licence object in a page context stands for: `null` is `none`; absent (undefined) is not given. */
export function licenseModeOf(license: unknown): LicenseMode | undefined {
  if (license === undefined) return undefined;
  if (license === null || typeof license !== 'object') return 'none';
  const { active, isActive } = license as { active?: unknown; isActive?: unknown };
  const flag = typeof active === 'boolean' ? active : isActive;
  return typeof flag === 'boolean' ? (flag ? 'active' : 'inactive') : 'none';
}

export interface InvocationContext {
  invocationId: string;
  /** Key of the manifest function being run. */
  functionKey: string;
  /** Key of the module that caused the invocation (admin page, consumer, trigger...). */
  moduleKey: string;
  /** The calling user, absent for app-only invocations (triggers, events pushed by a trigger). */
  principal?: Principal;
  /** The site licence of this invocation. */
  license: LicenseMode;
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
