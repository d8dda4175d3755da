/**
 * The settings file: a site's connections (never their secrets), project mappings, status mappings and version
 * mappings as one JSON document, to be imported on another site (a sandbox's settings brought to production, say).
 *
 * Pure: reading and checking a file's text against the format, and turning stored records into the file's
 * entries and back. What depends on the importing site (existing connections, Jira projects, mappings of
 * other connections) is checked by the resolver (src/resolvers/config-transfer.ts).
 *
 * A connection's entry holds the fields the admin page's form takes, minus the secret and its expiry date (both
 * belong to the credential, which stays behind), and is checked by the form's own schemas, so a file cannot
 * bring in a setting the form would refuse. Unknown fields are refused: a secret added to a file by hand is
 * never read.
 */
import { z } from 'zod';
import type { Tool } from '../domain/model';
import { effectiveMapping, validateMapping, type StatusMapping } from '../domain/status';
import {
  CONFIG_FORMAT,
  CONFIG_FORMAT_VERSION,
  CONFIG_MAX_CHARS,
  MappingInput,
  QmetryConnectionInput,
  QtestConnectionFields,
  requireQtestUsername,
  StatusMappingInput,
  VERSION_MAPPING_MAX,
  VersionMappingEntryInput,
  XrayConnectionInput,
  type ConfigProblem,
  type ConfigProblemCode,
  type ConfigSource,
} from '../resolvers/contract';
import type { ConnectionRecord } from './connections';
import { mappingSettings, type MappingRecord } from './mappings';
import { versionMappingProblems, type VersionMappingEntry } from './version-mappings';

/** What the file says about secrets, in so many words. */
export const SECRETS_NOTE =
  'Secrets are not included: this file holds no API token, password, client secret or Open API key. ' +
  'Imported connections are saved without one and disabled; enter each secret on the TestSync admin page.';

export const CONFIG_MAX_CONNECTIONS = 200;
export const CONFIG_MAX_MAPPINGS = 500;

/** A connection id as stored keys hold it. */
const ConnectionId = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,100}$/, 'Connection id must be 1 to 100 letters, digits, dots, dashes or underscores');

/**
 * A project mapping, checked as the mapping form's input is. The external project id becomes part of storage
 * keys, so it is held to the characters they allow.
 */
