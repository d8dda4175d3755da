/** Issue entity properties. Setting or deleting a property does not change the issue's `updated`. */
import { ContractError, errorBody, notFound } from '../errors';
import { checkPropertyValue } from '../issue-input';
import { canEdit } from '../permissions';
import { json, noContent, type Handler } from './handler';

function propertyNotFound(key: string) {
  return notFound(`The property with key '${key}' does not exist.`);
}

export const getIssuePropertyKeys: Handler = ({ store, principal, pathParams }) => {
  const issue = store.visibleIssue(principal, pathParams.issueIdOrKey);
  const keys = Object.keys(issue.properties).map((key) => ({
    key,
    self: store.url(`/rest/api/3/issue/${issue.id}/properties/${encodeURIComponent(key)}`),
  }));
  return json(200, { keys });
};

export const getIssueProperty: Handler = ({ store, principal, pathParams }) => {
  const issue = store.visibleIssue(principal, pathParams.issueIdOrKey);
  const key = pathParams.propertyKey;
  if (!(key in issue.properties)) throw propertyNotFound(key);
  return json(200, { key, value: issue.properties[key] });
};

/** Writing properties needs Edit Issues on the issue's project (the app may write everywhere). */
export const setIssueProperty: Handler = ({ store, principal, pathParams, body, hasBody }) => {
  const issue = store.editableIssue(principal, pathParams.issueIdOrKey);
  const key = pathParams.propertyKey;
  if (!hasBody) {
    throw new ContractError('request-body', errorBody([`The property value for key '${key}' cannot be null or empty.`]));
  }
  checkPropertyValue(key, body);
  const existed = key in issue.properties;
  store.index.willChange(issue);
  issue.properties[key] = body;
  return { status: existed ? 200 : 201 };
};

export const deleteIssueProperty: Handler = ({ store, principal, pathParams }) => {
  const issue = store.editableIssue(principal, pathParams.issueIdOrKey);
  const key = pathParams.propertyKey;
  if (!(key in issue.properties)) throw propertyNotFound(key);
  store.index.willChange(issue);
  delete issue.properties[key];
  return noContent();
};

/**
 * POST /rest/api/3/issue/properties/multi: up to 100 issues, up to 10 properties each. Asynchronous in Jira: the
 * answer is 303 with the task's location; the simulator finishes the task at once. Issues that do not exist
 * (or the caller may not edit) are ignored, as Jira documents; a value over the size limit fails that issue
 * only. The task's `result` shape is not documented: here it lists the issues that were not updated.
 */
export const bulkSetIssuePropertiesByIssue: Handler = ({ store, principal, body }) => {
  const issues = (body as { issues?: { issueID: number; properties: Record<string, unknown> }[] }).issues ?? [];
  if (issues.length === 0 || issues.length > 100) {
    throw new ContractError('request-body', errorBody(['Between 1 and 100 issues can be updated in one request.']));
  }
  const failed: number[] = [];
  for (const entry of issues) {
    const keys = Object.keys(entry.properties ?? {});
    if (keys.length === 0 || keys.length > 10) throw new ContractError('request-body', errorBody(['Between 1 and 10 properties can be set per issue.']));
    const issue = store.findIssue(String(entry.issueID));
    if (!issue || !canEdit(principal, store.projectOf(issue))) continue;
    try {
      for (const key of keys) checkPropertyValue(key, entry.properties[key]);
    } catch {
      failed.push(entry.issueID);
      continue;
    }
    store.index.willChange(issue);
    for (const key of keys) issue.properties[key] = entry.properties[key];
  }
  const now = store.clock.now();
  const id = String(10000 + store.tasks.size);
  store.tasks.set(id, { id, status: 'COMPLETE', started: now, finished: now, result: { failedIssueIds: failed }, message: `${issues.length - failed.length} issue(s) processed` });
  return { status: 303, headers: { location: store.url(`/rest/api/3/task/${id}`) } };
};

export const getTask: Handler = ({ store, pathParams }) => {
  const task = store.tasks.get(pathParams.taskId);
  if (!task) throw notFound(`The task with ID '${pathParams.taskId}' does not exist.`);
  return json(200, {
    id: task.id,
    self: store.url(`/rest/api/3/task/${task.id}`),
    description: 'Bulk set issue properties',
    status: task.status,
    message: task.message,
    result: task.result,
    submitted: task.started,
    // A numeric user id, as the spec types it (Jira's own user ids are not numbers; this one is made up).
    submittedBy: 10000,
    started: task.started,
    finished: task.finished,
    lastUpdate: task.finished,
    progress: 100,
    elapsedRuntime: task.finished - task.started,
  });
};
