/**
 * A project's versions and components: how Jira renders them (on their own, in a project, and in an issue's
 * `fixVersions` / `components`) and how it finds one by name or id.
 */
import type { JiraStore } from './store';
import type { SimComponent, SimProject, SimVersion } from './types';

type Json = Record<string, unknown>;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A date in the site's "Day/Month/Year" format, as `userReleaseDate` shows it: `15/Dec/2026`, the form of the
 * spec's own examples (`6/Jul/2010`); a site's configured format may differ.
 */
export function userDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${d}/${MONTHS[m - 1]}/${y}`;
}

/** `archived` wins over `released`, as the paginated list's `status` filter counts them. */
export type VersionStatus = 'released' | 'unreleased' | 'archived';

export function versionStatus(v: SimVersion): VersionStatus {
  return v.archived ? 'archived' : v.released ? 'released' : 'unreleased';
}

/** A version inside an issue's `fixVersions`: Jira leaves out the project and the computed fields there. */
export function renderIssueVersion(store: JiraStore, v: SimVersion): Json {
  return {
    self: store.url(`/rest/api/3/version/${v.id}`),
    id: v.id,
    ...(v.description !== undefined ? { description: v.description } : {}),
    name: v.name,
    archived: v.archived,
    released: v.released,
    ...(v.releaseDate !== undefined ? { releaseDate: v.releaseDate } : {}),
  };
}

/**
 * A version as the project's version lists and GET project answer it. `overdue` (unreleased and its release
 * date before today) is computed on the simulator's clock.
 */
export function renderVersion(store: JiraStore, project: SimProject, v: SimVersion): Json {
  const today = new Date(store.clock.now()).toISOString().slice(0, 10);
  return {
    self: store.url(`/rest/api/3/version/${v.id}`),
    id: v.id,
    ...(v.description !== undefined ? { description: v.description } : {}),
    name: v.name,
    archived: v.archived,
    released: v.released,
    ...(v.startDate !== undefined ? { startDate: v.startDate, userStartDate: userDate(v.startDate) } : {}),
    ...(v.releaseDate !== undefined
      ? { releaseDate: v.releaseDate, userReleaseDate: userDate(v.releaseDate), overdue: !v.released && v.releaseDate < today }
      : {}),
    projectId: Number(project.id),
  };
}

/** A component inside an issue's `components`. */
export function renderIssueComponent(store: JiraStore, c: SimComponent): Json {
  return {
    self: store.url(`/rest/api/3/component/${c.id}`),
    id: c.id,
    name: c.name,
    ...(c.description !== undefined ? { description: c.description } : {}),
  };
}

/** A component as GET project components and GET project answer it (no lead, the project default assignee). */
export function renderComponent(store: JiraStore, project: SimProject, c: SimComponent): Json {
  return {
    ...renderIssueComponent(store, c),
    assigneeType: 'PROJECT_DEFAULT',
    realAssigneeType: 'PROJECT_DEFAULT',
    isAssigneeTypeValid: false,
    project: project.key,
    projectId: Number(project.id),
  };
}

const sameName = (a: string, b: string | undefined) => b !== undefined && a.toLowerCase() === b.toLowerCase();

/** A version of the project by id, or by name (case-insensitive, as Jira's version lookup is). */
export function findVersion(project: SimProject, ref: { id?: string; name?: string }): SimVersion | undefined {
  return ref.id !== undefined ? project.versions.find((v) => v.id === ref.id) : project.versions.find((v) => sameName(v.name, ref.name));
}

export function findComponent(project: SimProject, ref: { id?: string; name?: string }): SimComponent | undefined {
  return ref.id !== undefined ? project.components.find((c) => c.id === ref.id) : project.components.find((c) => sameName(c.name, ref.name));
}
