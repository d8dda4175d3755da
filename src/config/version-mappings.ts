/**
 * An admin's version mapping per connection: the Jira fix version a tool version's runs count for (qTest's
 * release "Release 3.2" or QMetry's "R3.2" for Jira's "3.2"). A tool version the mapping does not name counts for
 * the Jira version of the same name. Tool names are compared trimmed, ignoring case and runs of spaces, since tools
 * and people spell them loosely; the Jira name is kept exactly as chosen, because readiness compares it exactly with
 * the names of the requirements' fix versions.
 *
 * A change is flagged (the status mapping's `remap` flag) so the next sync re-applies it to the results already
 * synced: their entries keep the tool's own name as `toolVersion` whenever it was mapped to another.
 *
 * The connection's tool versions met in synced results are kept as a short list (`versionsseen:<conn>`), so the
 * admin page offers them without reading every synced test. A sync reads that list once per invocation, when a
 * page of runs first names a version, and writes it only when a name it does not hold appears.
 */
import { z } from 'zod';
import { log } from '../platform/log';
import { VERSION_MAPPING_MAX, VERSION_NAME_MAX } from '../resolvers/contract';
import { requestRemap } from './status-mappings';
import { getRecord, putRecord, storedRecord } from './store';

/** Tool version names kept as seen; past it, the names met longest ago go first. */
export const VERSIONS_SEEN_MAX = 500;

export interface VersionMappingEntry {
  /** The version as the tool names it. */
  toolVersion: string;
  /** The Jira fix version its runs count for. */
  jiraVersion: string;
}

/** A tool version name as the mapping compares it. */
export const normaliseVersion = (name: string): string => name.trim().toLowerCase().replace(/\s+/g, ' ');

/** What is wrong with one entry of a mapping, and which of its fields. */
export interface VersionMappingProblem {
  index: number;
  field: 'toolVersion' | 'jiraVersion';
  message: string;
}

const quoted = (name: string) => `"${name.length > 60 ? `${name.slice(0, 59)}…` : name}"`;

/**
 * Every problem of a mapping, in entry order: a tool or Jira version name that is empty or longer than Jira allows,
 * and a tool version named twice (compared as the sync compares them).
 */
export function versionMappingProblems(entries: VersionMappingEntry[]): VersionMappingProblem[] {
  const out: VersionMappingProblem[] = [];
  const first = new Map<string, string>();
  entries.forEach((e, index) => {
    const tool = e.toolVersion.trim();
    const jira = e.jiraVersion.trim();
    if (!tool) out.push({ index, field: 'toolVersion', message: `Entry ${index + 1} has no tool version name` });
    else if (tool.length > VERSION_NAME_MAX) {
      out.push({ index, field: 'toolVersion', message: `Tool version ${quoted(tool)} is longer than ${VERSION_NAME_MAX} characters` });
    }
    const named = tool ? `tool version ${quoted(tool)}` : `entry ${index + 1}`;
    if (!jira) out.push({ index, field: 'jiraVersion', message: `No Jira version is chosen for ${named}; choose one, or leave it under its own name` });
    else if (jira.length > VERSION_NAME_MAX) {
      out.push({ index, field: 'jiraVersion', message: `The Jira version chosen for ${named} is longer than ${VERSION_NAME_MAX} characters` });
    }
    if (!tool) return;
    const held = first.get(normaliseVersion(tool));
    if (held !== undefined) {
      const also = held === tool ? '' : ` (also as ${quoted(held)}; names are compared ignoring case and spaces around them)`;
      out.push({ index, field: 'toolVersion', message: `Tool version ${quoted(tool)} is mapped twice${also}` });
    } else first.set(normaliseVersion(tool), tool);
  });
  return out;
}

/** The entries as stored: names trimmed, and those that name the same version dropped (the default does that). */
export function cleanVersionMapping(entries: VersionMappingEntry[]): VersionMappingEntry[] {
  return entries
    .map((e) => ({ toolVersion: e.toolVersion.trim(), jiraVersion: e.jiraVersion.trim() }))
    .filter((e) => e.toolVersion !== e.jiraVersion);
}

const Name = z.string().min(1).max(VERSION_NAME_MAX);

/** A stored mapping, refused as a whole when an entry breaks a rule the admin page enforces. */
const StoredVersionMapping = storedRecord(
  'version mapping',
  z
    .array(z.object({ toolVersion: Name, jiraVersion: Name }))
    .max(VERSION_MAPPING_MAX)
    .superRefine((entries, ctx) => {
      for (const p of versionMappingProblems(entries)) ctx.addIssue({ code: 'custom', path: [p.index, p.field], message: p.message });
    }),
);

