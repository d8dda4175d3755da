/**
 * The local server: the app's Custom UI modules with a simulated Forge bridge, the runtime that runs the
 * app's real handlers, and the simulators of Jira (`/jira`), qTest (`/qtest`), Xray (`/xray`) and QMetry (`/qmetry`).
 *
 * Routes:
 *   GET  /                               index with links
 *   GET  /admin/ , /issue-panel/?issueKey=KEY , /traceability/?project=KEY ,
 *        /gadget/[?gadget=ID][&edit=1][&project=KEY&version=NAME&environment=NAME]
 *                                  [&as=accountId][&theme=dark][&license=active|inactive|none][&locale=de-DE][&tz=Asia/Tokyo]
 *                                        module pages (`/admin` and `/issue-panel` redirect there); `license` is
 *                                        the site licence of the page's resolver calls (default: the runtime's);
 *                                        `locale` and `tz` are the user's locale and time zone in the page's
 *                                        context (default en-US and UTC; passed as given, so Jira's "de_DE" form
 *                                        and unknown values reach the page as they would from Jira);
 *                                        a dashboard gadget (instance `gadget`, default 1) opens with the
 *                                        configuration its edit mode saved, or with `project`, `version` and
 *                                        `environment` when the URL gives them, and in edit mode with `edit=1`;
 *                                        build assets under `/<resource key>/...`
 *   GET  /__forge/bridge-shim.js         the bridge shim;  GET /__forge/theme.css  design tokens
 *   POST /__forge/invoke                 { moduleKey, functionKey, payload, context } → { ok, result | error }
 *   POST /__forge/fetch-product          requestJira of @forge/bridge, as the page's user
 *   POST /__forge/gadget-config          what a gadget's `view.submit` saves: { moduleKey, gadgetId, configuration }
 *   POST /__forge/triggers/:triggerKey   fires a scheduled trigger, answers its summary after the queue drains
 *   GET  /__forge/status                 queue and storage counters
 */
import './runtime/hooks';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  createLocalRuntime,
  UnknownTriggerError,
  hasStoredConnection,
  realJiraFromEnv,
  startTriggerSchedule,
  type LocalForgeRuntime,
  type LocalRuntimeOptions,
  type TriggerScheduler,
  type TriggerSummary,
} from './runtime';
import { defaultDataDir } from './runtime/persistence';
import { indexedPropertiesOf, loadSimulator, SnapshotKeeper, type Simulator } from './runtime/simulator-host';
import { BRIDGE_SHIM_PATH, themeCss } from './runtime/ui-host';
import type { LicenseMode } from './runtime/context';
import { GadgetConfigs } from './runtime/gadget-configs';
import { indexPage, jiraRequest, registerModuleRoutes } from './module-pages';

export interface LocalServerOptions extends LocalRuntimeOptions {
  /** Port to listen on; 0 picks a free one. Default PORT or 8787. */
  port?: number;
  host?: string;
  /** Simulators to mount; default: loaded from local/simulators; `null` mounts none. */
  simulators?: Partial<Record<SimulatorName, Simulator | null>>;
  /**
   * Fire scheduled triggers on their intervals. Default false. With a real Jira site the schedule waits until the
   * app's storage holds a connection (one an admin added on the admin page).
   */
  schedule?: boolean;
  /** Multiplies the triggers' intervals (tests shorten them). Default 1. */
  scheduleIntervalScale?: number;
  /** Write the demo app settings (local/demo/app-config.ts) when the data dir is new. Default true; never with a real Jira site. */
  seedDemo?: boolean;
  /** Which tools' demo connections to configure (default: all). */
  demoTools?: Array<'qtest' | 'xray' | 'qmetry'>;
  /** Extra options for the simulator factories loaded from local/simulators (merged over the defaults). */
  simulatorOptions?: Partial<Record<SimulatorName, Record<string, unknown>>>;
  /** The user of the pages when no `?as=` is given. Default `demo-admin`. */
  defaultAccountId?: string;
}

export interface LocalServer {
  url: string;
  port: number;
  app: FastifyInstance;
  runtime: LocalForgeRuntime;
  /** Calls a resolver as a page would; `license` is the site licence of the call (default: the context's, else the runtime's). */
  invoke(request: { moduleKey: string; functionKey: string; payload?: unknown; accountId?: string; context?: Record<string, unknown>; license?: LicenseMode }): Promise<unknown>;
  fireTrigger(key: string): Promise<TriggerSummary>;
  /** Whether scheduled triggers fire on their intervals now. */
  readonly scheduling: boolean;
  /** Whether demo settings were written at this start. */
  readonly seeded: boolean;
  close(): Promise<void>;
}

export { defaultDataDir };