export const ConfigMapping = MappingInput.omit({ connectionId: true })
  .extend({
    externalProjectId: MappingInput.shape.externalProjectId.regex(
      /^[A-Za-z0-9:._ #-]+$/,
      'External project id may hold only letters, digits, spaces and : . _ - #',
    ),
  })
  .strict();
export type ConfigMapping = z.infer<typeof ConfigMapping>;

const entryCommon = {
  id: ConnectionId,
  mappings: z.array(ConfigMapping).max(CONFIG_MAX_MAPPINGS, `A connection may hold at most ${CONFIG_MAX_MAPPINGS} mappings`).default([]),
  /** Tool status → canonical status, for the statuses the admin mapped differently from TestSync's defaults. */
  statusMapping: StatusMappingInput.shape.mapping.default({}),
  /** Tool versions counted for a Jira version of another name (absent in files written before version mappings). */
  versionMapping: z
    .array(VersionMappingEntryInput)
    .max(VERSION_MAPPING_MAX, `A connection may map at most ${VERSION_MAPPING_MAX} tool versions`)
    .default([]),
};

// A token connection's entry names no sign-in method (files written before logins were offered have none either);
// a login's entry names its username, never its password.
const QtestEntry = QtestConnectionFields.omit({ id: true, apiToken: true, password: true, expiresOn: true })
  .extend({ ...entryCommon, authMethod: QtestConnectionFields.shape.authMethod.unwrap().optional() })
  .strict()
  .superRefine(requireQtestUsername);
// Records saved before the form set a request budget (or "on this site") have none: the file keeps it absent.
const XrayEntry = XrayConnectionInput.omit({ id: true, clientSecret: true, expiresOn: true })
  .extend({
    ...entryCommon,
    sameSite: XrayConnectionInput.shape.sameSite.unwrap().optional(),
    requestsPer5Minutes: XrayConnectionInput.shape.requestsPer5Minutes.unwrap().optional(),
  })
  .strict();
const QmetryEntry = QmetryConnectionInput.omit({ id: true, apiKey: true, expiresOn: true }).extend(entryCommon).strict();

export const ConfigConnection = z.discriminatedUnion('tool', [QtestEntry, XrayEntry, QmetryEntry], {
  message: 'Tool must be one of qtest, xray, qmetry',
});
export type ConfigConnection = z.infer<typeof ConfigConnection>;

export const ConfigDocument = z
  .object({
    format: z.literal(CONFIG_FORMAT),
    formatVersion: z.literal(CONFIG_FORMAT_VERSION),
    /** The TestSync version that wrote the file. */
    appVersion: z.string().max(100),
    exportedAt: z.iso.datetime({ message: 'Must be a date and time such as 2025-01-31T12:00:00.000Z' }),
    /** The Jira site the file was exported from. */
    site: z.string().max(300),
    secrets: z.string().max(1000),
    connections: z.array(ConfigConnection).max(CONFIG_MAX_CONNECTIONS, `A file may hold at most ${CONFIG_MAX_CONNECTIONS} connections`),
    /** Connections the exporting site did not write into the file, and why. */
    leftOut: z.array(z.object({ name: z.string().max(200), reason: z.string().max(300) }).strict()).max(CONFIG_MAX_CONNECTIONS).default([]),
  })
  .strict();
export type ConfigDocument = z.infer<typeof ConfigDocument>;

// ---- writing a file ----

const REGION_OF_HOST = /^https:\/\/(us|eu|au)\./i;

/** A stored connection as the file's entry: its settings as the form takes them, no secret, no expiry. */
export function entryOf(c: ConnectionRecord, mappings: MappingRecord[], statusMapping: StatusMapping, versionMapping: VersionMappingEntry[] = []): ConfigConnection {
  const rest = {
    enabled: c.enabled,
    mappings: mappings.map(mappingSettings),
    statusMapping: { ...statusMapping },
    versionMapping: versionMapping.map((e) => ({ toolVersion: e.toolVersion, jiraVersion: e.jiraVersion })),
  };
  const s = c.settings;
  switch (c.tool) {
    case 'qtest':
      return {
        id: c.id,
        tool: 'qtest',
        name: c.name,
        baseUrl: c.baseUrl,
        ...(s.qtestAuth === 'password' ? { authMethod: 'password' as const, username: s.username ?? '' } : {}),
        ...rest,
      };
    case 'xray': {
      const region = s.region ?? ((REGION_OF_HOST.exec(c.baseUrl)?.[1]?.toLowerCase() as 'us' | 'eu' | 'au' | undefined) ?? 'global');
      return {
        id: c.id,
        tool: 'xray',
        name: c.name,
        region,
        clientId: s.clientId ?? '',
        ...(s.sameSite !== undefined ? { sameSite: s.sameSite } : {}),
        ...(s.requestsPer5Minutes !== undefined ? { requestsPer5Minutes: s.requestsPer5Minutes } : {}),
        ...rest,
      };
    }
    case 'qmetry':
      return { id: c.id, tool: 'qmetry', name: c.name, baseUrl: c.baseUrl, projectKey: s.projectKey ?? '', ...(s.orgCode ? { orgCode: s.orgCode } : {}), ...rest };
  }
}

export function buildDocument(input: {
  appVersion: string;
  exportedAt: Date;
  site: string;
  connections: ConfigConnection[];
  leftOut: { name: string; reason: string }[];
}): ConfigDocument {
  return {
    format: CONFIG_FORMAT,
    formatVersion: CONFIG_FORMAT_VERSION,
    appVersion: input.appVersion,
    exportedAt: input.exportedAt.toISOString(),
    site: input.site,
    secrets: SECRETS_NOTE,
    connections: input.connections,
    leftOut: input.leftOut,
  };
}

/** A file name for the download: the site's host and the day. */
export function fileNameOf(site: string, at: Date): string {
  let host = 'jira';
  try {
    host = new URL(site).host || host;
  } catch {
    // An unknown site keeps the generic name.
  }
  return `testsync-settings-${host.replace(/[^A-Za-z0-9.-]+/g, '-')}-${at.toISOString().slice(0, 10)}.json`;
}

// ---- reading a file ----

/** The record an entry becomes: the tool's URL and settings as the connection form stores them. */
export function recordOf(entry: ConfigConnection, now: Date): ConnectionRecord {
  const at = now.toISOString();
  const base = { id: entry.id, tool: entry.tool, name: entry.name, connected: true, createdAt: at, updatedAt: at };
  // Without its secret a connection cannot sync; it stays disabled until the admin enters one and enables it.
  const enabled = false;
  switch (entry.tool) {
    case 'qtest':
      return {
        ...base,
        baseUrl: entry.baseUrl.replace(/\/$/, ''),
        settings: entry.authMethod === 'password' ? { qtestAuth: 'password', username: entry.username } : {},
        enabled,
      };
    case 'xray':
      return {
        ...base,
        baseUrl: entry.region === 'global' ? 'https://xray.cloud.getxray.app' : `https://${entry.region}.xray.cloud.getxray.app`,
        settings: {
          region: entry.region,
          clientId: entry.clientId,
          ...(entry.sameSite !== undefined ? { sameSite: entry.sameSite } : {}),
          ...(entry.requestsPer5Minutes !== undefined ? { requestsPer5Minutes: entry.requestsPer5Minutes } : {}),
        },
        enabled,
      };
    case 'qmetry':
      return {
        ...base,
        baseUrl: entry.baseUrl.replace(/\/$/, ''),
        settings: { projectKey: entry.projectKey, ...(entry.orgCode ? { orgCode: entry.orgCode } : {}) },
        enabled,
      };
  }
}

/** The connection form's input for an entry (no secret): what the audit log records an added connection from. */
export function inputOf(entry: ConfigConnection): Record<string, unknown> {
  const { mappings: _m, statusMapping: _s, versionMapping: _v, ...fields } = entry;
  return { ...fields, enabled: false };
}

/** A path into the file as JSONPath: `$.connections[0].mappings[1].jiraProjectKey`, `$.connections[0].statusMapping["Not run"]`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(part)) out += `.${part}`;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

/** Field names that hold a secret on the connection form, or look like one. */
const SECRET_FIELD = /token|secret|password|api_?key|credential/i;

/** A problem of a file, at a path into it. */
export const configProblem = (code: ConfigProblemCode, path: readonly PropertyKey[], message: string, connection?: string): ConfigProblem => ({
  code,
  path: jsonPath(path),
  message,
  ...(connection ? { connection } : {}),
});

/** The name of the connection a path points into, when the file gives one. */
function connectionNameAt(raw: unknown, path: readonly PropertyKey[]): string | undefined {
  if (path[0] !== 'connections' || typeof path[1] !== 'number') return undefined;
  const entry = (raw as { connections?: unknown[] }).connections?.[path[1]] as { name?: unknown } | undefined;
  return typeof entry?.name === 'string' && entry.name.trim() ? entry.name.trim() : undefined;
}

function schemaProblems(raw: unknown, error: z.ZodError): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  for (const issue of error.issues) {
    const name = connectionNameAt(raw, issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const message = SECRET_FIELD.test(key)
          ? `"${key}" is not read from a settings file: secrets are never imported. Remove it from the file and enter the secret on the admin page after the import.`
          : `"${key}" is not a field of a TestSync settings file.`;
        out.push(configProblem('SCHEMA', [...issue.path, key], message, name));
      }
    } else if (issue.code === 'invalid_key') {
      out.push(configProblem('SCHEMA', issue.path, `Status name: ${issue.issues[0]?.message ?? issue.message}`, name));
    } else {
      out.push(configProblem('SCHEMA', issue.path, issue.message, name));
    }
  }
  return out;
}

