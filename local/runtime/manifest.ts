/**
 * Reads manifest.yml into what the local runtime needs: functions, UI modules with their resolvers,
 * queue consumers, scheduled triggers, backend egress addresses and entity property index declarations.
 */
import * as fs from 'node:fs';
import * as yaml from 'js-yaml';

export interface FunctionDecl {
  key: string;
  /** File part of `handler: file.export`, e.g. `index`. */
  file: string;
  /** Export part of `handler: file.export`, e.g. `adminResolver`. */
  exportName: string;
  timeoutSeconds?: number;
}

export interface UiModuleDecl {
  key: string;
  type: 'jira:adminPage' | 'jira:issuePanel' | 'jira:projectPage' | 'jira:dashboardGadget' | string;
  /** Key of the `resources` entry and its path, e.g. `static/admin/build`. */
  resourceKey: string;
  resourcePath?: string;
  /** A dashboard gadget's edit mode (`edit.resource`): its resource key and path. */
  editResourceKey?: string;
  editResourcePath?: string;
  /** Function key of the module's resolver. */
  resolverFunction?: string;
  title?: string;
}

export interface ConsumerDecl {
  key: string;
  queue: string;
  /** Function invoked per event. */
  functionKey: string;
  /** Resolver method for a resolver-based consumer; absent for a function consumer. */
  method?: string;
}

export type TriggerInterval = 'fiveMinute' | 'hour' | 'day' | 'week';

export interface TriggerDecl {
  key: string;
  functionKey: string;
  interval: TriggerInterval;
}

export interface EntityPropertyDecl {
  key: string;
  entityType: 'issue' | 'project' | 'user' | string;
  propertyKey: string;
  values: { path: string; type: 'number' | 'string' | 'text' | 'user' | 'date' | string; searchAlias?: string }[];
}

export interface AppManifest {
  appId: string;
  functions: Map<string, FunctionDecl>;
  uiModules: Map<string, UiModuleDecl>;
  consumers: ConsumerDecl[];
  triggers: Map<string, TriggerDecl>;
  egressAddresses: string[];
  scopes: string[];
  entityProperties: EntityPropertyDecl[];
  resources: Map<string, string>;
  /** The manifest's `permissions` as written (content and external permissions shape the pages' CSP). */
  permissions: Raw;
}

export const TRIGGER_INTERVAL_SECONDS: Record<TriggerInterval, number> = {
  fiveMinute: 300,
  hour: 3600,
  day: 86400,
  week: 604800,
};

const UI_MODULE_TYPES = ['jira:adminPage', 'jira:issuePanel', 'jira:projectPage', 'jira:projectSettingsPage', 'jira:issueContext', 'jira:dashboardGadget'];

type Raw = Record<string, any>;

export function loadManifest(manifestPath: string): AppManifest {
  return parseManifest(fs.readFileSync(manifestPath, 'utf8'));
}

export function parseManifest(text: string): AppManifest {
  const raw = (yaml.load(text) ?? {}) as Raw;
  const modules: Raw = raw.modules ?? {};
  const list = (type: string): Raw[] => (Array.isArray(modules[type]) ? modules[type] : []);

  const functions = new Map<string, FunctionDecl>();
  for (const f of list('function')) {
    const handler = String(f.handler ?? '');
    const dot = handler.lastIndexOf('.');
    if (dot < 1) throw new Error(`manifest: function ${f.key} has handler "${handler}", expected file.export`);
    functions.set(f.key, {
      key: f.key,
      file: handler.slice(0, dot),
      exportName: handler.slice(dot + 1),
      ...(typeof f.timeoutSeconds === 'number' ? { timeoutSeconds: f.timeoutSeconds } : {}),
    });
  }

  const resources = new Map<string, string>();
  for (const r of Array.isArray(raw.resources) ? raw.resources : []) resources.set(r.key, r.path);

  const uiModules = new Map<string, UiModuleDecl>();
  for (const type of UI_MODULE_TYPES) {
    for (const m of list(type)) {
      uiModules.set(m.key, {
        key: m.key,
        type,
        resourceKey: m.resource,
        resourcePath: resources.get(m.resource),
        resolverFunction: m.resolver?.function,
        title: m.title,
        ...(m.edit?.resource ? { editResourceKey: m.edit.resource, editResourcePath: resources.get(m.edit.resource) } : {}),
      });
    }
  }

  const consumers: ConsumerDecl[] = list('consumer').map((c) => ({
    key: c.key,
    queue: c.queue,
    functionKey: c.resolver?.function ?? c.function,
    ...(c.resolver?.method ? { method: c.resolver.method } : {}),
  }));

  const triggers = new Map<string, TriggerDecl>();
  for (const t of list('scheduledTrigger')) {
    triggers.set(t.key, { key: t.key, functionKey: t.function, interval: t.interval });
  }

  const backend: unknown[] = raw.permissions?.external?.fetch?.backend ?? [];
  const egressAddresses = backend
    .map((e) => (typeof e === 'string' ? e : (e as Raw)?.address))
    .filter((a): a is string => typeof a === 'string');

  const entityProperties: EntityPropertyDecl[] = list('jira:entityProperty').map((p) => ({
    key: p.key,
    entityType: p.entityType ?? 'issue',
    propertyKey: p.propertyKey,
    values: Array.isArray(p.values) ? p.values : [],
  }));

  return {
    appId: String(raw.app?.id ?? 'ari:cloud:ecosystem::app/local-app').replace(/^ari:cloud:ecosystem::app\//, ''),
    functions,
    uiModules,
    consumers,
    triggers,
    egressAddresses,
    scopes: raw.permissions?.scopes ?? [],
    entityProperties,
    resources,
    permissions: raw.permissions ?? {},
  };
}

/** Entity property index declarations of a manifest file, for the Jira simulator. */
export function loadEntityPropertyIndexes(manifestPath: string): EntityPropertyDecl[] {
  return loadManifest(manifestPath).entityProperties;
}
