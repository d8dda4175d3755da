/**
 * The local Forge runtime: runs the app's real handlers (as declared in manifest.yml) inside invocation
 * contexts, and answers the SDKs' platform calls (storage, Jira, queues, egress) through the global hooks.
 */
import './hooks';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import {
  licenseModeFromEnv,
  licenseModeOf,
  licenseObject,
  runInInvocation,
  type AppInfo,
  type ForgeFetchDescriptor,
  type InvocationContext,
  type LicenseMode,
  type Principal,
  type RuntimeBackend,
} from './context';
import { createEgressFetch } from './egress';
import { EventQueue, type QueuedEvent } from './event-queue';
import { handleKvsRequest } from './kvs-api';
import { KvsStore } from './kvs-store';
import { loadManifest, type AppManifest, type ConsumerDecl, type FunctionDecl } from './manifest';
import { prepareDataDir } from './persistence';
import { forwardJira, realJiraFromEnv, type RealJiraSite } from './product-fetch';

export const DEFAULT_ROOT = path.resolve(__dirname, '..', '..');
export const RESOLVER_BUDGET_SECONDS = 25;
export const DEFAULT_BUDGET_SECONDS = 55;
export const LOCAL_CLOUD_ID = 'local-cloud';

type Handler = (...args: unknown[]) => unknown;

export interface LocalRuntimeOptions {
  /** Repository root; default: two levels above this file. */
  rootDir?: string;
  /** Default `<rootDir>/manifest.yml`. */
  manifestPath?: string;
  /** Module holding every handler export; default `<rootDir>/src/<file of handler>`. */
  handlersModule?: string;
  /** Handler exports given directly (takes precedence over `handlersModule`). */
  handlers?: Record<string, unknown>;
  /** Where storage is persisted; default `<rootDir>/.local-data`; `false` keeps it in memory. */
  dataDir?: string | false;
  /** Delete the data directory first. */
  fresh?: boolean;
  /**
   * Every storage write (and every write to the Jira simulator) reaches the data directory before it is answered, as
   * Forge's storage and Jira keep what they acknowledged: a process killed at any point loses nothing they answered.
   * Off by default (writes are batched); TESTSYNC_DURABLE_WRITES=1 for `npm start`.
   */
  durableWrites?: boolean;
  /** Base URL of the local server that mounts the simulators (a function when the port is known later). */
  localBase?: string | (() => string);
  /** A real Jira site; default from JIRA_BASE_URL/JIRA_EMAIL/JIRA_API_TOKEN; `null` forces the simulator. */
  realJira?: RealJiraSite | null;
  /** Time budgets in seconds by function key, overriding the manifest and platform defaults. */
  budgets?: Record<string, number>;
  /** Multiplies every queue delay; 0 in tests. */
  delayScale?: number;
  duplicateDelivery?: boolean;
  maxRetries?: number;
  maxRequestedRetries?: number;
  backoffSeconds?: number;
  /** Let egress-allowed URLs without a simulator reach the network (default: fail as unknown host). */
  allowNetwork?: boolean;
  /**
   * Where the app's calls to the tools' hosts go: their simulators on the local server, or the real tools over the
   * network (egress-checked all the same). Default: TESTSYNC_TOOLS (`simulators` | `network`), else `network` with
   * a real Jira site and `simulators` without.
   */
  toolTarget?: ToolTarget;
  /**
   * The site licence of every invocation (triggers, queue consumers, and resolvers whose page names none).
   * Default: TESTSYNC_LOCAL_LICENSE, else `active`.
   */
  license?: LicenseMode;
  log?: (message: string) => void;
}

export type ToolTarget = 'simulators' | 'network';

/** Where tool calls go by default (see LocalRuntimeOptions.toolTarget). */
export function defaultToolTarget(realJira: boolean, env: NodeJS.ProcessEnv = process.env): ToolTarget {
  const v = env.TESTSYNC_TOOLS?.trim().toLowerCase();
  if (v === 'simulators' || v === 'network') return v;
  if (v) throw new Error(`TESTSYNC_TOOLS must be "simulators" or "network", not "${v}"`);
  return realJira ? 'network' : 'simulators';
}

