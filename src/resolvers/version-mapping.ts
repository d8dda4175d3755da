/**
 * The admin page's version mapping: the tool versions met in a connection's synced results (and those its saved
 * mapping names), the Jira version each counts for, and the versions of the Jira projects the connection's projects
 * are mapped to, read as the app.
 */
import { route } from '@forge/api';
import { z } from 'zod';
import type { ConnectionRecord } from '../config/connections';
import { listMappings } from '../config/mappings';
import {
  getVersionMapping as savedVersionMapping,
  normaliseVersion,
  saveVersionMapping as storeVersionMapping,
  versionMappingProblems,
  versionsSeen,
  type VersionMappingEntry,
} from '../config/version-mappings';
import { jira } from '../jira/client';
import { ApiFailure } from './guard';
import { ConnectionRef, VersionMappingInput, type JiraVersionOption, type VersionMappingRow, type VersionMappingView } from './contract';

/** GET /rest/api/3/project/{key}/versions: every version of the project, archived ones too. */
const ProjectVersions = z.array(
  z.object({
    name: z.string(),
    archived: z.boolean().optional(),
    released: z.boolean().optional(),
  }),
);

/** The versions of the connection's mapped Jira projects, one option per name; projects that could not be read are named. */
async function jiraVersionsOf(connectionId: string): Promise<{ projects: string[]; versions: JiraVersionOption[]; error?: string }> {
  const projects = [...new Set((await listMappings(connectionId)).map((m) => m.jiraProjectKey))].sort();
  const byName = new Map<string, JiraVersionOption>();
  const failures: string[] = [];
  for (const key of projects) {
    let versions: z.infer<typeof ProjectVersions>;
    try {
      versions = ProjectVersions.parse(await jira(route`/rest/api/3/project/${key}/versions`));
    } catch (e) {
      failures.push(`${key}: ${e instanceof z.ZodError ? 'Jira answered in an unexpected shape' : e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    for (const v of versions) {
      const held = byName.get(v.name);
      if (held) {
        held.projects.push(key);
        // A name counts as released (or archived) only where every project that has it says so.
        held.released &&= !!v.released;
        held.archived &&= !!v.archived;
      } else byName.set(v.name, { name: v.name, projects: [key], released: !!v.released, archived: !!v.archived });
    }
  }
  return {
    projects,
    versions: [...byName.values()].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true })),
    ...(failures.length > 0 ? { error: `The versions of ${failures.length === 1 ? 'a mapped Jira project' : 'some mapped Jira projects'} could not be read (${failures.join('; ')}).` } : {}),
  };
}

function viewOf(
  connection: ConnectionRecord,
  seen: string[],
  saved: VersionMappingEntry[],
  jiraSide: Awaited<ReturnType<typeof jiraVersionsOf>>,
  storedError?: string,
): VersionMappingView {
  const mapped = new Map(saved.map((e) => [normaliseVersion(e.toolVersion), e]));
  const seenIds = new Set(seen.map(normaliseVersion));
  const names = [...seen, ...saved.map((e) => e.toolVersion).filter((n) => !seenIds.has(normaliseVersion(n)))];
  const inJira = new Set(jiraSide.versions.map((v) => v.name));
  const rows: VersionMappingRow[] = names
    .map((toolVersion) => {
      const entry = mapped.get(normaliseVersion(toolVersion));
      const jiraVersion = entry?.jiraVersion ?? toolVersion;
      return { toolVersion, jiraVersion, source: entry ? 'admin' : 'sameName', seen: seenIds.has(normaliseVersion(toolVersion)), inJira: inJira.has(jiraVersion) } as const;
    })
    .sort((a, b) => a.toolVersion.localeCompare(b.toolVersion, 'en', { numeric: true }));
  return {
    connectionId: connection.id,
    tool: connection.tool,
    rows,
    jiraProjects: jiraSide.projects,
    jiraVersions: jiraSide.versions,
    ...(jiraSide.error ? { jiraError: jiraSide.error } : {}),
    ...(storedError ? { storedError } : {}),
  };
}

async function currentView(connection: ConnectionRecord): Promise<VersionMappingView> {
  let saved: VersionMappingEntry[] = [];
  let storedError: string | undefined;
  try {
    saved = await savedVersionMapping(connection.id);
  } catch (e) {
    storedError = `The saved version mapping could not be read (${e instanceof Error ? e.message : String(e)}); every version is shown under its own name. Save to replace it.`;
  }
  const [seen, jiraSide] = await Promise.all([versionsSeen(connection.id), jiraVersionsOf(connection.id)]);
  return viewOf(connection, seen, saved, jiraSide, storedError);
}

export async function getVersionMapping(raw: unknown, load: (id: string) => Promise<ConnectionRecord>): Promise<VersionMappingView> {
  const { connectionId } = ConnectionRef.parse(raw);
  return currentView(await load(connectionId));
}

/**
 * Stores the tool versions the admin counts for a Jira version of another name; refuses an empty or over-long
 * name and a tool version named twice, keeping the saved mapping. A change is re-applied by the next sync.
 */
export async function saveVersionMapping(raw: unknown, load: (id: string) => Promise<ConnectionRecord>): Promise<VersionMappingView> {
  const input = VersionMappingInput.parse(raw);
  const connection = await load(input.connectionId);
  const problems = versionMappingProblems(input.mapping);
  if (problems.length > 0) throw new ApiFailure('INVALID_INPUT', problems.map((p) => p.message).join('; '));
  await storeVersionMapping(connection.id, input.mapping, new Date());
  return currentView(connection);
}
