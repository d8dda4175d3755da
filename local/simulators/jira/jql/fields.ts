/** The JQL fields the simulator can search and sort on, and how to read them from an issue. */
import { PRIORITIES } from '../issue-input';
import type { JiraStore } from '../store';
import type { IndexedPropertyType, SimIssue } from '../types';
import { parseStoredDate, valuesAtPath } from './values';
import type { FieldRef, Operator } from './parser';

export type JqlFieldType =
  | 'project' | 'issuetype' | 'key' | 'id' | 'text' | 'labels' | 'status' | 'priority' | 'date'
  | 'version' | 'component' | 'parent'
  | Exclude<IndexedPropertyType, 'date'> | 'property-date' | 'unindexed';

export interface JqlField {
  /** Name used in error messages. */
  name: string;
  type: JqlFieldType;
  values(issue: SimIssue): unknown[];
  sortValue(issue: SimIssue): string | number | null;
}

export const STATUSES = ['To Do', 'In Progress', 'Done'];

const EQUALITY: Operator[] = ['=', '!=', 'in', 'not in'];
const EMPTINESS: Operator[] = ['is', 'is not'];
const ORDERING: Operator[] = ['<', '>', '<=', '>='];
const TEXT: Operator[] = ['~', '!~'];

export const OPERATORS: Record<JqlFieldType, Operator[]> = {
  project: [...EQUALITY, ...EMPTINESS],
  issuetype: [...EQUALITY, ...EMPTINESS],
  status: [...EQUALITY, ...EMPTINESS],
  priority: [...EQUALITY, ...EMPTINESS, ...ORDERING],
  key: [...EQUALITY, ...EMPTINESS, ...ORDERING],
  id: [...EQUALITY, ...EMPTINESS, ...ORDERING],
  text: [...TEXT, ...EMPTINESS],
  labels: [...EQUALITY, ...EMPTINESS],
  date: [...EQUALITY, ...EMPTINESS, ...ORDERING],
  // Versions compare by their order in the project (`fixVersion < "3.2"`).
  version: [...EQUALITY, ...EMPTINESS, ...ORDERING],
  component: [...EQUALITY, ...EMPTINESS],
  parent: [...EQUALITY, ...EMPTINESS],
  string: [...EQUALITY, ...EMPTINESS],
  user: [...EQUALITY, ...EMPTINESS],
  number: [...EQUALITY, ...EMPTINESS, ...ORDERING],
  'property-date': [...EQUALITY, ...EMPTINESS, ...ORDERING],
  unindexed: [...EQUALITY, ...EMPTINESS, ...ORDERING, ...TEXT],
};

/** Real Jira fields outside the simulated subset; using them is reported as a simulator gap. */
export const UNSUPPORTED_JIRA_FIELDS = new Set([
  'assignee', 'reporter', 'creator', 'resolution', 'resolved', 'resolutiondate', 'duedate', 'due',
  'affectedversion', 'sprint', 'epic link', 'comment', 'environment',
  'watcher', 'watchers', 'voter', 'votes', 'lastviewed', 'statuscategory', 'filter', 'issuefunction',
]);

/** Sort key of an issue key: project key then zero-padded number. */
export function keySortValue(key: string): string {
  const [project, n] = key.split('-');
  return `${project}-${n.padStart(12, '0')}`;
}

function adfText(node: unknown): string {
  if (!node || typeof node !== 'object') return '';
  const n = node as { text?: unknown; content?: unknown };
  const own = typeof n.text === 'string' ? n.text : '';
  const children = Array.isArray(n.content) ? n.content.map(adfText).join(' ') : '';
  return `${own} ${children}`.trim();
}

/** Jira sorts by version order in the project: an issue's earliest fix version. */
function versionSortValue(store: JiraStore, issue: SimIssue): number | null {
  const order = store.projectOf(issue).versions.map((v) => v.id);
  const positions = (issue.fixVersionIds ?? []).map((id) => order.indexOf(id)).filter((n) => n >= 0);
  return positions.length > 0 ? Math.min(...positions) : null;
}

function componentSortValue(store: JiraStore, issue: SimIssue): string | null {
  const names = store.projectOf(issue).components.filter((c) => issue.componentIds?.includes(c.id)).map((c) => c.name.toLowerCase());
  return names.sort()[0] ?? null;
}

