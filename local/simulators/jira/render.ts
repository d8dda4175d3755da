/** Renders simulator entities as Jira REST v3 JSON. */
import { formatJiraDate } from './clock';
import { PRIORITIES } from './issue-input';
import { APP_ACCOUNT_ID, APP_DISPLAY_NAME } from './permissions';
import { renderComponent, renderIssueComponent, renderIssueVersion, renderVersion } from './project-items';
import type { JiraStore } from './store';
import type { SimIssue, SimIssueLink, SimIssueType, SimLinkType, SimProject, SimRemoteLink, SimUser } from './types';

type Json = Record<string, unknown>;

/** Every field the simulator knows, in Jira's order; all are navigable. */
export const ISSUE_FIELDS = [
  'summary', 'issuetype', 'project', 'status', 'priority', 'labels', 'description',
  'creator', 'reporter', 'assignee', 'created', 'updated', 'issuelinks', 'fixVersions', 'components', 'parent',
];

const FIELD_NAMES: Record<string, string> = {
  summary: 'Summary', issuetype: 'Issue Type', project: 'Project', status: 'Status', priority: 'Priority',
  labels: 'Labels', description: 'Description', creator: 'Creator', reporter: 'Reporter', assignee: 'Assignee',
  created: 'Created', updated: 'Updated', issuelinks: 'Linked Issues', fixVersions: 'Fix versions',
  components: 'Components', parent: 'Parent',
};

export function avatarUrls(store: JiraStore, kind: string, id: string): Json {
  const base = store.url(`/secure/viewavatar?avatarId=${id}&avatarType=${kind}`);
  return { '16x16': `${base}&size=xsmall`, '24x24': `${base}&size=small`, '32x32': `${base}&size=medium`, '48x48': base };
}

export function renderUser(store: JiraStore, user: SimUser, full = false): Json {
  const out: Json = {
    self: store.url(`/rest/api/3/user?accountId=${user.accountId}`),
    accountId: user.accountId,
    accountType: 'atlassian',
    emailAddress: user.emailAddress,
    avatarUrls: avatarUrls(store, 'user', '10122'),
    displayName: user.displayName,
    active: true,
    timeZone: 'Etc/UTC',
  };
  if (full) {
    out.locale = 'en_US';
    out.groups = { size: user.admin ? 2 : 1, items: [] };
    out.applicationRoles = { size: 1, items: [] };
    out.expand = 'groups,applicationRoles';
  }
  return out;
}

/** The Forge app's own account (accountType `app`), as GET /myself answers it to the app and as issue creator. */
export function renderAppUser(store: JiraStore, full = false): Json {
  const out: Json = {
    self: store.url(`/rest/api/3/user?accountId=${APP_ACCOUNT_ID}`),
    accountId: APP_ACCOUNT_ID,
    accountType: 'app',
    avatarUrls: avatarUrls(store, 'user', '10123'),
    displayName: APP_DISPLAY_NAME,
    active: true,
    timeZone: 'Etc/UTC',
  };
  if (full) out.locale = 'en_US';
  return out;
}

/** A user field (creator, reporter): the app's account, a known user, or null for an unknown account. */
export function renderAccount(store: JiraStore, accountId: string | undefined): Json | null {
  if (accountId === APP_ACCOUNT_ID) return renderAppUser(store);
  const user = accountId === undefined ? undefined : store.user(accountId);
  return user ? renderUser(store, user) : null;
}

export function renderIssueType(store: JiraStore, t: SimIssueType): Json {
  return {
    self: store.url(`/rest/api/3/issuetype/${t.id}`),
    id: t.id,
    description: t.description,
    iconUrl: store.url(`/rest/api/2/universal_avatar/view/type/issuetype/avatar/${t.id}?size=medium`),
    name: t.name,
    subtask: false,
    avatarId: Number(t.id),
    hierarchyLevel: t.hierarchyLevel,
  };
}