export async function createLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const host = options.host ?? '127.0.0.1';
  let port = options.port ?? Number(process.env.PORT ?? 8787);
  const localBase = () => `http://${host}:${port}`;
  const rootDir = options.rootDir ?? path.resolve(__dirname, '..');
  const realJira = options.realJira === null ? undefined : options.realJira ?? realJiraFromEnv();
  const dataDir = options.dataDir === false ? undefined : options.dataDir ?? defaultDataDir(rootDir, realJira);
  const newDataDir = !!options.fresh || !dataDir || !fs.existsSync(path.join(dataDir, 'kvs.json'));

  const runtime = createLocalRuntime({ ...options, rootDir, dataDir: dataDir ?? false, localBase, realJira: realJira ?? null });
  const gadgets = new GadgetConfigs(dataDir);
  const defaultAccountId = options.defaultAccountId ?? 'demo-admin';
  const log = options.log ?? ((m: string) => console.error(`[local-server] ${m}`));
  let scheduler: TriggerScheduler | undefined;
  let closed = false;
  /** Starts the schedule when asked for and allowed: always on the simulator, once a connection exists on a real site. */
  const armSchedule = () => {
    if (!options.schedule || scheduler || closed) return;
    if (runtime.realJira && !hasStoredConnection(runtime.kvs)) return;
    scheduler = startTriggerSchedule(runtime.manifest.triggers.values(), (key) => runtime.fireTrigger(key), {
      intervalScale: options.scheduleIntervalScale,
      log,
    });
    log(`scheduled triggers now fire on their intervals (${[...runtime.manifest.triggers.values()].map((t) => `${t.key}: ${t.interval}`).join(', ')})`);
  };
  const invoke = async (request: Parameters<LocalForgeRuntime['invokeResolver']>[0]) => {
    try {
      return await runtime.invokeResolver(request);
    } finally {
      if (runtime.realJira && options.schedule && !scheduler && hasStoredConnection(runtime.kvs)) {
        log('a connection was added on the admin page');
        armSchedule();
      }
    }
  };
  const app = Fastify({ logger: false });

  const sims = mountSimulators(app, runtime, rootDir, options, port ? `${localBase()}/jira` : undefined);
  const keeper = sims.jira && dataDir ? new SnapshotKeeper(sims.jira, path.join(dataDir, 'jira.json')) : undefined;
  if (keeper && options.durableWrites) {
    // Jira keeps what it answered: a write to the simulated site is on disk before its answer leaves.
    app.addHook('onSend', async (req, _reply, payload) => {
      if (req.method !== 'GET' && req.url.startsWith('/jira/')) keeper.save();
      return payload;
    });
  }

  app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(indexPage(runtime)));
  app.get('/__forge/bridge-shim.js', async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-store').send(fs.readFileSync(BRIDGE_SHIM_PATH, 'utf8')),
  );
  app.get('/__forge/theme.css', async (_req, reply) => reply.type('text/css; charset=utf-8').send(themeCss()));
  app.get('/__forge/status', async () => ({ queueIdle: runtime.queue.isIdle(), events: runtime.queue.counters, storage: runtime.kvs.size() }));

  for (const module of runtime.manifest.uiModules.values()) {
    if (!module.resourcePath) continue;
    registerModuleRoutes(app, runtime, module, rootDir, defaultAccountId, gadgets);
  }

  app.post('/__forge/gadget-config', async (req, reply) => {
    const body = (req.body ?? {}) as { moduleKey?: unknown; gadgetId?: unknown; configuration?: unknown };
    const module = typeof body.moduleKey === 'string' ? runtime.manifest.uiModules.get(body.moduleKey) : undefined;
    if (module?.type !== 'jira:dashboardGadget') return reply.code(400).send({ ok: false, error: { message: `No dashboard gadget has the key "${String(body.moduleKey)}"` } });
    const problem = gadgets.set(module.key, String(body.gadgetId ?? ''), body.configuration);
    if (problem) return reply.code(400).send({ ok: false, error: { message: problem } });
    return { ok: true };
  });

  app.post('/__forge/invoke', async (req, reply) => {
    const body = (req.body ?? {}) as { moduleKey?: string; functionKey?: string; payload?: unknown; context?: Record<string, unknown> };
    if (!body.moduleKey || !body.functionKey || !runtime.manifest.uiModules.get(body.moduleKey)?.resolverFunction) {
      return reply.code(400).send({ ok: false, error: { code: 'BAD_REQUEST', message: `No resolver for module "${body.moduleKey}"` } });
    }
    try {
      const result = await invoke({
        moduleKey: body.moduleKey,
        functionKey: body.functionKey,
        payload: body.payload,
        context: body.context,
      });
      return { ok: true, result: result ?? null };
    } catch (err) {
      log(`resolver ${body.moduleKey}/${body.functionKey} threw: ${(err as Error)?.stack ?? err}`);
      return reply.code(500).send({ ok: false, error: { code: 'FUNCTION_ERR', message: (err as Error)?.message ?? String(err) } });
    }
  });

  app.post('/__forge/fetch-product', async (req) => {
    const body = (req.body ?? {}) as { product?: string; restPath?: string; init?: { method?: string; body?: string | null; headers?: [string, string][] }; context?: { accountId?: string } };
    if (body.product !== 'jira' || !body.restPath?.startsWith('/')) {
      return { status: 400, statusText: 'Bad Request', headers: {}, body: JSON.stringify({ errorMessages: ['Only Jira paths are simulated'] }) };
    }
    const accountId = body.context?.accountId ?? defaultAccountId;
    const res = await jiraRequest(runtime, body.restPath, `user:${accountId}`, {
      method: body.init?.method ?? 'GET',
      headers: Object.fromEntries(body.init?.headers ?? []),
      body: body.init?.body ?? undefined,
    });
    return { status: res.status, statusText: res.statusText, headers: res.headers, body: res.body };
  });

  app.post<{ Params: { triggerKey: string } }>('/__forge/triggers/:triggerKey', async (req, reply) => {
    try {
      return await runtime.fireTrigger(req.params.triggerKey);
    } catch (err) {
      if (err instanceof UnknownTriggerError) return reply.code(404).send({ error: err.message });
      throw err;
    }
  });

  await app.listen({ port, host });
  const address = app.server.address();
  if (address && typeof address === 'object') port = address.port;
  // Links the Jira simulator answers with (`self`, an asynchronous task's `Location`) must reach it: on a port
  // chosen at listen time (tests), it learns its address only now.
  const jiraStore = (sims.jira as { state?: { siteUrl: string } } | undefined)?.state;
  if (typeof jiraStore?.siteUrl === 'string' && !runtime.realJira) jiraStore.siteUrl = `${localBase()}/jira`;

  let seeded = false;
  if (runtime.realJira) {
    log(`real Jira site ${runtime.realJira.baseUrl}: no demo connection or mapping is written; add a connection on the admin page`);
  } else if (newDataDir && options.seedDemo !== false) {
    seeded = await seedDemo(runtime, rootDir, defaultAccountId, options.demoTools);
  }
  armSchedule();
  if (options.schedule && !scheduler) log('scheduled triggers wait: nothing fires on an interval until a connection is added on the admin page');

  return {
    get url() {
      return localBase();
    },
    get port() {
      return port;
    },
    app,
    runtime,
    invoke,
    fireTrigger: (key) => runtime.fireTrigger(key),
    get scheduling() {
      return scheduler !== undefined;
    },
    seeded,
    close: async () => {
      if (closed) return;
      closed = true;
      scheduler?.stop();
      gadgets.flush();
      await runtime.close();
      keeper?.stop();
      await app.close();
    },
  };
}

