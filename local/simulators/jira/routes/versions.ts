/** A project's versions (all at once, or a page at a time) and its components, for callers who may browse it. */
import { badRequest } from '../errors';
import { renderComponent, renderVersion, versionStatus, type VersionStatus } from '../project-items';
import { splitList } from '../render';
import type { JiraStore } from '../store';
import type { SimProject, SimVersion } from '../types';
import { SimulatorGapError } from './search';
import { json, type Handler } from './handler';
import { projectOrThrow } from './meta';

const STATUSES: VersionStatus[] = ['released', 'unreleased', 'archived'];
/** Expansions Jira offers on versions; the simulator renders `issuesstatus` only. */
const UNSUPPORTED_EXPANDS = ['operations', 'driver', 'approvers'];

function checkExpand(expand: string[]): void {
  const gap = expand.find((e) => UNSUPPORTED_EXPANDS.includes(e));
  if (gap) throw new SimulatorGapError(`The Jira simulator does not support expand=${gap} on versions.`);
}

/** `issuesstatus`: how many of the project's issues have the version as a fix version, per status category. */
function issuesStatus(store: JiraStore, v: SimVersion): Record<string, number> {
  const counts = { done: 0, inProgress: 0, toDo: 0, unmapped: 0 };
  for (const issue of store.issues) {
    if (!issue.fixVersionIds?.includes(v.id)) continue;
    if (issue.status === 'Done') counts.done++;
    else if (issue.status === 'In Progress') counts.inProgress++;
    else if (issue.status === 'To Do') counts.toDo++;
    else counts.unmapped++;
  }
  return counts;
}

/** GET /rest/api/3/project/{projectIdOrKey}/versions: every version, archived ones too, in the project's order. */
export const getProjectVersions: Handler = ({ store, principal, pathParams, query }) => {
  const project = projectOrThrow(store, principal, pathParams.projectIdOrKey);
  checkExpand(splitList(query.expand));
  return json(200, project.versions.map((v) => renderVersion(store, project, v)));
};

type Comparator = (a: SimVersion, b: SimVersion) => number;

/** `orderBy` (`name`, `-releaseDate`, ...); versions without the date go last either way, as Jira documents. */
function comparator(project: SimProject, orderBy: string | undefined): Comparator {
  const spec = orderBy ?? 'sequence';
  const desc = spec.startsWith('-') ? -1 : 1;
  const field = spec.replace(/^[+-]/, '');
  const sequence = (v: SimVersion) => project.versions.indexOf(v);
  if (field === 'releaseDate' || field === 'startDate') {
    return (a, b) => {
      const da = a[field];
      const db = b[field];
      if (da === undefined || db === undefined) return da === db ? sequence(a) - sequence(b) : da === undefined ? 1 : -1;
      return desc * da.localeCompare(db) || sequence(a) - sequence(b);
    };
  }
  if (field === 'name' || field === 'description') {
    return (a, b) => desc * (a[field] ?? '').localeCompare(b[field] ?? '', 'en', { numeric: true }) || sequence(a) - sequence(b);
  }
  return (a, b) => desc * (sequence(a) - sequence(b));
}

/**
 * GET /rest/api/3/project/{projectIdOrKey}/version: a page of versions, filtered by `query` (name or description,
 * case-insensitive) and `status` (released, unreleased, archived; an archived version counts as archived only).
 */
export const getProjectVersionsPaginated: Handler = ({ store, principal, pathParams, query }) => {
  const project = projectOrThrow(store, principal, pathParams.projectIdOrKey);
  const expand = splitList(query.expand);
  checkExpand(expand);
  const startAt = Number(query.startAt ?? 0);
  const maxResults = Number(query.maxResults ?? 50);
  const statuses = splitList(query.status);
  const unknown = statuses.find((s) => !STATUSES.includes(s as VersionStatus));
  if (unknown !== undefined) throw badRequest([`The status '${unknown}' is not valid. Valid statuses are: ${STATUSES.join(', ')}.`]);
  const text = typeof query.query === 'string' ? query.query.toLowerCase() : '';
  const matching = project.versions
    .filter((v) => statuses.length === 0 || statuses.includes(versionStatus(v)))
    .filter((v) => text === '' || v.name.toLowerCase().includes(text) || (v.description ?? '').toLowerCase().includes(text))
    .sort(comparator(project, typeof query.orderBy === 'string' ? query.orderBy : undefined));
  const page = matching.slice(startAt, startAt + maxResults);
  const isLast = startAt + page.length >= matching.length;
  const pageUrl = (at: number) => store.url(`/rest/api/3/project/${project.key}/version?startAt=${at}&maxResults=${maxResults}`);
  return json(200, {
    self: pageUrl(startAt),
    ...(isLast ? {} : { nextPage: pageUrl(startAt + maxResults) }),
    maxResults,
    startAt,
    total: matching.length,
    isLast,
    values: page.map((v) => ({
      ...renderVersion(store, project, v),
      ...(expand.includes('issuesstatus') ? { issuesStatusForFixVersion: issuesStatus(store, v) } : {}),
    })),
  });
};

/** GET /rest/api/3/project/{projectIdOrKey}/components: Jira's own components (a Compass source has none here). */
export const getProjectComponents: Handler = ({ store, principal, pathParams, query }) => {
  const project = projectOrThrow(store, principal, pathParams.projectIdOrKey);
  if (query.componentSource === 'compass') return json(200, []);
  return json(200, project.components.map((c) => renderComponent(store, project, c)));
};