function simple(name: string, type: JqlFieldType, read: (i: SimIssue) => unknown[], sort: (i: SimIssue) => string | number | null): JqlField {
  return { name, type, values: read, sortValue: sort };
}

/** Resolves a field reference, or returns null when the field is unknown. */
export function resolveField(store: JiraStore, ref: FieldRef): JqlField | 'unsupported' | null {
  if (ref.kind === 'property') {
    const indexed = store.indexedFor(ref.key).find((p) => p.path === ref.path);
    const name = ref.text;
    if (!indexed) return { name, type: 'unindexed', values: () => [], sortValue: () => null };
    return propertyField(name, ref.key, ref.path, indexed.type);
  }
  const lower = ref.name.toLowerCase();
  const alias = store.byAlias(ref.name);
  if (alias) return propertyField(alias.searchAlias ?? ref.name, alias.propertyKey, alias.path, alias.type);
  switch (lower) {
    case 'project':
      return simple('project', 'project', (i) => [i.projectId], (i) => store.projectOf(i).key);
    case 'issuetype':
    case 'type':
      return simple('issuetype', 'issuetype', (i) => [i.issueTypeId], (i) => store.issueType(store.projectOf(i), i.issueTypeId)?.name ?? null);
    case 'key':
    case 'issuekey':
    case 'issue':
      return simple('key', 'key', (i) => [i.id], (i) => keySortValue(i.key));
    case 'id':
      return simple('id', 'id', (i) => [Number(i.id)], (i) => Number(i.id));
    case 'summary':
      return simple('summary', 'text', (i) => [i.summary], (i) => i.summary.toLowerCase());
    case 'description':
      return simple('description', 'text', (i) => (i.description ? [adfText(i.description)] : []), () => null);
    case 'text':
      return simple('text', 'text', (i) => [i.summary, adfText(i.description)].filter((t) => t !== ''), () => null);
    case 'labels':
      return simple('labels', 'labels', (i) => i.labels, (i) => i.labels[0] ?? null);
    case 'status':
      return simple('status', 'status', (i) => [i.status], (i) => STATUSES.indexOf(i.status));
    case 'priority':
      return simple('priority', 'priority', (i) => [i.priority], (i) => PRIORITIES.length - PRIORITIES.indexOf(i.priority));
    case 'created':
    case 'createddate':
      return simple('created', 'date', (i) => [i.created], (i) => i.created);
    case 'updated':
    case 'updateddate':
      return simple('updated', 'date', (i) => [i.updated], (i) => i.updated);
    case 'fixversion':
      return simple('fixVersion', 'version', (i) => i.fixVersionIds ?? [], (i) => versionSortValue(store, i));
    case 'component':
      return simple('component', 'component', (i) => i.componentIds ?? [], (i) => componentSortValue(store, i));
    case 'parent':
      return simple('parent', 'parent', (i) => (i.parentId ? [i.parentId] : []), (i) => {
        const parent = i.parentId === undefined ? undefined : store.findIssue(i.parentId);
        return parent ? keySortValue(parent.key) : null;
      });
    default:
      return UNSUPPORTED_JIRA_FIELDS.has(lower) ? 'unsupported' : null;
  }
}

function propertyField(name: string, key: string, path: string, type: IndexedPropertyType): JqlField {
  const read = (i: SimIssue): unknown[] => (key in i.properties ? valuesAtPath(i.properties[key], path) : []);
  if (type === 'number') {
    return { name, type: 'number', values: (i) => read(i).filter((v) => typeof v === 'number'), sortValue: (i) => (read(i).find((v) => typeof v === 'number') as number | undefined) ?? null };
  }
  if (type === 'date') {
    const dates = (i: SimIssue): number[] => read(i).map(parseStoredDate).filter((v): v is number => v !== null);
    return { name, type: 'property-date', values: dates, sortValue: (i) => dates(i)[0] ?? null };
  }
  const strings = (i: SimIssue): string[] => read(i).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return { name, type, values: strings, sortValue: (i) => strings(i)[0]?.toLowerCase() ?? null };
}