type SimulatorName = 'jira' | 'qtest' | 'xray' | 'qmetry';

/** The vendors' simulators: folder under local/simulators, factory export, and mount prefix. */
const VENDOR_SIMULATORS = [
  { name: 'qtest', factory: 'createQtestSimulator' },
  { name: 'xray', factory: 'createXraySimulator' },
  { name: 'qmetry', factory: 'createQmetrySimulator' },
] as const;

function mountSimulators(
  app: FastifyInstance,
  runtime: LocalForgeRuntime,
  rootDir: string,
  options: LocalServerOptions,
  jiraSiteUrl: string | undefined,
): { jira?: Simulator } {
  const injected = options.simulators ?? {};
  const jira =
    injected.jira !== undefined
      ? injected.jira ?? undefined
      : loadSimulator(rootDir, 'jira', 'createJiraSimulator', {
          // The demo site with Xray installed: its Test issues live in project QA.
          seed: 'demo-xray',
          indexedProperties: indexedPropertiesOf(runtime.manifest),
          ...(jiraSiteUrl ? { siteUrl: jiraSiteUrl } : {}),
          ...(options.simulatorOptions?.jira ?? {}),
        });
  if (jira && !runtime.realJira) app.register(jira.plugin, { prefix: '/jira' });
  for (const vendor of VENDOR_SIMULATORS) {
    const sim =
      injected[vendor.name] !== undefined
        ? injected[vendor.name] ?? undefined
        : loadSimulator(rootDir, vendor.name, vendor.factory, { seed: 'demo', ...(options.simulatorOptions?.[vendor.name] ?? {}) });
    if (sim) app.register(sim.plugin, { prefix: `/${vendor.name}` });
  }
  return { jira: runtime.realJira ? undefined : jira };
}


/** Writes the demo settings; answers whether it did. */
async function seedDemo(runtime: LocalForgeRuntime, rootDir: string, accountId: string, tools?: string[]): Promise<boolean> {
  const base = path.join(rootDir, 'local', 'demo', 'app-config');
  if (!['.ts', '.js'].some((ext) => fs.existsSync(base + ext))) return false;
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const mod = require(base) as { seedDemoConfig?: (tools?: string[]) => Promise<void> };
    if (typeof mod.seedDemoConfig !== 'function') return false;
    const admin = [...runtime.manifest.uiModules.values()].find((m) => m.type === 'jira:adminPage');
    await runtime.runInInvocation(() => mod.seedDemoConfig!(tools), {
      accountId,
      moduleKey: admin?.key ?? 'local-seed',
      functionKey: admin?.resolverFunction ?? 'local-seed',
    });
    runtime.flush();
    return true;
  } catch (err) {
    console.error(`[local-server] demo settings were not written: ${(err as Error)?.stack ?? err}`);
    return false;
  }
}
