/** The admin page's settings export and import. */
import { z } from 'zod';
import type { CanonicalStatus, Tool } from '../../domain/model';
import type { MappingView } from './connections';

/** The name and version of a settings file; a file of another format or version is refused. */
export const CONFIG_FORMAT = 'testsync-settings';
export const CONFIG_FORMAT_VERSION = 1;
/** The longest settings file an import reads (characters). */
export const CONFIG_MAX_CHARS = 1_000_000;

/** `exportConfig`: the Jira site the page is shown on (from the module context), written into the file. */
export const ConfigExportInput = z.object({ siteUrl: z.string().trim().max(300).optional() });

/** `previewConfigImport` / `importConfig`: the file's text, exactly as chosen (its JSON is read by the backend). */
export const ConfigImportInput = z.object({
  text: z.string().max(CONFIG_MAX_CHARS, `The file is longer than ${CONFIG_MAX_CHARS.toLocaleString('en')} characters; a settings file is far smaller.`),
  fileName: z.string().max(300).optional(),
});

/** An exported settings file, ready to download. It never holds a secret. */
export interface ConfigExport {
  fileName: string;
  /** The JSON document. */
  text: string;
  counts: { connections: number; mappings: number; statusMappings: number };
  /** Connections not in the file, and why (a disconnected connection has no settings to export). */
  leftOut: { name: string; reason: string }[];
}

export type ConfigProblemCode =
  | 'TOO_LARGE'
  | 'NOT_JSON'
  | 'FORMAT'
  | 'VERSION'
  | 'SCHEMA'
  | 'DUPLICATE_IN_FILE'
  | 'STATUS_MAPPING'
  | 'VERSION_MAPPING'
  | 'ALREADY_IMPORTED'
  | 'CONNECTION_EXISTS'
  | 'NAME_EXISTS'
  | 'JIRA_PROJECT'
  | 'ISSUE_TYPE'
  | 'MAPPING_CONFLICT';

/** One reason a settings file cannot be imported, with where in the file (a JSON path such as `$.connections[0].name`). */
export interface ConfigProblem {
  code: ConfigProblemCode;
  path: string;
  message: string;
  /** The connection it concerns, by its name in the file. */
  connection?: string;
}

/** Where a settings file comes from, as it says. */
export interface ConfigSource {
  site: string;
  exportedAt: string;
  appVersion: string;
  formatVersion: number;
}

/** What an import would create: each connection (without its secret) with its mappings and status mapping. */
export interface ConfigImportPreview {
  source: ConfigSource;
  connections: {
    id: string;
    tool: Tool;
    name: string;
    /** The tool's site URL, or for Xray its region and client ID. */
    target: string;
    /** What the tool calls the secret the admin enters after the import. */
    secretLabel: string;
    /** Whether it was enabled where it was exported (it is imported disabled until its secret is entered). */
    enabledAtSource: boolean;
    mappings: MappingView[];
    /** Tool statuses the admin mapped differently from TestSync's defaults. */
    statusMapping: { name: string; status: CanonicalStatus }[];
    /** Tool versions counted for a Jira version of another name. */
    versionMapping: { toolVersion: string; jiraVersion: string }[];
  }[];
  /** Connections the exporting site left out of the file, and why. */
  leftOut: { name: string; reason: string }[];
  counts: { connections: number; mappings: number; statusMappings: number };
}

/** `previewConfigImport`: every problem (nothing can be imported), or what would be created. */
export type ConfigImportCheck = { ok: false; problems: ConfigProblem[]; source?: ConfigSource } | { ok: true; preview: ConfigImportPreview };

/** One write of an import. */
export interface ConfigImportStep {
  kind: 'connection' | 'mapping' | 'statusMapping' | 'versionMapping';
  connectionId: string;
  connectionName: string;
  /** For a mapping: "<external project> → <Jira project>". */
  subject?: string;
}

/**
 * `importConfig`: refused with every problem (nothing written), or imported — completely, or up to a write that
 * failed, in which case `written` and `notWritten` say exactly what is on the site and what is not.
 */
export type ConfigImportResult =
  | { imported: false; problems: ConfigProblem[] }
  | {
      imported: true;
      complete: boolean;
      written: ConfigImportStep[];
      /** The write that failed (or was not started for lack of time), with why. */
      failed?: ConfigImportStep & { message: string };
      notWritten: ConfigImportStep[];
      /** The connections created, each waiting for its secret. */
      connections: { id: string; name: string; tool: Tool; secretLabel: string }[];
    };