/** The file's own header, when it is readable (for "exported from … on …"). */
export function sourceOf(raw: unknown): ConfigSource | undefined {
  const r = raw as Record<string, unknown>;
  if (!r || typeof r !== 'object' || r.format !== CONFIG_FORMAT) return undefined;
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 300) : '');
  return { site: text(r.site), exportedAt: text(r.exportedAt), appVersion: text(r.appVersion), formatVersion: typeof r.formatVersion === 'number' ? r.formatVersion : 0 };
}

/** A connection name as compared for "the same name": case and runs of spaces ignored. */
export const normaliseName = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ');

/** Problems inside the file itself: the same id, name or mapped project twice, a status or version mapping the app refuses. */
function consistencyProblems(doc: ConfigDocument): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  doc.connections.forEach((c, i) => {
    const sameId = ids.get(c.id);
    if (sameId !== undefined) out.push(configProblem('DUPLICATE_IN_FILE', ['connections', i, 'id'], `Connection id "${c.id}" is also the id of connection ${sameId + 1} in this file.`, c.name));
    else ids.set(c.id, i);
    const key = normaliseName(c.name);
    const sameName = names.get(key);
    if (sameName !== undefined) out.push(configProblem('DUPLICATE_IN_FILE', ['connections', i, 'name'], `Connection name "${c.name}" is also the name of connection ${sameName + 1} in this file.`, c.name));
    else names.set(key, i);
    const projects = new Map<string, number>();
    c.mappings.forEach((m, j) => {
      const first = projects.get(m.externalProjectId);
      if (first !== undefined) {
        out.push(configProblem('DUPLICATE_IN_FILE', ['connections', i, 'mappings', j, 'externalProjectId'], `External project ${m.externalProjectId} is mapped twice (also by mapping ${first + 1}).`, c.name));
      } else projects.set(m.externalProjectId, j);
    });
    for (const message of validateMapping(effectiveMapping(c.tool as Tool, c.statusMapping))) {
      out.push(configProblem('STATUS_MAPPING', ['connections', i, 'statusMapping'], `${message}.`, c.name));
    }
    for (const p of versionMappingProblems(c.versionMapping)) {
      out.push(configProblem('VERSION_MAPPING', ['connections', i, 'versionMapping', p.index, p.field], `${p.message}.`, c.name));
    }
  });
  return out;
}

