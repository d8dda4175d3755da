/**
 * Reads the fields that place an issue in its project — `fixVersions`, `components` and `parent` — from create
 * and edit requests, as Jira does: versions and components by `{ id }` or `{ name }` among the issue's project's
 * own, a parent by `{ id }` or `{ key }` one hierarchy level up (an epic for a story), `parent: {}` to remove it.
 * Shape errors raise ContractError (recorded as violations), unknown values answer Jira's 400 field errors.
 */
import { ContractError, errorBody, fieldErrors } from './errors';
import { findComponent, findVersion } from './project-items';
import type { JiraStore } from './store';
import type { SimIssue, SimIssueType, SimProject } from './types';

/** What reading these fields needs to know besides the request. */
export interface PlacementContext {
  store: JiraStore;
  /** The issue's project: versions and components are looked up in it. */
  project: SimProject;
  /** The issue's type (after the request's own change), to check its parent's hierarchy level. */
  issueType: SimIssueType;
  /** The edited issue; absent on create. */
  issue?: SimIssue;
  canBrowse: (p: SimProject) => boolean;
}

export interface Placement {
  fixVersionIds?: string[];
  componentIds?: string[];
  /** null removes the parent. */
  parentId?: string | null;
}

export const PLACEMENT_FIELDS = ['fixVersions', 'components', 'parent'] as const;

type ListField = 'fixVersions' | 'components';
type Ref = { id: string } | { name: string };

const LISTS: Record<ListField, { what: string; key: 'fixVersionIds' | 'componentIds'; find: (p: SimProject, ref: { id?: string; name?: string }) => { id: string } | undefined }> = {
  fixVersions: { what: 'Version', key: 'fixVersionIds', find: findVersion },
  components: { what: 'Component', key: 'componentIds', find: findComponent },
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function shapeError(field: string, message: string): ContractError {
  return new ContractError('request-fields', errorBody([], { [field]: message }), { field });
}

function readRef(field: ListField, v: unknown): Ref {
  if (!isObject(v)) throw shapeError(field, 'expected Object');
  if (typeof v.id === 'string' || typeof v.id === 'number') return { id: String(v.id) };
  if (typeof v.name === 'string') return { name: v.name };
  throw shapeError(field, `Could not find valid 'id' or 'name' in ${LISTS[field].what.toLowerCase()} object.`);
}

/** The id of the version or component a reference names, or Jira's "Version name '9.9' is not valid". */
function resolveRef(field: ListField, ref: Ref, ctx: PlacementContext): string {
  const { what, find } = LISTS[field];
  const found = find(ctx.project, ref);
  if (!found) {
    throw fieldErrors({ [field]: 'id' in ref ? `${what} id '${ref.id}' is not valid` : `${what} name '${ref.name}' is not valid` });
  }
  return found.id;
}

function readList(field: ListField, v: unknown, ctx: PlacementContext): string[] {
  if (!Array.isArray(v)) throw shapeError(field, 'data was not an array');
  return [...new Set(v.map((item) => resolveRef(field, readRef(field, item), ctx)))];
}

/** The parent's id, or null for `{}` (no parent). */
function readParent(v: unknown, ctx: PlacementContext): string | null {
  if (!isObject(v)) throw shapeError('parent', 'data was not an object');
  if (Object.keys(v).length === 0) return null;
  const ref = typeof v.id === 'string' || typeof v.id === 'number' ? String(v.id) : typeof v.key === 'string' ? v.key : undefined;
  const parent = ref === undefined ? undefined : ctx.store.findIssue(ref);
  if (!parent || !ctx.canBrowse(ctx.store.projectOf(parent))) throw fieldErrors({ parent: 'Could not find issue by id or key.' });
  const level = ctx.store.issueType(ctx.store.projectOf(parent), parent.issueTypeId)?.hierarchyLevel;
  if (parent.id === ctx.issue?.id || level !== ctx.issueType.hierarchyLevel + 1) {
    throw fieldErrors({ parent: 'Given parent issue does not belong to appropriate hierarchy.' });
  }
  return parent.id;
}

/** `fields.fixVersions`, `fields.components`, `fields.parent` of a create or edit request. */
export function readPlacementFields(fields: Record<string, unknown>, ctx: PlacementContext, changes: Placement): void {
  if ('fixVersions' in fields) changes.fixVersionIds = readList('fixVersions', fields.fixVersions, ctx);
  if ('components' in fields) changes.componentIds = readList('components', fields.components, ctx);
  if ('parent' in fields) changes.parentId = readParent(fields.parent, ctx);
}

/**
 * One `update` operation on these fields: `add`, `remove` and `set` for versions and components (on top of the
 * issue's current ones and earlier operations), `set` for the parent.
 */
export function applyPlacementOperation(
  field: (typeof PLACEMENT_FIELDS)[number],
  verb: string | undefined,
  value: unknown,
  ctx: PlacementContext,
  current: { fixVersionIds?: string[]; componentIds?: string[] },
  changes: Placement,
): void {
  if (field === 'parent') {
    if (verb !== 'set') throw shapeError('parent', `Operation '${String(verb)}' is not supported for parent.`);
    changes.parentId = readParent(value, ctx);
    return;
  }
  const { key } = LISTS[field];
  const ids = changes[key] ?? [...(current[key] ?? [])];
  if (verb === 'add') changes[key] = [...new Set([...ids, resolveRef(field, readRef(field, value), ctx)])];
  else if (verb === 'remove') {
    const removed = resolveRef(field, readRef(field, value), ctx);
    changes[key] = ids.filter((id) => id !== removed);
  } else if (verb === 'set') changes[key] = readList(field, value, ctx);
  else throw shapeError(field, `Operation '${String(verb)}' is not supported for ${field}.`);
}