export interface InvokeResolverRequest {
  moduleKey: string;
  functionKey: string;
  payload?: unknown;
  /** The UI context (as `view.getContext()` answers); passed to the resolver as `context`. */
  context?: Record<string, unknown>;
  /** The calling user; default `context.accountId`. */
  accountId?: string;
  /** The site licence; default the one the page context holds (`context.license`, null for none), else the runtime's. */
  license?: LicenseMode;
}

export interface TriggerSummary {
  trigger: string;
  result: unknown;
  error?: string;
  events: { delivered: number; retried: number; failed: number };
  durationMs: number;
}

export interface RunOptions {
  accountId?: string;
  moduleKey?: string;
  functionKey?: string;
  budgetSeconds?: number;
}

export class LocalForgeRuntime implements RuntimeBackend {
  readonly manifest: AppManifest;
  readonly kvs: KvsStore;
  readonly queue: EventQueue;
  readonly dataDir: string | undefined;
  readonly realJira: RealJiraSite | undefined;
  readonly toolTarget: ToolTarget;
  /** The site licence invocations run with (see LocalRuntimeOptions.license); may be changed while running. */
  license: LicenseMode;
  private readonly rootDir: string;
  private readonly localBase: () => string;
  private readonly egress: typeof globalThis.fetch;
  private readonly log: (message: string) => void;

  constructor(private readonly options: LocalRuntimeOptions = {}) {
    this.rootDir = options.rootDir ?? DEFAULT_ROOT;
    this.manifest = loadManifest(options.manifestPath ?? path.join(this.rootDir, 'manifest.yml'));
    this.dataDir = options.dataDir === false ? undefined : options.dataDir ?? path.join(this.rootDir, '.local-data');
    if (this.dataDir) prepareDataDir(this.dataDir, !!options.fresh);
    this.kvs = new KvsStore(this.dataDir, { durable: !!options.durableWrites });
    const base = options.localBase ?? 'http://127.0.0.1:8787';
    this.localBase = typeof base === 'function' ? base : () => base;
    this.realJira = options.realJira === null ? undefined : options.realJira ?? realJiraFromEnv();
    this.log = options.log ?? ((m) => console.error(`[local-runtime] ${m}`));
    this.toolTarget = options.toolTarget ?? defaultToolTarget(!!this.realJira);
    this.license = options.license ?? licenseModeFromEnv();
    this.egress = createEgressFetch({
      addresses: this.manifest.egressAddresses,
      localBase: this.localBase,
      allowNetwork: options.allowNetwork || this.toolTarget === 'network',
      useSimulators: this.toolTarget === 'simulators',
    });
    this.queue = new EventQueue({
      consumers: this.manifest.consumers,
      deliver: (consumer, event, principal) => this.deliverEvent(consumer, event, principal),
      delayScale: options.delayScale,
      duplicateDelivery: options.duplicateDelivery,
      maxRetries: options.maxRetries,
      maxRequestedRetries: options.maxRequestedRetries,
      backoffSeconds: options.backoffSeconds,
      log: this.log,
    });
  }

  get appInfo(): AppInfo {
    return {
      appId: this.manifest.appId,
      appVersion: '1.0.0-local',
      environmentId: 'local-environment',
      environmentType: 'DEVELOPMENT',
      installationId: 'local-installation',
      cloudId: LOCAL_CLOUD_ID,
      siteUrl: this.siteUrl,
      permissions: { scopes: this.manifest.scopes, external: { fetch: { backend: this.manifest.egressAddresses } } },
    };
  }

  /** The Jira site the app talks to: the real one, or the simulator on the local server. */
  get siteUrl(): string {
    return this.realJira?.baseUrl ?? `${this.localBase().replace(/\/$/, '')}/jira`;
  }

  get installContext(): string {
    return `ari:cloud:jira::site/${LOCAL_CLOUD_ID}`;
  }

