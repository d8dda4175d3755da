/** Current user, permissions and projects. */
import { ContractError, JiraError, errorBody, issueNotFound, notFound } from '../errors';
import { canCreate, canDelete, canEdit, canLink } from '../permissions';
import { renderAppUser, renderProject, renderUser, splitList } from '../render';
import type { JiraStore } from '../store';
import type { Principal, SimProject } from '../types';
import { asObject, json, type Handler } from './handler';

const PERMISSIONS: Record<string, { id: string; name: string; type: 'GLOBAL' | 'PROJECT'; description: string }> = {
  ADMINISTER: { id: '0', name: 'Administer Jira', type: 'GLOBAL', description: 'Create and administer projects, issue types, fields, workflows, and schemes for all projects. Users with this permission can perform most administration tasks, except: managing users, importing data, and editing system email settings.' },
  BROWSE_PROJECTS: { id: '10', name: 'Browse Projects', type: 'PROJECT', description: 'Ability to browse projects and the issues within them.' },
  CREATE_ISSUES: { id: '11', name: 'Create Issues', type: 'PROJECT', description: 'Ability to create issues.' },
  EDIT_ISSUES: { id: '12', name: 'Edit Issues', type: 'PROJECT', description: 'Ability to edit issues.' },
  DELETE_ISSUES: { id: '16', name: 'Delete Issues', type: 'PROJECT', description: 'Ability to delete issues.' },
  LINK_ISSUES: { id: '21', name: 'Link Issues', type: 'PROJECT', description: 'Ability to link issues together and create linked issues. Only useful if issue linking is turned on.' },
  ADMINISTER_PROJECTS: { id: '23', name: 'Administer Projects', type: 'PROJECT', description: 'Ability to administer a project in Jira.' },
};

/** A project the caller may browse, or Jira's 404 (the same for one that does not exist). */
export function projectOrThrow(store: JiraStore, principal: Principal, idOrKey: string): SimProject {
  const project = store.project(idOrKey);
  if (!project || !store.canBrowse(principal, project)) {
    throw notFound(`No project could be found with key '${idOrKey}'.`);
  }
  return project;
}

export const getCurrentUser: Handler = ({ store, principal }) => {
  if (principal.kind === 'user') return json(200, renderUser(store, principal.user, true));
  return json(200, renderAppUser(store, true));
};

export const getMyPermissions: Handler = ({ store, principal, query }) => {
  const keys = splitList(query.permissions);
  if (keys.length === 0) {
    throw new ContractError('request-query', errorBody(['The permissions query parameter is required.']));
  }
  const unknown = keys.filter((k) => !(k in PERMISSIONS));
  if (unknown.length > 0) {
    throw new JiraError(404, errorBody([`No permission found with key(s): ${unknown.join(', ')}`]));
  }
  let scope: SimProject[] | null = null;
  const issueRef = (query.issueKey ?? query.issueId) as string | undefined;
  const projectRef = (query.projectKey ?? query.projectId) as string | undefined;
  if (issueRef !== undefined) {
    const issue = store.findIssue(issueRef);
    if (!issue || !store.canBrowse(principal, store.projectOf(issue))) throw issueNotFound();
    scope = [store.projectOf(issue)];
  } else if (projectRef !== undefined) {
    scope = [projectOrThrow(store, principal, projectRef)];
  }
  const projects = scope ?? store.projects;
  const permissions: Record<string, unknown> = {};
  for (const key of keys) {
    const def = PERMISSIONS[key];
    let have: boolean;
    if (key === 'ADMINISTER' || key === 'ADMINISTER_PROJECTS') have = store.isAdmin(principal);
    else if (key === 'DELETE_ISSUES') have = projects.some((p) => canDelete(principal, p));
    else if (key === 'EDIT_ISSUES') have = projects.some((p) => canEdit(principal, p));
    else if (key === 'CREATE_ISSUES') have = projects.some((p) => canCreate(principal, p));
    else if (key === 'LINK_ISSUES') have = projects.some((p) => canLink(principal, p));
    else have = projects.some((p) => store.canBrowse(principal, p));
    permissions[key] = { id: def.id, key, name: def.name, type: def.type, description: def.description, havePermission: have };
  }
  return json(200, { permissions });
};

