/**
 * What changed between two versions of a setting, field by field, in the words of the admin page: old → new
 * for the non-secret settings of a connection, a project mapping's fields, and a status or version mapping's entries.
 * A connection's secret is never compared or copied; the caller adds the note "secret replaced".
 */
import { signsInWithPassword, type ConnectionRecord } from '../config/connections';
import type { MappingRecord } from '../config/mappings';
import type { Tool } from '../domain/model';
import { effectiveMapping, type StatusMapping } from '../domain/status';
import { normaliseVersion, type VersionMappingEntry } from '../config/version-mappings';
import { clip, type AuditChangeRecord } from './entry';

type Value = string | number | boolean | undefined;

function shown(value: Value): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return clip(String(value));
}

interface Field<T> {
  label: string;
  get: (record: T) => Value;
}

function diff<T>(fields: Field<T>[], before: T | undefined, after: T | undefined): AuditChangeRecord[] {
  const out: AuditChangeRecord[] = [];
  for (const f of fields) {
    const from = before ? shown(f.get(before)) : undefined;
    const to = after ? shown(f.get(after)) : undefined;
    if (from === to) continue;
    out.push({ field: f.label, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
  }
  return out;
}

const REGION_LABEL: Record<string, string> = { global: 'Global', us: 'US', eu: 'EU', au: 'Australia' };

/** A connection's non-secret settings; the tool's URL is "QMetry URL" on a QMetry connection. */
function connectionFields(tool: Tool): Field<ConnectionRecord>[] {
  return [
    { label: 'Name', get: (c) => c.name },
    { label: tool === 'qmetry' ? 'QMetry URL' : 'Site URL', get: (c) => c.baseUrl },
    { label: 'Sign in with', get: (c) => (signsInWithPassword(c) ? 'Username and password' : 'API token') },
    { label: 'Username', get: (c) => c.settings.username },
    { label: 'Region', get: (c) => (c.settings.region ? REGION_LABEL[c.settings.region] ?? c.settings.region : undefined) },
    { label: 'Client ID', get: (c) => c.settings.clientId },
    { label: 'Xray is installed on this Jira site', get: (c) => c.settings.sameSite },
    { label: 'Request budget', get: (c) => c.settings.requestsPer5Minutes },
    { label: 'Project key', get: (c) => c.settings.projectKey },
    { label: 'Organisation code', get: (c) => c.settings.orgCode },
    { label: 'Write defects to the tool', get: (c) => c.settings.writeDefects },
    { label: 'Expiry date', get: (c) => c.expiresOn },
    { label: 'Enabled', get: (c) => c.enabled },
    { label: 'Connected', get: (c) => c.connected },
  ];
}

/** Old → new of every non-secret setting that differs (on a new connection, the settings it was given). */
export function connectionChanges(before: ConnectionRecord | undefined, after: ConnectionRecord): AuditChangeRecord[] {
  // How a qTest connection signs in is said once a login is involved: entries of token connections read as before.
  const login = signsInWithPassword(after) || (before !== undefined && signsInWithPassword(before));
  const fields = connectionFields(after.tool).filter((f) => (before || f.label !== 'Connected') && (login || f.label !== 'Sign in with'));
  return diff(fields, before, after);
}

const SCHEDULE_LABEL: Record<string, string> = { off: 'Off (manual only)', fiveMinute: 'Every 5 minutes', hour: 'Hourly', day: 'Daily' };
const ON_DELETED_LABEL: Record<string, string> = { leave: 'Leave it deleted', recreate: 'Create it again' };

const MAPPING_FIELDS: Field<MappingRecord>[] = [
  { label: 'External project', get: (m) => m.externalProjectName || m.externalProjectId },
  { label: 'Jira project', get: (m) => m.jiraProjectKey },
  { label: 'Issue type', get: (m) => m.issueType },
  { label: 'Schedule', get: (m) => SCHEDULE_LABEL[m.schedule] ?? m.schedule },
  { label: 'Sync runs', get: (m) => m.syncRuns },
  { label: 'Sync requirement links', get: (m) => m.syncRequirementLinks },
  { label: 'When a synced test issue is deleted in Jira', get: (m) => ON_DELETED_LABEL[m.onDeletedInJira] ?? m.onDeletedInJira },
];

/** Old → new of a mapping's fields (all of them "→ new" when added, "old →" when deleted). */
export function mappingChanges(before: MappingRecord | undefined, after: MappingRecord | undefined): AuditChangeRecord[] {
  return diff(MAPPING_FIELDS, before, after);
}

const normalise = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ');

/** Each tool status whose canonical status differs between two sets of the admin's entries. */
export function statusMappingChanges(tool: Tool, before: StatusMapping, after: StatusMapping): AuditChangeRecord[] {
  const was = effectiveMapping(tool, before);
  const now = effectiveMapping(tool, after);
  const spelling = new Map<string, string>();
  for (const name of [...Object.keys(before), ...Object.keys(after)]) if (!spelling.has(normalise(name))) spelling.set(normalise(name), name);
  const names = [...new Set([...Object.keys(was), ...Object.keys(now)])].sort();
  const out: AuditChangeRecord[] = [];
  for (const name of names) {
    if (was[name] === now[name]) continue;
    out.push({ field: clip(spelling.get(name) ?? name, 100), ...(was[name] ? { from: was[name] } : {}), ...(now[name] ? { to: now[name] } : {}) });
  }
  return out.slice(0, 60);
}

/** What a tool version left under its own name is shown as. */
export const SAME_NAME = 'Same name';

/** Each tool version whose Jira version differs between two mappings ("Same name" when it keeps its own). */
export function versionMappingChanges(before: VersionMappingEntry[], after: VersionMappingEntry[]): AuditChangeRecord[] {
  const counted = (entries: VersionMappingEntry[]) => new Map(entries.map((e) => [normaliseVersion(e.toolVersion), e]));
  const was = counted(before);
  const now = counted(after);
  const names = [...new Set([...was.keys(), ...now.keys()])].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const out: AuditChangeRecord[] = [];
  for (const name of names) {
    const from = was.get(name)?.jiraVersion ?? SAME_NAME;
    const to = now.get(name)?.jiraVersion ?? SAME_NAME;
    if (from === to) continue;
    const spelling = now.get(name)?.toolVersion ?? was.get(name)?.toolVersion ?? name;
    out.push({ field: clip(spelling, 100), from: clip(from), to: clip(to) });
  }
  return out.slice(0, 60);
}