  /** Time budget of a function in seconds: option override, then manifest timeoutSeconds, then platform default. */
  budgetSeconds(functionKey: string): number {
    const override = this.options.budgets?.[functionKey];
    if (override !== undefined) return override;
    const fn = this.manifest.functions.get(functionKey);
    if (fn?.timeoutSeconds) return fn.timeoutSeconds;
    const isResolver = [...this.manifest.uiModules.values()].some((m) => m.resolverFunction === functionKey);
    return isResolver ? RESOLVER_BUDGET_SECONDS : DEFAULT_BUDGET_SECONDS;
  }

  /** Calls a UI module's resolver as `invoke(functionKey, payload)` of @forge/bridge does. */
  async invokeResolver(request: InvokeResolverRequest): Promise<unknown> {
    const module = this.manifest.uiModules.get(request.moduleKey);
    if (!module?.resolverFunction) throw new Error(`No module with a resolver has the key "${request.moduleKey}"`);
    const context: Record<string, unknown> = { ...(request.context ?? {}), moduleKey: request.moduleKey };
    const accountId = request.accountId ?? (typeof context.accountId === 'string' ? context.accountId : undefined);
    const principal = accountId ? { accountId } : undefined;
    const license = request.license ?? licenseModeOf(context.license) ?? this.license;
    // As on Forge, the resolver's licence is the platform's (second argument), whatever the page context says.
    return this.runFunction(module.resolverFunction, request.moduleKey, principal, license, (handler) =>
      handler(
        { call: { functionKey: request.functionKey, payload: request.payload }, context },
        { principal, installContext: this.installContext, license: licenseObject(license) },
      ),
    );
  }

  /** Fires a scheduled trigger, waits for the events it caused, and summarises. */
  async fireTrigger(triggerKey: string): Promise<TriggerSummary> {
    const trigger = this.manifest.triggers.get(triggerKey);
    if (!trigger) throw new UnknownTriggerError(triggerKey);
    const before = { ...this.queue.counters };
    const started = Date.now();
    let result: unknown;
    let error: string | undefined;
    try {
      const license = this.license;
      result = await this.runFunction(trigger.functionKey, trigger.key, undefined, license, (handler) =>
        handler(
          { context: { cloudId: LOCAL_CLOUD_ID, moduleKey: trigger.key }, contextToken: `local-context-token-${randomUUID()}`, userAccess: { enabled: false } },
          { installContext: this.installContext, principal: undefined, license: licenseObject(license) },
        ),
      );
    } catch (err) {
      error = (err as Error)?.message ?? String(err);
      this.log(`trigger ${triggerKey} threw: ${(err as Error)?.stack ?? err}`);
    }
    await this.queue.drain();
    const c = this.queue.counters;
    return {
      trigger: triggerKey,
      result: result ?? null,
      ...(error ? { error } : {}),
      events: { delivered: c.delivered - before.delivered, retried: c.retried - before.retried, failed: c.failed - before.failed },
      durationMs: Date.now() - started,
    };
  }

  /** Runs arbitrary code inside an invocation, so SDK calls (kvs, requestJira, Queue) work. */
  runInInvocation<T>(fn: () => Promise<T> | T, options: RunOptions = {}): Promise<T> {
    const functionKey = options.functionKey ?? 'local-script';
    const ctx = this.newContext(functionKey, options.moduleKey ?? functionKey, options.accountId ? { accountId: options.accountId } : undefined, this.license);
    if (options.budgetSeconds !== undefined) ctx.budgetMs = options.budgetSeconds * 1000;
    return runInInvocation(ctx, fn);
  }

  drain(): Promise<void> {
    return this.queue.drain();
  }

  flush(): void {
    this.kvs.flush();
  }

  async close(): Promise<void> {
    this.queue.close();
    this.flush();
  }

  // ---- RuntimeBackend ----

