/**
 * The admin page's status mapping: the tool's statuses (from its catalogue, custom ones included) and the
 * canonical status each counts as, from TestSync's defaults or the admin's own choice.
 */
import type { Connector } from '../connectors/types';
import { getStatusOverrides, saveStatusOverrides } from '../config/status-mappings';
import { listMappings } from '../config/mappings';
import type { ConnectionRecord } from '../config/connections';
import { DEFAULT_STATUS_MAPPINGS, effectiveMapping, mapStatus, validateMapping, type StatusMapping } from '../domain/status';
import { TOOL_LABELS } from '../domain/model';
import { ApiFailure } from './guard';
import { ConnectionRef, StatusMappingInput, type StatusMappingRow, type StatusMappingView } from './contract';

const normalise = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ');

/** The tool's status names across the mapped projects (one per name, first spelling kept). */
async function catalogue(connection: ConnectionRecord, connector: Connector | undefined): Promise<{ names: string[]; error?: string }> {
  if (!connector) return { names: [], error: `No credential is stored, so ${TOOL_LABELS[connection.tool]}'s statuses could not be read.` };
  const names = new Map<string, string>();
  try {
    for (const mapping of await listMappings(connection.id)) {
      for (const status of await connector.listStatuses(mapping.externalProjectId)) {
        if (!names.has(normalise(status.name))) names.set(normalise(status.name), status.name);
      }
    }
  } catch (e) {
    return { names: [...names.values()], error: `${TOOL_LABELS[connection.tool]}'s statuses could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
  return { names: [...names.values()] };
}

function viewOf(connection: ConnectionRecord, names: string[], overrides: StatusMapping, catalogueError?: string): StatusMappingView {
  const effective = effectiveMapping(connection.tool, overrides);
  const listed = new Set(names.map(normalise));
  const all = [...names, ...Object.keys(overrides).filter((n) => !listed.has(normalise(n)))];
  const adminSet = new Set(Object.keys(overrides).map(normalise));
  const rows: StatusMappingRow[] = all.map((name) => {
    const mapped = mapStatus(name, effective);
    return {
      name,
      ...(mapped.mapped ? { mappedTo: mapped.status } : {}),
      source: adminSet.has(normalise(name)) ? 'admin' : mapped.mapped ? 'default' : 'unmapped',
      inCatalogue: listed.has(normalise(name)),
    };
  });
  return { connectionId: connection.id, tool: connection.tool, rows, problems: validateMapping(effective), ...(catalogueError ? { catalogueError } : {}) };
}

export async function getStatusMapping(raw: unknown, load: (id: string) => Promise<{ connection: ConnectionRecord; connector?: Connector }>): Promise<StatusMappingView> {
  const { connectionId } = ConnectionRef.parse(raw);
  const { connection, connector } = await load(connectionId);
  const { names, error } = await catalogue(connection, connector);
  return viewOf(connection, names, await getStatusOverrides(connection.id), error);
}

/** Keeps the entries that differ from the tool's defaults; refuses a mapping that leaves PASS, FAIL or SKIP unmapped. */
export async function saveStatusMapping(raw: unknown, load: (id: string) => Promise<{ connection: ConnectionRecord; connector?: Connector }>): Promise<StatusMappingView> {
  const input = StatusMappingInput.parse(raw);
  const { connection, connector } = await load(input.connectionId);
  const defaults = DEFAULT_STATUS_MAPPINGS[connection.tool];
  const overrides: StatusMapping = {};
  for (const [name, status] of Object.entries(input.mapping)) if (defaults[normalise(name)] !== status) overrides[name] = status;
  const problems = validateMapping(effectiveMapping(connection.tool, overrides));
  if (problems.length > 0) throw new ApiFailure('INVALID_INPUT', problems.join('; '));
  await saveStatusOverrides(connection.id, overrides, new Date());
  const { names, error } = await catalogue(connection, connector);
  return viewOf(connection, names, overrides, error);
}
