/**
 * Settings export and import (admin only): this site's connections — never their secrets — with their project
 * mappings, status mappings and version mappings as one JSON file, and that file imported on another site.
 *
 * An import checks everything before it writes anything, and reports every problem with its JSON path: the
 * file (JSON, format and version, every field as the admin page's forms check it, the same id, name or project
 * twice), then the site (a connection with the same id or name, a Jira project or issue type that does not
 * exist here, a project another connection to the same tool site already syncs — the rules `saveMapping`
 * enforces). The preview lists what would be created; only `importConfig` writes, after checking again.
 *
 * Re-importing a file is refused, not repeated: its connections exist here by id, and overwriting them would
 * undo what the admin did since (secrets entered, mappings changed). Nothing is written then.
 *
 * Imported connections have no secret: they are saved as a connection whose secret is missing ("No API token"
 * on the admin page) and disabled, so nothing syncs until the admin edits each one, enters its secret and
 * enables it. Mappings are saved through `saveMapping`, status mappings through `saveStatusMapping` and version
 * mappings through `saveVersionMapping`, so
 * every rule they enforce applies, and every write is recorded in the audit log as the page's own would be.
 * Writes stop at the first that fails (or when the request's time is nearly spent); the answer then lists what
 * was written and what was not.
 */
import { getAppContext } from '@forge/api';
import * as connections from '../config/connections';
import { secretLabelOf, type ConnectionRecord } from '../config/connections';
import * as mappings from '../config/mappings';
import type { MappingRecord } from '../config/mappings';
import { getStatusOverrides } from '../config/status-mappings';
import { getVersionMapping } from '../config/version-mappings';
import {
  buildDocument,
  configProblem,
  entryOf,
  fileNameOf,
  inputOf,
  normaliseName,
  readDocument,
  recordOf,
  type ConfigConnection,
  type ConfigDocument,
} from '../config/transfer';
import { listProjects } from '../jira/issues';
import * as audit from '../audit/record';
import { mappingView, sameToolSite } from './connection-views';
import {
  ConfigExportInput,
  ConfigImportInput,
  type ConfigExport,
  type ConfigImportCheck,
  type ConfigImportPreview,
  type ConfigImportResult,
  type ConfigImportStep,
  type ConfigProblem,
} from './contract';
import { ApiFailure } from './guard';
import { saveStatusMapping } from './status-mapping';
import { saveVersionMapping } from './version-mapping';

/** The mapping save of the admin resolver (`saveMapping` in src/resolvers/admin.ts), with all its checks. */
export type SaveMapping = (payload: unknown) => Promise<unknown>;

/** What each tool's projects are called, as `saveMapping`'s messages name them. */
const PROJECT_NOUN: Record<ConnectionRecord['tool'], string> = { qtest: 'qTest project', xray: 'Xray project', qmetry: 'QMetry project' };

/** Time kept back for answering: no write is started with less than this left of the request. */
const RESERVE_MS = 4000;

function appVersion(): string {
  try {
    return getAppContext().appVersion || 'unknown';
  } catch {
    return 'unknown';
  }
}

