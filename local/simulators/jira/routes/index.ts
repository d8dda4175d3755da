/** Operation handlers by the spec's operationId. */
import type { ServedOperationId } from '../operations';
import type { Handler } from './handler';
import { createIssue, createIssues, deleteIssue, editIssue, getIssue } from './issues';
import {
  createOrUpdateRemoteIssueLink, deleteIssueLink, getIssueLink, getIssueLinkTypes, getRemoteIssueLinks, linkIssues,
} from './links';
import { getBulkPermissions, getCurrentUser, getMyPermissions, getProject, searchProjects } from './meta';
import { deleteIssueProperty, getIssueProperty, getIssuePropertyKeys, setIssueProperty } from './properties';
import { removedSearch, searchJqlGet, searchJqlPost } from './search';

export const HANDLERS: Record<ServedOperationId, Handler> = {
  getCurrentUser,
  getMyPermissions,
  getBulkPermissions,
  searchProjects,
  getProject,
  createIssue,
  createIssues,
  getIssue,
  editIssue,
  deleteIssue,
  searchAndReconsileIssuesUsingJql: searchJqlGet,
  searchAndReconsileIssuesUsingJqlPost: searchJqlPost,
  searchForIssuesUsingJql: removedSearch,
  searchForIssuesUsingJqlPost: removedSearch,
  getIssuePropertyKeys,
  getIssueProperty,
  setIssueProperty,
  deleteIssueProperty,
  getIssueLinkTypes,
  linkIssues,
  getIssueLink,
  deleteIssueLink,
  getRemoteIssueLinks,
  createOrUpdateRemoteIssueLink,
};
