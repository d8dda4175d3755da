/** Operation handlers by the spec's operationId. */
import type { ServedOperationId } from '../operations';
import type { Handler } from './handler';
import { getCreateIssueMetaIssueTypeId, getCreateIssueMetaIssueTypes } from './create-meta';
import { bulkFetchIssues, createIssue, createIssues, deleteIssue, editIssue, getIssue } from './issues';
import {
  createOrUpdateRemoteIssueLink, deleteIssueLink, getIssueLink, getIssueLinkTypes, getRemoteIssueLinks, linkIssues,
} from './links';
import { getBulkPermissions, getCurrentUser, getMyPermissions, getProject, searchProjects } from './meta';
import { bulkSetIssuePropertiesByIssue, deleteIssueProperty, getIssueProperty, getIssuePropertyKeys, getTask, setIssueProperty } from './properties';
import { removedSearch, searchJqlGet, searchJqlPost } from './search';
import { bulkGetUsers } from './users';
import { getProjectComponents, getProjectVersions, getProjectVersionsPaginated } from './versions';

export const HANDLERS: Record<ServedOperationId, Handler> = {
  getCurrentUser,
  bulkGetUsers,
  getMyPermissions,
  getBulkPermissions,
  searchProjects,
  getProject,
  getProjectVersions,
  getProjectVersionsPaginated,
  getProjectComponents,
  getCreateIssueMetaIssueTypes,
  getCreateIssueMetaIssueTypeId,
  createIssue,
  createIssues,
  getIssue,
  bulkFetchIssues,
  editIssue,
  deleteIssue,
  searchAndReconsileIssuesUsingJql: searchJqlGet,
  searchAndReconsileIssuesUsingJqlPost: searchJqlPost,
  searchForIssuesUsingJql: removedSearch,
  searchForIssuesUsingJqlPost: removedSearch,
  getIssuePropertyKeys,
  getIssueProperty,
  setIssueProperty,
  bulkSetIssuePropertiesByIssue,
  getTask,
  deleteIssueProperty,
  getIssueLinkTypes,
  linkIssues,
  getIssueLink,
  deleteIssueLink,
  getRemoteIssueLinks,
  createOrUpdateRemoteIssueLink,
};