function remainingMs(): number {
  try {
    return getAppContext().invocationRemainingTimeInMillis();
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

// ---- export ----

export async function exportConfig(raw: unknown): Promise<ConfigExport> {
  const { siteUrl } = ConfigExportInput.parse(raw ?? {});
  const now = new Date();
  const entries: ConfigConnection[] = [];
  const leftOut: { name: string; reason: string }[] = [];
  const all = await mappings.listMappings();
  for (const c of await connections.listConnections()) {
    if (!c.connected) {
      leftOut.push({ name: c.name, reason: 'disconnected: its settings were removed, so there is nothing to export' });
      continue;
    }
    entries.push(entryOf(c, all.filter((m) => m.connectionId === c.id), await getStatusOverrides(c.id), await getVersionMapping(c.id)));
  }
  const site = siteUrl || 'unknown';
  const document = buildDocument({ appVersion: appVersion(), exportedAt: now, site, connections: entries, leftOut });
  return {
    fileName: fileNameOf(site, now),
    text: `${JSON.stringify(document, null, 2)}\n`,
    counts: {
      connections: entries.length,
      mappings: entries.reduce((n, e) => n + e.mappings.length, 0),
      statusMappings: entries.filter((e) => Object.keys(e.statusMapping).length > 0).length,
    },
    leftOut,
  };
}

// ---- checks against this site ----

/**
 * What the site says against the file: connections that exist (by id or name), Jira projects and issue types
 * that do not, and projects already synced by another connection to the same tool site (stored, or earlier in
 * the file) — `saveMapping`'s rules, checked for every mapping before any is written.
 */
async function siteProblems(doc: ConfigDocument): Promise<ConfigProblem[]> {
  const out: ConfigProblem[] = [];
  const [existing, stored, projects] = await Promise.all([connections.listConnections(), mappings.listMappings(), listProjects()]);
  const byId = new Map(existing.map((c) => [c.id, c]));
  const byName = new Map(existing.map((c) => [normaliseName(c.name), c]));
  const storedOf = new Map<string, Map<string, MappingRecord>>();
  for (const m of stored) {
    if (!storedOf.has(m.connectionId)) storedOf.set(m.connectionId, new Map());
    storedOf.get(m.connectionId)!.set(m.externalProjectId, m);
  }
  const now = new Date();
  const records = doc.connections.map((c) => recordOf(c, now));

  let present = 0;
  doc.connections.forEach((c, i) => {
    const same = byId.get(c.id);
    if (same) {
      present++;
      out.push(configProblem('CONNECTION_EXISTS', ['connections', i, 'id'], `A connection with id "${c.id}" already exists on this site ("${same.name}").`, c.name));
    }
    const named = byName.get(normaliseName(c.name));
    if (named && named.id !== c.id) {
      out.push(configProblem('NAME_EXISTS', ['connections', i, 'name'], `A connection named "${named.name}" already exists on this site; rename one of them.`, c.name));
    }
  });
  if (present > 0 && present === doc.connections.length) {
    out.unshift(
      configProblem(
        'ALREADY_IMPORTED',
        [],
        'Every connection in this file already exists on this site: the file has been imported here already (or was exported from this site). ' +
          'Importing it again is refused so nothing set since is overwritten; delete those connections first to import it anew.',
      ),
    );
  }

  const jira = new Map(projects.map((p) => [p.key, p]));
  doc.connections.forEach((c, i) => {
    const record = records[i];
    c.mappings.forEach((m, j) => {
      const at = (field: string) => ['connections', i, 'mappings', j, field];
      const project = jira.get(m.jiraProjectKey);
      if (!project) {
        out.push(configProblem('JIRA_PROJECT', at('jiraProjectKey'), `Jira project ${m.jiraProjectKey} does not exist or the app cannot see it.`, c.name));
      } else if (!project.issueTypes.includes(m.issueType)) {
        out.push(
          configProblem('ISSUE_TYPE', at('issueType'), `Jira project ${project.key} has no issue type "${m.issueType}"; choose one of ${project.issueTypes.join(', ')}.`, c.name),
        );
      }
      const name = m.externalProjectName || m.externalProjectId;
      for (const other of existing) {
        if (other.id === c.id || !sameToolSite(record, other)) continue;
        const taken = storedOf.get(other.id)?.get(m.externalProjectId);
        if (!taken) continue;
        out.push(
          configProblem(
            'MAPPING_CONFLICT',
            at('externalProjectId'),
            `${PROJECT_NOUN[c.tool]} "${taken.externalProjectName || name}" is already synced by connection "${other.name}" into Jira project ${taken.jiraProjectKey}; ` +
              'a second connection would create a second issue for every test case.',
            c.name,
          ),
        );
      }
      for (let k = 0; k < i; k++) {
        const earlier = doc.connections[k];
        if (!sameToolSite(record, records[k])) continue;
        const taken = earlier.mappings.find((e) => e.externalProjectId === m.externalProjectId);
        if (!taken) continue;
        out.push(
          configProblem(
            'MAPPING_CONFLICT',
            at('externalProjectId'),
            `${PROJECT_NOUN[c.tool]} "${name}" is also mapped by connection "${earlier.name}" in this file (into Jira project ${taken.jiraProjectKey}), on the same ${PROJECT_NOUN[c.tool].split(' ')[0]} site; ` +
              'a second connection would create a second issue for every test case.',
            c.name,
          ),
        );
      }
    });
  });
  return out;
}

/** Reads the file and checks it against this site: the document, or every problem found. */
async function check(raw: unknown): Promise<{ ok: true; document: ConfigDocument } | Extract<ConfigImportCheck, { ok: false }>> {
  const { text } = ConfigImportInput.parse(raw);
  const read = readDocument(text);
  if (!read.ok) return read;
  const problems = await siteProblems(read.document);
  return problems.length > 0 ? { ok: false, problems, source: sourceFrom(read.document) } : read;
}

const sourceFrom = (doc: ConfigDocument) => ({ site: doc.site, exportedAt: doc.exportedAt, appVersion: doc.appVersion, formatVersion: doc.formatVersion });

function targetOf(c: ConfigConnection): string {
  if (c.tool === 'xray') return `${c.region === 'global' ? 'Global' : c.region.toUpperCase()} region, client ID ${c.clientId}${c.sameSite === false ? ', on another Jira site' : ', on this Jira site'}`;
  if (c.tool === 'qmetry') return `${c.baseUrl}, project ${c.projectKey}${c.orgCode ? `, organisation ${c.orgCode}` : ''}`;
  return c.authMethod === 'password' ? `${c.baseUrl}, signs in as ${c.username}` : c.baseUrl;
}

/** What the admin enters for an imported connection: its secret's label, from the settings the entry becomes. */
const secretLabelOfEntry = (c: ConfigConnection): string => secretLabelOf(recordOf(c, new Date(0)));

function previewOf(doc: ConfigDocument): ConfigImportPreview {
  const list = doc.connections.map((c) => ({
    id: c.id,
    tool: c.tool,
    name: c.name,
    target: targetOf(c),
    secretLabel: secretLabelOfEntry(c),
    enabledAtSource: c.enabled,
    mappings: c.mappings.map((m) => mappingView({ ...m, connectionId: c.id, createdAt: '', updatedAt: '' })),
    statusMapping: Object.entries(c.statusMapping).map(([name, status]) => ({ name, status })),
    versionMapping: c.versionMapping.map((e) => ({ toolVersion: e.toolVersion, jiraVersion: e.jiraVersion })),
  }));
  return {
    source: sourceFrom(doc),
    connections: list,
    leftOut: doc.leftOut,
    counts: {
      connections: list.length,
      mappings: list.reduce((n, c) => n + c.mappings.length, 0),
      statusMappings: list.filter((c) => c.statusMapping.length > 0).length,
    },
  };
}

export async function previewConfigImport(raw: unknown): Promise<ConfigImportCheck> {
  const checked = await check(raw);
  return checked.ok ? { ok: true, preview: previewOf(checked.document) } : checked;
}

// ---- import ----

interface Write {
  step: ConfigImportStep;
  run: () => Promise<unknown>;
}

const mappingSubject = (m: { externalProjectName: string; externalProjectId: string; jiraProjectKey: string }) =>
  `${m.externalProjectName || m.externalProjectId} → ${m.jiraProjectKey}`;

/** Stores an imported connection: checked as new again (another admin may have added it meanwhile), no secret. */
async function createConnection(record: ConnectionRecord): Promise<{ id: string }> {
  if (await connections.getConnection(record.id)) throw new ApiFailure('CONFLICT', `A connection with id "${record.id}" was added on this site meanwhile.`);
  const named = (await connections.listConnections()).find((c) => normaliseName(c.name) === normaliseName(record.name));
  if (named) throw new ApiFailure('CONFLICT', `A connection named "${named.name}" was added on this site meanwhile.`);
  await connections.saveConnection(record);
  return { id: record.id };
}

/** The status mapping save loads the connection without a connector: an imported connection has no secret yet. */
const withoutConnector = async (id: string) => {
  const connection = await connections.getConnection(id);
  if (!connection) throw new ApiFailure('NOT_FOUND', `There is no connection ${id}.`);
  return { connection };
};

function writesOf(doc: ConfigDocument, saveMapping: SaveMapping, accountId: string | undefined): Write[] {
  const now = new Date();
  const writes: Write[] = [];
  for (const c of doc.connections) {
    const who = { connectionId: c.id, connectionName: c.name };
    const record = recordOf(c, now);
    writes.push({ step: { kind: 'connection', ...who }, run: () => audit.audited(() => createConnection(record), audit.connectionSaveAudit)(inputOf(c), accountId) });
    for (const m of c.mappings) {
      writes.push({
        step: { kind: 'mapping', ...who, subject: mappingSubject(m) },
        run: () => audit.audited(saveMapping, audit.mappingSaveAudit)({ connectionId: c.id, ...m }, accountId),
      });
    }
    if (Object.keys(c.statusMapping).length > 0) {
      writes.push({
        step: { kind: 'statusMapping', ...who },
        run: () =>
          audit.audited((p) => saveStatusMapping(p, withoutConnector), audit.statusMappingAudit)({ connectionId: c.id, mapping: c.statusMapping }, accountId),
      });
    }
    if (c.versionMapping.length > 0) {
      writes.push({
        step: { kind: 'versionMapping', ...who },
        run: () =>
          audit.audited((p) => saveVersionMapping(p, async (id) => (await withoutConnector(id)).connection), audit.versionMappingAudit)(
            { connectionId: c.id, mapping: c.versionMapping },
            accountId,
          ),
      });
    }
  }
  return writes;
}

/**
 * Checks the file again and, when nothing is wrong, creates its connections (no secret, disabled), their
 * mappings, status mappings and version mappings, in the file's order. Stops at the first write that fails and says what was
 * written and what was not.
 */
export async function importConfig(raw: unknown, saveMapping: SaveMapping, accountId?: string): Promise<ConfigImportResult> {
  const checked = await check(raw);
  if (!checked.ok) return { imported: false, problems: checked.problems };
  const doc = checked.document;
  const writes = writesOf(doc, saveMapping, accountId);
  const written: ConfigImportStep[] = [];
  let failed: (ConfigImportStep & { message: string }) | undefined;
  let i = 0;
  for (; i < writes.length; i++) {
    if (remainingMs() < RESERVE_MS) {
      failed = { ...writes[i].step, message: 'Not started: the request was running out of time. Nothing after this point was written.' };
      break;
    }
    try {
      await writes[i].run();
      written.push(writes[i].step);
    } catch (e) {
      failed = { ...writes[i].step, message: e instanceof Error ? e.message : String(e) };
      break;
    }
  }
  const notWritten = writes.slice(i).map((w) => w.step);
  const created = new Set(written.filter((s) => s.kind === 'connection').map((s) => s.connectionId));
  return {
    imported: true,
    complete: !failed,
    written,
    ...(failed ? { failed } : {}),
    notWritten,
    connections: doc.connections.filter((c) => created.has(c.id)).map((c) => ({ id: c.id, name: c.name, tool: c.tool, secretLabel: secretLabelOfEntry(c) })),
  };
}
