/**
 * Jira REST v3 operations served by the simulator, keyed by the spec's operationId.
 * The spec reducer keeps full request/response definitions for exactly these.
 */
export const SERVED_OPERATIONS = [
  'getCurrentUser',
  'bulkGetUsers',
  'getMyPermissions',
  'getBulkPermissions',
  'searchProjects',
  'getProject',
  'getProjectVersions',
  'getProjectVersionsPaginated',
  'getProjectComponents',
  'getCreateIssueMetaIssueTypes',
  'getCreateIssueMetaIssueTypeId',
  'createIssue',
  'createIssues',
  'getIssue',
  'bulkFetchIssues',
  'editIssue',
  'deleteIssue',
  'searchAndReconsileIssuesUsingJql',
  'searchAndReconsileIssuesUsingJqlPost',
  'searchForIssuesUsingJql',
  'searchForIssuesUsingJqlPost',
  'getIssuePropertyKeys',
  'getIssueProperty',
  'setIssueProperty',
  'bulkSetIssuePropertiesByIssue',
  'getTask',
  'deleteIssueProperty',
  'getIssueLinkTypes',
  'linkIssues',
  'getIssueLink',
  'deleteIssueLink',
  'getRemoteIssueLinks',
  'createOrUpdateRemoteIssueLink',
] as const;

export type ServedOperationId = (typeof SERVED_OPERATIONS)[number];