  async forgeFetch(ctx: InvocationContext, descriptor: ForgeFetchDescriptor, path: string, init?: RequestInit): Promise<Response> {
    if (descriptor?.type === 'kvs') return handleKvsRequest(this.kvs, path, init);
    if (descriptor?.type === 'fpp' && descriptor.remote === 'jira') {
      return forwardJira({ localBase: this.localBase, realJira: this.realJira }, descriptor, ctx, path, init);
    }
    if (descriptor?.type === 'fpp' && path.startsWith('/webhook/queue/')) return this.queue.handle(path, init, ctx.principal);
    return new Response(
      JSON.stringify({ message: `The local runtime does not implement ${descriptor?.type}/${descriptor?.remote ?? ''} ${path}` }),
      { status: 501, headers: { 'content-type': 'application/json' } },
    );
  }

  egressFetch(_ctx: InvocationContext, input: string | URL | Request, init?: RequestInit): Promise<Response> {
    return this.egress(input, init);
  }

  // ---- internals ----

  private deliverEvent(consumer: ConsumerDecl, event: QueuedEvent, principal?: Principal): Promise<unknown> {
    const license = this.license;
    const platform = { principal, installContext: this.installContext, license: licenseObject(license) };
    return this.runFunction(consumer.functionKey, consumer.key, principal, license, (handler) => {
      if (!consumer.method) return handler(event, platform);
      const payload = {
        ...event.body,
        queueName: event.queueName,
        jobId: event.jobId,
        eventId: event.eventId,
        ...(event.retryContext ? { retryContext: event.retryContext } : {}),
      };
      return handler(
        { call: { functionKey: consumer.method, payload, jobId: event.jobId }, context: { moduleKey: consumer.key, cloudId: LOCAL_CLOUD_ID } },
        platform,
      );
    });
  }

  private newContext(functionKey: string, moduleKey: string, principal: Principal | undefined, license: LicenseMode): InvocationContext {
    return {
      invocationId: randomUUID(),
      functionKey,
      moduleKey,
      ...(principal ? { principal } : {}),
      license,
      startedAt: Date.now(),
      budgetMs: this.budgetSeconds(functionKey) * 1000,
      backend: this,
    };
  }

  private async runFunction(
    functionKey: string,
    moduleKey: string,
    principal: Principal | undefined,
    license: LicenseMode,
    call: (handler: Handler) => unknown,
  ): Promise<unknown> {
    const handler = this.loadHandler(functionKey);
    const ctx = this.newContext(functionKey, moduleKey, principal, license);
    const overrun = setTimeout(() => {
      this.log(
        `ERROR function "${functionKey}" (module ${moduleKey}) is still running after its ${ctx.budgetMs / 1000}s budget; ` +
          'on Forge this invocation would have been killed (FUNCTION_TIME_OUT).',
      );
    }, ctx.budgetMs);
    overrun.unref?.();
    try {
      return await runInInvocation(ctx, () => call(handler));
    } finally {
      clearTimeout(overrun);
    }
  }

  private loadHandler(functionKey: string): Handler {
    const fn = this.manifest.functions.get(functionKey);
    if (!fn) throw new Error(`manifest.yml declares no function with the key "${functionKey}"`);
    const exported = this.handlerExports(fn)[fn.exportName];
    if (typeof exported !== 'function') {
      throw new Error(`Handler "${fn.file}.${fn.exportName}" of function "${functionKey}" is not an exported function`);
    }
    return exported as Handler;
  }

  private handlerExports(fn: FunctionDecl): Record<string, unknown> {
    if (this.options.handlers) return this.options.handlers;
    const modulePath = this.options.handlersModule ?? path.join(this.rootDir, 'src', fn.file);
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return require(modulePath) as Record<string, unknown>;
  }
}

export class UnknownTriggerError extends Error {
  constructor(readonly triggerKey: string) {
    super(`manifest.yml declares no scheduled trigger with the key "${triggerKey}"`);
  }
}

export function createLocalRuntime(options: LocalRuntimeOptions = {}): LocalForgeRuntime {
  return new LocalForgeRuntime(options);
}
