/** Issue link types, issue links and remote links. */
import { ContractError, JiraError, badRequest, errorBody, notFound } from '../errors';
import { canLink, cannotLink } from '../permissions';
import { renderIssueLink, renderLinkType, renderRemoteLink } from '../render';
import type { JiraStore } from '../store';
import type { Principal, SimIssue, SimLinkType, SimRemoteLink } from '../types';
import { asObject, json, noContent, type Handler } from './handler';

export const getIssueLinkTypes: Handler = ({ store }) =>
  json(200, { issueLinkTypes: store.data.linkTypes.map((t) => renderLinkType(store, t)) });

function linkType(store: JiraStore, ref: Record<string, unknown>): SimLinkType {
  if (typeof ref.id !== 'string' && typeof ref.name !== 'string') {
    throw new ContractError('request-body', errorBody(['Issue link type name or id must be provided.']));
  }
  const type = store.data.linkTypes.find((t) =>
    typeof ref.id === 'string' ? t.id === ref.id : t.name.toLowerCase() === String(ref.name).toLowerCase(),
  );
  if (!type) {
    throw notFound(typeof ref.id === 'string' ? `No issue link type with id '${ref.id}' found.` : `No issue link type with name '${String(ref.name)}' found.`);
  }
  return type;
}

function linkedIssue(store: JiraStore, principal: Principal, ref: Record<string, unknown>, side: string): SimIssue {
  const idOrKey = typeof ref.id === 'string' ? ref.id : typeof ref.key === 'string' ? ref.key : undefined;
  if (idOrKey === undefined) {
    throw new ContractError('request-body', errorBody([`The ${side} must have an id or a key.`]));
  }
  return store.visibleIssue(principal, idOrKey);
}

export const linkIssues: Handler = ({ store, principal, body }) => {
  const b = asObject(body);
  const type = linkType(store, asObject(b.type));
  const inward = linkedIssue(store, principal, asObject(b.inwardIssue), 'inwardIssue');
  const outward = linkedIssue(store, principal, asObject(b.outwardIssue), 'outwardIssue');
  if (inward.id === outward.id) throw badRequest(['You cannot link an issue to itself.']);
  // Jira asks for Link Issues "on the project containing the from (outward) issue"; the simulator reads that as the
  // issue that reads the link with its outward description ("blocks"), which is `inwardIssue` in the request (see
  // linkTestToRequirement in src/jira/links.ts).
  if (!canLink(principal, store.projectOf(inward))) throw cannotLink();
  const exists = store.data.links.some(
    (l) => l.typeId === type.id && l.inwardIssueId === inward.id && l.outwardIssueId === outward.id,
  );
  if (!exists) {
    store.data.links.push({ id: String(store.data.counters.linkId++), typeId: type.id, inwardIssueId: inward.id, outwardIssueId: outward.id });
    // Jira records the link in both issues' change history, which moves `updated`.
    for (const issue of [inward, outward]) {
      store.index.willChange(issue);
      store.touch(issue);
    }
  }
  return { status: 201 };
};

function findLink(store: JiraStore, principal: Principal, linkId: string) {
  const link = store.data.links.find((l) => l.id === linkId);
  const visible = (id: string) => {
    const issue = store.findIssue(id);
    return issue !== undefined && store.canBrowse(principal, store.projectOf(issue));
  };
  if (!/^\d+$/.test(linkId)) throw badRequest([`The issue link id '${linkId}' is invalid.`]);
  if (!link || !visible(link.inwardIssueId) || !visible(link.outwardIssueId)) {
    throw notFound(`No issue link with id '${linkId}' exists.`);
  }
  return link;
}

export const getIssueLink: Handler = ({ store, principal, pathParams }) => {
  const link = findLink(store, principal, pathParams.linkId);
  return json(200, renderIssueLink(store, link));
};

export const deleteIssueLink: Handler = ({ store, principal, pathParams }) => {
  const link = findLink(store, principal, pathParams.linkId);
  store.data.links = store.data.links.filter((l) => l !== link);
  for (const id of [link.inwardIssueId, link.outwardIssueId]) {
    const issue = store.findIssue(id);
    if (issue) {
      store.index.willChange(issue);
      store.touch(issue);
    }
  }
  return noContent();
};

export const getRemoteIssueLinks: Handler = ({ store, principal, pathParams, query }) => {
  const issue = store.visibleIssue(principal, pathParams.issueIdOrKey);
  const links = store.data.remoteLinks.filter((l) => l.issueId === issue.id);
  if (typeof query.globalId === 'string') {
    const link = links.find((l) => l.globalId === query.globalId);
    if (!link) throw notFound(`No remote link with global id '${query.globalId}' exists on issue '${issue.key}'.`);
    return json(200, renderRemoteLink(store, link));
  }
  return json(200, links.map((l) => renderRemoteLink(store, l)));
};

/** Creates a remote link, or replaces the one with the same globalId (then answers 200). */
export const createOrUpdateRemoteIssueLink: Handler = ({ store, principal, pathParams, body }) => {
  const issue = store.visibleIssue(principal, pathParams.issueIdOrKey);
  const b = asObject(body);
  const object = asObject(b.object);
  if (typeof object.url !== 'string' || typeof object.title !== 'string') {
    throw new JiraError(400, errorBody([], { title: "'title' is required.", url: "'url' is required." }));
  }
  const fields: Omit<SimRemoteLink, 'id' | 'issueId'> = {
    globalId: typeof b.globalId === 'string' ? b.globalId : undefined,
    relationship: typeof b.relationship === 'string' ? b.relationship : undefined,
    application: b.application,
    object,
  };
  const existing =
    fields.globalId !== undefined
      ? store.data.remoteLinks.find((l) => l.issueId === issue.id && l.globalId === fields.globalId)
      : undefined;
  if (existing) {
    Object.assign(existing, fields);
    return json(200, { id: existing.id, self: renderRemoteLink(store, existing).self });
  }
  const link: SimRemoteLink = { id: store.data.counters.remoteLinkId++, issueId: issue.id, ...fields };
  store.data.remoteLinks.push(link);
  return json(201, { id: link.id, self: renderRemoteLink(store, link).self });
};