export function renderProject(store: JiraStore, p: SimProject, opts: { issueTypes: boolean; full: boolean }): Json {
  const out: Json = {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    self: store.url(`/rest/api/3/project/${p.id}`),
    id: p.id,
    key: p.key,
    name: p.name,
    avatarUrls: avatarUrls(store, 'project', '10400'),
    projectTypeKey: 'software',
    simplified: false,
    style: 'classic',
    isPrivate: false,
    properties: {},
  };
  if (opts.issueTypes) out.issueTypes = p.issueTypes.map((t) => renderIssueType(store, t));
  if (opts.full) {
    out.description = '';
    const lead = store.user(p.leadAccountId);
    if (lead) out.lead = renderUser(store, lead);
    out.assigneeType = 'UNASSIGNED';
    out.versions = p.versions.map((v) => renderVersion(store, p, v));
    out.components = p.components.map((c) => renderComponent(store, p, c));
    out.roles = {};
  }
  return out;
}

function renderStatus(store: JiraStore, name: string): Json {
  const done = name === 'Done';
  return {
    self: store.url(`/rest/api/3/status/${done ? 10002 : 10000}`),
    description: '',
    iconUrl: store.url('/'),
    name,
    id: done ? '10002' : '10000',
    statusCategory: done
      ? { self: store.url('/rest/api/3/statuscategory/3'), id: 3, key: 'done', colorName: 'green', name: 'Done' }
      : { self: store.url('/rest/api/3/statuscategory/2'), id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  };
}

function renderPriority(store: JiraStore, name: string): Json {
  const id = String(PRIORITIES.indexOf(name) + 1);
  return {
    self: store.url(`/rest/api/3/priority/${id}`),
    iconUrl: store.url(`/images/icons/priorities/${name.toLowerCase()}.svg`),
    name,
    id,
  };
}

export function renderLinkType(store: JiraStore, t: SimLinkType): Json {
  return { id: t.id, name: t.name, inward: t.inward, outward: t.outward, self: store.url(`/rest/api/3/issueLinkType/${t.id}`) };
}

/** A linked issue as it appears inside `issuelinks`, in GET issueLink and as an issue's `parent`. */
function renderLinkedIssue(store: JiraStore, issue: SimIssue): Json {
  const project = store.projectOf(issue);
  const type = store.issueType(project, issue.issueTypeId);
  return {
    id: issue.id,
    key: issue.key,
    self: store.url(`/rest/api/3/issue/${issue.id}`),
    fields: {
      summary: issue.summary,
      status: renderStatus(store, issue.status),
      priority: renderPriority(store, issue.priority),
      ...(type ? { issuetype: renderIssueType(store, type) } : {}),
    },
  };
}

/**
 * A link as seen from `from`. Link creation stores the request's inwardIssue as the source; the source
 * shows the other issue as `outwardIssue` (it "blocks"/"tests" it), the destination shows `inwardIssue`.
 */
export function renderIssueLink(store: JiraStore, link: SimIssueLink, from?: SimIssue): Json | null {
  const type = store.data.linkTypes.find((t) => t.id === link.typeId);
  const inward = store.findIssue(link.inwardIssueId);
  const outward = store.findIssue(link.outwardIssueId);
  if (!type || !inward || !outward) return null;
  const out: Json = { id: link.id, self: store.url(`/rest/api/3/issueLink/${link.id}`), type: renderLinkType(store, type) };
  if (!from || from.id !== link.outwardIssueId) out.outwardIssue = renderLinkedIssue(store, outward);
  if (!from || from.id !== link.inwardIssueId) out.inwardIssue = renderLinkedIssue(store, inward);
  return out;
}

export function renderRemoteLink(store: JiraStore, link: SimRemoteLink): Json {
  const issue = store.data.issues.find((i) => i.id === link.issueId);
  const out: Json = {
    id: link.id,
    self: store.url(`/rest/api/3/issue/${issue?.key ?? link.issueId}/remotelink/${link.id}`),
    object: link.object,
  };
  if (link.globalId !== undefined) out.globalId = link.globalId;
  if (link.relationship !== undefined) out.relationship = link.relationship;
  if (link.application !== undefined) out.application = link.application;
  return out;
}

function fieldValue(store: JiraStore, issue: SimIssue, field: string): unknown {
  const project = store.projectOf(issue);
  switch (field) {
    case 'summary': return issue.summary;
    case 'description': return issue.description;
    case 'labels': return [...issue.labels];
    case 'priority': return renderPriority(store, issue.priority);
    case 'status': return renderStatus(store, issue.status);
    case 'project': return renderProject(store, project, { issueTypes: false, full: false });
    case 'created': return formatJiraDate(issue.created);
    case 'updated': return formatJiraDate(issue.updated);
    case 'assignee': return null;
    case 'reporter': return renderAccount(store, issue.reporterAccountId);
    case 'creator': return renderAccount(store, issue.creatorAccountId ?? issue.reporterAccountId);
    case 'issuetype': {
      const t = store.issueType(project, issue.issueTypeId);
      return t ? renderIssueType(store, t) : null;
    }
    case 'fixVersions':
      return (issue.fixVersionIds ?? []).map((id) => project.versions.find((v) => v.id === id)).filter((v) => v !== undefined).map((v) => renderIssueVersion(store, v));
    case 'components':
      return (issue.componentIds ?? []).map((id) => project.components.find((c) => c.id === id)).filter((c) => c !== undefined).map((c) => renderIssueComponent(store, c));
    case 'parent': {
      const parent = issue.parentId === undefined ? undefined : store.findIssue(issue.parentId);
      return parent ? renderLinkedIssue(store, parent) : undefined;
    }
    case 'issuelinks':
      return store.data.links
        .filter((l) => l.inwardIssueId === issue.id || l.outwardIssueId === issue.id)
        .map((l) => renderIssueLink(store, l, issue))
        .filter((l) => l !== null);
    default: return issue.extraFields[field];
  }
}

/** Splits list parameters that Jira accepts both repeated and comma-separated. */
export function splitList(v: unknown): string[] {
  const items = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return items.flatMap((s) => String(s).split(',')).map((s) => s.trim()).filter((s) => s !== '');
}

/** Resolves a `fields` request (`*all`, `*navigable`, names, `-name`) to the field names to render. */
export function resolveFields(requested: string[], issue: SimIssue): string[] {
  const all = [...ISSUE_FIELDS, ...Object.keys(issue.extraFields)];
  const include = new Set<string>();
  const exclude = new Set<string>();
  for (const f of requested) {
    if (f === '*all' || f === '*navigable') all.forEach((x) => include.add(x));
    else if (f.startsWith('-')) exclude.add(f.slice(1));
    else include.add(f);
  }
  if (include.size === 0 && exclude.size > 0) all.forEach((x) => include.add(x));
  return [...include].filter((f) => !exclude.has(f));
}

export interface IssueRenderOptions {
  fields: string[];
  properties: string[];
  expand: string[];
  /** Search with the default `fields=id`: render only the id. */
  idOnly?: boolean;
}

export function renderIssue(store: JiraStore, issue: SimIssue, opts: IssueRenderOptions): Json {
  if (opts.idOnly) return { id: issue.id };
  const out: Json = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: store.url(`/rest/api/3/issue/${issue.id}`),
    key: issue.key,
  };
  const names = resolveFields(opts.fields, issue).filter((f) => f !== 'id' && f !== 'key');
  const fields: Json = {};
  for (const name of names) {
    if (!ISSUE_FIELDS.includes(name) && !(name in issue.extraFields)) continue;
    // Jira leaves out `parent` for an issue that has none.
    const value = fieldValue(store, issue, name);
    if (value !== undefined) fields[name] = value;
  }
  out.fields = fields;
  if (opts.properties.length > 0) {
    const wanted = opts.properties.includes('*all') ? Object.keys(issue.properties) : opts.properties;
    const props: Json = {};
    for (const key of wanted) if (key in issue.properties) props[key] = issue.properties[key];
    out.properties = props;
  }
  if (opts.expand.includes('names')) {
    const namesMap: Record<string, string> = {};
    for (const name of Object.keys(fields)) namesMap[name] = FIELD_NAMES[name] ?? name;
    out.names = namesMap;
  }
  return out;
}
