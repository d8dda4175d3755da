/**
 * Who may do what on the simulated site. The app principal (a Forge app with the manifest's scopes) may browse,
 * edit and delete everywhere. A user browses the projects in `browse`, edits issues of the projects in `edit`
 * (the browsable ones when absent), creates and links issues in the projects in `create` and `link` (the editable
 * ones when absent) and deletes issues when a Jira admin.
 */
import { errorBody, forbidden, JiraError } from './errors';
import type { Principal, SimProject } from './types';

/** The Forge app's own account: reporter and creator of what the app creates, answered by GET /myself as the app. */
export const APP_ACCOUNT_ID = '712020:7b6c5a3e-testsync-app';
export const APP_DISPLAY_NAME = 'TestSync for Jira';

function listed(list: string[] | '*', project: SimProject): boolean {
  return list === '*' || list.includes(project.key);
}

export function canBrowse(principal: Principal, project: SimProject): boolean {
  return principal.kind === 'app' || listed(principal.user.browse, project);
}

/** Edit Issues (which also governs issue entity properties), on top of Browse Projects. */
export function canEdit(principal: Principal, project: SimProject): boolean {
  if (principal.kind === 'app') return true;
  return canBrowse(principal, project) && listed(principal.user.edit ?? principal.user.browse, project);
}

/** Create Issues, on top of Browse Projects. */
export function canCreate(principal: Principal, project: SimProject): boolean {
  if (principal.kind === 'app') return true;
  const { user } = principal;
  return canBrowse(principal, project) && listed(user.create ?? user.edit ?? user.browse, project);
}

/** Link Issues, on top of Browse Projects. */
export function canLink(principal: Principal, project: SimProject): boolean {
  if (principal.kind === 'app') return true;
  const { user } = principal;
  return canBrowse(principal, project) && listed(user.link ?? user.edit ?? user.browse, project);
}

/** Delete Issues: Jira admins and the app. */
export function canDelete(principal: Principal, project: SimProject): boolean {
  return principal.kind === 'app' || (principal.user.admin && canBrowse(principal, project));
}

export function isAdmin(principal: Principal): boolean {
  return principal.kind === 'app' || principal.user.admin;
}

/** 403 for an issue the caller can see but not edit (wording is the simulator's; Jira's may differ). */
export function cannotEdit(): JiraError {
  return forbidden('You do not have permission to edit this issue.');
}

/** Jira's answer to a create in a project the user may browse but not create in (the wording is a guess). */
export function cannotCreate(): JiraError {
  return new JiraError(400, errorBody([], { project: 'You do not have permission to create issues in this project.' }));
}

/** 403 for a link from an issue whose project the user may not link in (the wording is the simulator's). */
export function cannotLink(): JiraError {
  return forbidden('You do not have the permission to link issues.');
}

export function cannotDelete(): JiraError {
  return forbidden('You do not have permission to delete issues in this project.');
}