export type ReadResult = { ok: true; document: ConfigDocument } | { ok: false; problems: ConfigProblem[]; source?: ConfigSource };

/**
 * Reads a settings file's text: JSON, then the format and its version, then every field (all problems, each
 * with its JSON path), then what must hold across the file. Nothing on the site is looked at.
 */
export function readDocument(text: string): ReadResult {
  if (text.length > CONFIG_MAX_CHARS) {
    return { ok: false, problems: [configProblem('TOO_LARGE', [], `The file is longer than ${CONFIG_MAX_CHARS.toLocaleString('en')} characters; a settings file is far smaller.`)] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, problems: [configProblem('NOT_JSON', [], `The file is not JSON (${detail}). Choose a file exported from the TestSync admin page.`)] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problems: [configProblem('FORMAT', [], 'The file is JSON but not a TestSync settings file: it is not a JSON object.')] };
  }
  const header = raw as Record<string, unknown>;
  if (header.format !== CONFIG_FORMAT) {
    const said = header.format === undefined ? 'it has no "format"' : `its "format" is ${JSON.stringify(header.format)}`;
    return { ok: false, problems: [configProblem('FORMAT', ['format'], `This is not a TestSync settings file: ${said}, not "${CONFIG_FORMAT}".`)] };
  }
  const source = sourceOf(raw);
  const version = header.formatVersion;
  if (version !== CONFIG_FORMAT_VERSION) {
    const message =
      typeof version === 'number' && Number.isInteger(version) && version > CONFIG_FORMAT_VERSION
        ? `The file has format version ${version}, written by a newer TestSync (${String(header.appVersion ?? 'unknown version')}); this site reads version ${CONFIG_FORMAT_VERSION}. Update TestSync here, or export again from a site on the same version.`
        : `The file's format version is ${JSON.stringify(version ?? null)}; TestSync reads version ${CONFIG_FORMAT_VERSION}.`;
    return { ok: false, problems: [configProblem('VERSION', ['formatVersion'], message)], ...(source ? { source } : {}) };
  }
  const parsed = ConfigDocument.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: schemaProblems(raw, parsed.error), ...(source ? { source } : {}) };
  const doc = parsed.data;
  const problems = doc.connections.length === 0 ? [configProblem('SCHEMA', ['connections'], 'The file holds no connection: there is nothing to import.')] : consistencyProblems(doc);
  if (problems.length > 0) return { ok: false, problems, ...(source ? { source } : {}) };
  return { ok: true, document: doc };
}

