/** Create (single and bulk), read and edit issues. */
import { ContractError, JiraError, errorBody, forbidden } from '../errors';
import { readCreateInput, readEditInput, type CreateInput, type IssueChanges } from '../issue-input';
import { renderIssue, splitList } from '../render';
import type { JiraStore } from '../store';
import type { Principal, SimIssue } from '../types';
import { APP_ACCOUNT_ID, canCreate, canDelete, cannotCreate, cannotDelete } from '../permissions';
import { asObject, json, noContent, type Handler } from './handler';

export const MAX_BULK_CREATE = 50;

function insertIssue(store: JiraStore, principal: Principal, input: CreateInput): SimIssue {
  const now = store.clock.tick();
  const accountId = principal.kind === 'user' ? principal.user.accountId : APP_ACCOUNT_ID;
  const issue: SimIssue = {
    id: store.nextIssueId(),
    key: store.nextIssueKey(input.project),
    projectId: input.project.id,
    issueTypeId: input.issueType.id,
    summary: input.summary,
    description: input.description ?? null,
    labels: input.labels ?? [],
    priority: input.priority ?? 'Medium',
    status: 'To Do',
    fixVersionIds: input.fixVersionIds ?? [],
    componentIds: input.componentIds ?? [],
    ...(input.parentId ? { parentId: input.parentId } : {}),
    reporterAccountId: accountId,
    creatorAccountId: accountId,
    created: now,
    updated: now,
    properties: {},
    extraFields: {},
  };
  for (const p of input.properties) issue.properties[p.key] = p.value;
  store.addIssue(issue);
  return issue;
}

function created(store: JiraStore, issue: SimIssue): Record<string, unknown> {
  return { id: issue.id, key: issue.key, self: store.url(`/rest/api/3/issue/${issue.id}`) };
}

export const createIssue: Handler = ({ store, principal, body }) => {
  const input = readCreateInput(store, asObject(body), (p) => store.canBrowse(principal, p));
  if (!canCreate(principal, input.project)) throw cannotCreate();
  return json(201, created(store, insertIssue(store, principal, input)));
};

export const createIssues: Handler = ({ store, principal, body, reportViolation }) => {
  const updates = asObject(body).issueUpdates;
  if (!Array.isArray(updates)) {
    throw new ContractError('request-body', errorBody(['issueUpdates is required and must be an array.']));
  }
  if (updates.length > MAX_BULK_CREATE) {
    const message = `The number of issues to create must not exceed ${MAX_BULK_CREATE}.`;
    return json(400, { issues: [], errors: [{ status: 400, elementErrors: { errorMessages: [message], errors: {}, status: 400 } }] });
  }
  const issues: unknown[] = [];
  const errors: unknown[] = [];
  updates.forEach((element, index) => {
    try {
      const input = readCreateInput(store, asObject(element), (p) => store.canBrowse(principal, p));
      if (!canCreate(principal, input.project)) throw cannotCreate();
      issues.push(created(store, insertIssue(store, principal, input)));
    } catch (e) {
      if (!(e instanceof JiraError)) throw e;
      if (e instanceof ContractError) reportViolation(e);
      errors.push({
        status: e.status,
        elementErrors: { errorMessages: e.body.errorMessages, errors: e.body.errors, status: e.status },
        failedElementNumber: index,
      });
    }
  });
  return json(issues.length === 0 && errors.length > 0 ? 400 : 201, { issues, errors });
};

export const getIssue: Handler = ({ store, principal, pathParams, query }) => {
  const issue = store.visibleIssue(principal, pathParams.issueIdOrKey);
  const fields = splitList(query.fields);
  return json(
    200,
    renderIssue(store, issue, {
      fields: fields.length > 0 ? fields : ['*all'],
      properties: splitList(query.properties),
      expand: splitList(query.expand),
    }),
  );
};

/**
 * POST /rest/api/3/issue/bulkfetch: up to 100 issues by id or key, in ascending id order; issues that do not
 * exist or the caller may not browse are left out (not listed as errors), as Jira documents.
 */
export const bulkFetchIssues: Handler = ({ store, principal, body }) => {
  const req = body as { issueIdsOrKeys?: string[]; fields?: string[]; properties?: string[] };
  const refs = req.issueIdsOrKeys ?? [];
  if (refs.length === 0 || refs.length > 100) throw new JiraError(400, errorBody(['Between 1 and 100 issues can be fetched in one request.']));
  const found = new Map<string, SimIssue>();
  for (const ref of refs) {
    const issue = store.findIssue(ref) ?? store.findIssue(ref.toUpperCase());
    if (issue && store.canBrowse(principal, store.projectOf(issue))) found.set(issue.id, issue);
  }
  const issues = [...found.values()]
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((issue) => renderIssue(store, issue, { fields: req.fields?.length ? req.fields : ['*navigable'], properties: req.properties ?? [], expand: [] }));
  return json(200, { issues, issueErrors: [] });
};

/** The fields an edit can change, to tell whether it changed anything. */
const editable = (i: SimIssue) => JSON.stringify([i.summary, i.description, i.labels, i.priority, i.issueTypeId, i.fixVersionIds ?? [], i.componentIds ?? [], i.parentId ?? null]);

function applyChanges(store: JiraStore, issue: SimIssue, changes: IssueChanges): boolean {
  const before = editable(issue);
  if (changes.summary !== undefined) issue.summary = changes.summary;
  if (changes.description !== undefined) issue.description = changes.description;
  if (changes.labels !== undefined) issue.labels = changes.labels;
  if (changes.priority !== undefined) issue.priority = changes.priority;
  if (changes.issueTypeId !== undefined) issue.issueTypeId = changes.issueTypeId;
  if (changes.fixVersionIds !== undefined) issue.fixVersionIds = changes.fixVersionIds;
  if (changes.componentIds !== undefined) issue.componentIds = changes.componentIds;
  if (changes.parentId === null) delete issue.parentId;
  else if (changes.parentId !== undefined) issue.parentId = changes.parentId;
  return before !== editable(issue);
}

export const editIssue: Handler = ({ store, principal, pathParams, query, body }) => {
  const issue = store.editableIssue(principal, pathParams.issueIdOrKey);
  if (query.notifyUsers === false && !store.isAdmin(principal)) {
    throw forbidden('To discard the user notification either admin or project admin permissions are required.');
  }
  const { changes, properties } = readEditInput(store, asObject(body), issue, (p) => store.canBrowse(principal, p));
  store.index.willChange(issue);
  if (applyChanges(store, issue, changes)) store.touch(issue);
  for (const p of properties) issue.properties[p.key] = p.value;
  if (query.returnIssue === true) {
    return json(200, renderIssue(store, issue, { fields: ['*all'], properties: [], expand: splitList(query.expand) }));
  }
  return noContent();
};

/** Deletes an issue with its properties, issue links and remote links (it has no subtasks here). */
export const deleteIssue: Handler = ({ store, principal, pathParams }) => {
  const issue = store.visibleIssue(principal, pathParams.issueIdOrKey);
  if (!canDelete(principal, store.projectOf(issue))) throw cannotDelete();
  store.deleteIssue(issue);
  return noContent();
};
