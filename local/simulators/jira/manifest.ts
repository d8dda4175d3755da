/** Reads indexed issue-property paths from a Forge manifest's `jira:entityProperty` modules. */
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import type { IndexedProperty, IndexedPropertyType } from './types';

const TYPES = new Set<IndexedPropertyType>(['number', 'string', 'text', 'user', 'date']);

interface EntityPropertyModule {
  key?: string;
  entityType?: string;
  propertyKey?: string;
  values?: Array<{ path?: string; type?: string; searchAlias?: string }>;
}

export function indexedPropertiesFromManifest(manifestPath: string): IndexedProperty[] {
  const manifest = yaml.load(readFileSync(manifestPath, 'utf8')) as {
    modules?: Record<string, unknown>;
  } | null;
  const modules = (manifest?.modules?.['jira:entityProperty'] ?? []) as EntityPropertyModule[];
  const out: IndexedProperty[] = [];
  for (const m of modules) {
    if ((m.entityType ?? 'issue') !== 'issue') continue;
    if (!m.propertyKey) throw new Error(`jira:entityProperty module '${m.key ?? '?'}' has no propertyKey`);
    for (const v of m.values ?? []) {
      if (!v.path || !TYPES.has(v.type as IndexedPropertyType)) {
        throw new Error(`jira:entityProperty module '${m.key ?? '?'}' has an invalid value: ${JSON.stringify(v)}`);
      }
      out.push({
        propertyKey: m.propertyKey,
        path: v.path,
        type: v.type as IndexedPropertyType,
        ...(v.searchAlias ? { searchAlias: v.searchAlias } : {}),
      });
    }
  }
  return out;
}