const SeenList = storedRecord('versions seen', z.object({ names: z.array(Name).max(VERSIONS_SEEN_MAX) }));

const mappingKey = (connectionId: string) => `versionmap:${connectionId}`;
const seenKey = (connectionId: string) => `versionsseen:${connectionId}`;

/** The keys a connection's version mapping and seen versions are stored under (removed with the connection). */
export const versionMappingKeys = (connectionId: string): string[] => [mappingKey(connectionId), seenKey(connectionId)];

/** Tool version (normalised) → the Jira version its runs count for. */
export type VersionMapping = ReadonlyMap<string, string>;

export function versionLookup(entries: VersionMappingEntry[]): VersionMapping {
  return new Map(entries.map((e) => [normaliseVersion(e.toolVersion), e.jiraVersion]));
}

/** The Jira version a run of this tool version counts for: the mapped one, else its own name. */
export function mapVersion(toolVersion: string, mapping: VersionMapping): string {
  return mapping.get(normaliseVersion(toolVersion)) ?? toolVersion;
}

export async function getVersionMapping(connectionId: string): Promise<VersionMappingEntry[]> {
  return (await getRecord(mappingKey(connectionId), StoredVersionMapping)) ?? [];
}

/** The mapping a sync applies for the connection. */
export async function versionMappingOf(connectionId: string): Promise<VersionMapping> {
  return versionLookup(await getVersionMapping(connectionId));
}

/** Whether two mappings count every tool version for the same Jira version. */
function sameVersionMapping(a: VersionMappingEntry[], b: VersionMappingEntry[]): boolean {
  const x = versionLookup(cleanVersionMapping(a));
  const y = versionLookup(cleanVersionMapping(b));
  return x.size === y.size && [...x].every(([tool, jira]) => y.get(tool) === jira);
}

/**
 * Stores the admin's entries (checked, trimmed, same-name ones dropped) and, when they count any tool version
 * differently, asks the next sync to re-apply them to what is already synced. Answers whether anything changed.
 */
export async function saveVersionMapping(connectionId: string, entries: VersionMappingEntry[], now: Date): Promise<boolean> {
  const problems = versionMappingProblems(entries);
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('; '));
  const clean = cleanVersionMapping(entries);
  // A stored mapping that cannot be read is replaced: saving is how the admin repairs it.
  const before = await getVersionMapping(connectionId).catch(() => undefined);
  if (before && sameVersionMapping(before, clean)) return false;
  await putRecord(mappingKey(connectionId), StoredVersionMapping, clean);
  await requestRemap(connectionId, now);
  return true;
}

/** The tool versions met in the connection's synced results (none when the list is missing or unreadable). */
export async function versionsSeen(connectionId: string): Promise<string[]> {
  try {
    return (await getRecord(seenKey(connectionId), SeenList))?.names ?? [];
  } catch (e) {
    // Only a listing aid: an unreadable list is started again by the next sync that meets a version.
    log.warn('versions-seen-unreadable', { connection: connectionId }, e);
    return [];
  }
}

/**
 * The list of tool versions seen, as one sync invocation keeps it: read on first use, written only when a name it
 * does not hold appears. A write that fails is logged and tried again with the next new name; the sync goes on.
 */
export class SeenVersions {
  private names?: string[];
  private known?: Set<string>;

  constructor(private readonly connectionId: string) {}

  async note(names: Iterable<string | undefined>): Promise<void> {
    const candidates = [...names].filter((n): n is string => !!n && n.trim().length > 0 && n.trim().length <= VERSION_NAME_MAX);
    if (candidates.length === 0) return;
    if (!this.names || !this.known) {
      this.names = await versionsSeen(this.connectionId);
      this.known = new Set(this.names.map(normaliseVersion));
    }
    const added: string[] = [];
    for (const name of candidates) {
      const id = normaliseVersion(name);
      if (this.known.has(id)) continue;
      this.known.add(id);
      added.push(name.trim());
    }
    if (added.length === 0) return;
    const next = [...this.names, ...added].slice(-VERSIONS_SEEN_MAX);
    try {
      await putRecord(seenKey(this.connectionId), SeenList, { names: next });
      this.names = next;
      this.known = new Set(next.map(normaliseVersion));
    } catch (e) {
      for (const name of added) this.known.delete(normaliseVersion(name));
      log.warn('versions-seen-not-written', { connection: this.connectionId }, e);
    }
  }
}
