/**
 * Create meta: the issue types a caller may create in a project, and the fields of one of them, as
 * `GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes[/{issueTypeId}]` answer them. Only for callers with
 * Create Issues in the project: for others the list is empty (a guess: Jira's documentation names the permission,
 * not the answer without it). The fields are those the simulator's create accepts; Summary, and Priority with its
 * default, are required, as on a Jira Cloud company-managed project's default screen.
 */
import { JiraError, errorBody } from '../errors';
import { PRIORITIES } from '../issue-input';
import { canCreate } from '../permissions';
import { renderComponent, renderVersion } from '../project-items';
import type { JiraStore } from '../store';
import type { SimIssueType, SimProject } from '../types';
import { json, type Handler } from './handler';
import { projectOrThrow } from './meta';

/** A page of results (the contract already refused a `maxResults` over Jira's 200). */
function page<T>(items: T[], query: Record<string, unknown>): { items: T[]; startAt: number; maxResults: number; total: number } {
  const startAt = Number(query.startAt ?? 0);
  const maxResults = Number(query.maxResults ?? 50);
  return { items: items.slice(startAt, startAt + maxResults), startAt, maxResults, total: items.length };
}

function renderType(store: JiraStore, t: SimIssueType) {
  return {
    self: store.url(`/rest/api/3/issuetype/${t.id}`),
    id: t.id,
    description: t.description,
    iconUrl: store.url(`/images/icons/issuetypes/${t.name.toLowerCase().replace(/\s+/g, '-')}.svg`),
    name: t.name,
    subtask: false,
    hierarchyLevel: t.hierarchyLevel,
  };
}

function creatableTypes(store: JiraStore, ctx: Parameters<Handler>[0]): { project: SimProject; types: SimIssueType[] } {
  const project = projectOrThrow(store, ctx.principal, ctx.pathParams.projectIdOrKey);
  return { project, types: canCreate(ctx.principal, project) ? project.issueTypes : [] };
}

export const getCreateIssueMetaIssueTypes: Handler = (ctx) => {
  const { types } = creatableTypes(ctx.store, ctx);
  const { items, ...rest } = page(types, ctx.query);
  return json(200, { ...rest, issueTypes: items.map((t) => renderType(ctx.store, t)) });
};

const field = (fieldId: string, name: string, schema: Record<string, unknown>, required: boolean, operations: string[], extra: Record<string, unknown> = {}) => ({
  fieldId,
  key: fieldId,
  name,
  required,
  hasDefaultValue: 'defaultValue' in extra,
  operations,
  schema,
  ...extra,
});

/** The fields of an issue type of the project, in the order Jira's create screen shows them. */
function fieldsOf(store: JiraStore, project: SimProject, type: SimIssueType) {
  const priorities = PRIORITIES.map((name, i) => ({ self: store.url(`/rest/api/3/priority/${i + 1}`), id: String(i + 1), name }));
  return [
    field('project', 'Project', { type: 'project', system: 'project' }, true, ['set'], { allowedValues: [{ self: store.url(`/rest/api/3/project/${project.id}`), id: project.id, key: project.key, name: project.name }] }),
    field('issuetype', 'Issue Type', { type: 'issuetype', system: 'issuetype' }, true, [], { allowedValues: [renderType(store, type)] }),
    field('summary', 'Summary', { type: 'string', system: 'summary' }, true, ['set']),
    field('priority', 'Priority', { type: 'priority', system: 'priority' }, true, ['set'], { allowedValues: priorities, defaultValue: priorities[2] }),
    field('description', 'Description', { type: 'string', system: 'description' }, false, ['set']),
    field('labels', 'Labels', { type: 'array', items: 'string', system: 'labels' }, false, ['add', 'set', 'remove']),
    field('fixVersions', 'Fix versions', { type: 'array', items: 'version', system: 'fixVersions' }, false, ['set', 'add', 'remove'], {
      allowedValues: project.versions.filter((v) => !v.archived).map((v) => renderVersion(store, project, v)),
    }),
    field('components', 'Components', { type: 'array', items: 'component', system: 'components' }, false, ['add', 'set', 'remove'], {
      allowedValues: project.components.map((c) => renderComponent(store, project, c)),
    }),
  ];
}

export const getCreateIssueMetaIssueTypeId: Handler = (ctx) => {
  const { project, types } = creatableTypes(ctx.store, ctx);
  const type = types.find((t) => t.id === ctx.pathParams.issueTypeId);
  if (!type) throw new JiraError(404, errorBody([`Issue type with id '${ctx.pathParams.issueTypeId}' does not exist or you do not have permission to create it in project '${project.key}'.`]));
  const { items, ...rest } = page(fieldsOf(ctx.store, project, type), ctx.query);
  return json(200, { ...rest, fields: items });
};
