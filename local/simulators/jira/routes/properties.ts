/** Issue entity properties. Setting or deleting a property does not change the issue's `updated`. */
import { ContractError, errorBody, notFound } from '../errors';
import { checkPropertyValue } from '../issue-input';
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