export const searchProjects: Handler = ({ store, principal, query }) => {
  const startAt = Number(query.startAt ?? 0);
  const maxResults = Math.min(Number(query.maxResults ?? 50), 100);
  const keys = splitList(query.keys).map((k) => k.toUpperCase());
  const ids = splitList(query.id);
  const text = typeof query.query === 'string' ? query.query.toLowerCase() : '';
  const expand = splitList(query.expand);
  const matching = store.projects
    .filter((p) => store.canBrowse(principal, p))
    .filter((p) => keys.length === 0 || keys.includes(p.key))
    .filter((p) => ids.length === 0 || ids.includes(p.id))
    .filter((p) => text === '' || p.key.toLowerCase().includes(text) || p.name.toLowerCase().includes(text))
    .sort((a, b) => a.key.localeCompare(b.key));
  const page = matching.slice(startAt, startAt + maxResults);
  const isLast = startAt + page.length >= matching.length;
  const self = store.url(`/rest/api/3/project/search?startAt=${startAt}&maxResults=${maxResults}`);
  const body: Record<string, unknown> = {
    self,
    maxResults,
    startAt,
    total: matching.length,
    isLast,
    values: page.map((p) => renderProject(store, p, { issueTypes: expand.includes('issueTypes'), full: expand.includes('lead') })),
  };
  if (!isLast) body.nextPage = store.url(`/rest/api/3/project/search?startAt=${startAt + maxResults}&maxResults=${maxResults}`);
  return json(200, body);
};

export const getProject: Handler = ({ store, principal, pathParams }) => {
  const project = projectOrThrow(store, principal, pathParams.projectIdOrKey);
  return json(200, renderProject(store, project, { issueTypes: true, full: true }));
};

/**
 * POST /rest/api/3/permissions/check for the calling user (checking another account needs Administer Jira):
 * per project permission, the given projects and issues it holds on. Unknown ids are ignored, as Jira does;
 * at most 1000 issues and 1000 projects.
 */
export const getBulkPermissions: Handler = ({ store, principal, body }) => {
  const req = asObject(body) as { accountId?: string; globalPermissions?: string[]; projectPermissions?: { permissions: string[]; issues?: number[]; projects?: number[] }[] };
  if (req.accountId !== undefined && !(principal.kind === 'app' || store.isAdmin(principal))) {
    throw new JiraError(403, errorBody(['You must have the Administer Jira permission to check the permissions of other users.']));
  }
  const who: Principal = req.accountId !== undefined && principal.kind === 'app' ? principalFor(store, req.accountId) ?? principal : principal;
  const entries = req.projectPermissions ?? [];
  const issueCount = entries.reduce((n, e) => n + (e.issues?.length ?? 0), 0);
  const projectCount = entries.reduce((n, e) => n + (e.projects?.length ?? 0), 0);
  if (issueCount > 1000 || projectCount > 1000) throw new JiraError(400, errorBody(['You can check at most 1000 issues and 1000 projects.']));
  const holds = (key: string, project: SimProject) =>
    key === 'EDIT_ISSUES' ? canEdit(who, project)
      : key === 'CREATE_ISSUES' ? canCreate(who, project)
      : key === 'LINK_ISSUES' ? canLink(who, project)
      : key === 'DELETE_ISSUES' ? canDelete(who, project)
      : key === 'ADMINISTER_PROJECTS' ? store.isAdmin(who)
      : store.canBrowse(who, project);
  const grants: { permission: string; issues: number[]; projects: number[] }[] = [];
  for (const entry of entries) {
    for (const permission of entry.permissions.filter((p) => p !== '')) {
      const issues = (entry.issues ?? []).filter((id) => {
        const issue = store.findIssue(String(id));
        return !!issue && holds(permission, store.projectOf(issue));
      });
      const projects = (entry.projects ?? []).filter((id) => {
        const project = store.project(String(id));
        return !!project && holds(permission, project);
      });
      grants.push({ permission, issues, projects });
    }
  }
  const globalPermissions = (req.globalPermissions ?? []).filter((g) => g === 'ADMINISTER' && store.isAdmin(who));
  return json(200, { globalPermissions, projectPermissions: grants });
};

function principalFor(store: JiraStore, accountId: string): Principal | undefined {
  const user = store.data.users.find((u) => u.accountId === accountId);
  return user ? { kind: 'user', user } : undefined;
}
