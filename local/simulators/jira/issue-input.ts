/**
 * Interprets `fields`, `update` and `properties` of create/edit requests the way Jira does.
 * Shape errors (wrong JSON type, unknown or missing fields) raise ContractError, which the plugin records
 * as a contract violation; value errors (unknown project, label with spaces, ...) are plain 400s.
 */
import { validator } from '@atlaskit/adf-utils/validator';
import { ContractError, JiraError, errorBody, fieldErrors } from './errors';
import { PLACEMENT_FIELDS, applyPlacementOperation, readPlacementFields, type Placement, type PlacementContext } from './placement-input';
import type { JiraStore } from './store';
import type { SimIssue, SimIssueType, SimProject } from './types';

export const PRIORITIES = ['Highest', 'High', 'Medium', 'Low', 'Lowest'];
export const MAX_PROPERTY_LENGTH = 32768;
/** Jira's limit for text fields; the simulator measures a description by its ADF JSON (a guess: Jira may count differently). */
export const MAX_TEXT_FIELD_LENGTH = 32767;
export const MAX_SUMMARY_LENGTH = 255;

const SETTABLE_FIELDS = new Set([
  'project', 'issuetype', 'summary', 'description', 'labels', 'priority', 'fixVersions', 'components', 'parent',
]);
/** Fields `update` operations may change. */
const UPDATABLE_FIELDS = new Set<string>(['summary', 'description', 'labels', 'priority', ...PLACEMENT_FIELDS]);

export interface IssueChanges extends Placement {
  summary?: string;
  description?: unknown;
  labels?: string[];
  priority?: string;
  issueTypeId?: string;
}

export interface CreateInput extends IssueChanges {
  project: SimProject;
  issueType: SimIssueType;
  summary: string;
  properties: Array<{ key: string; value: unknown }>;
}

function shapeError(field: string, message: string): ContractError {
  return new ContractError('request-fields', errorBody([], { [field]: message }), { field });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks the outline of an Atlassian Document Format document. */
export function adfProblem(doc: unknown): string | null {
  if (!isObject(doc) || doc.type !== 'doc' || doc.version !== 1 || !Array.isArray(doc.content)) {
    return 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
  }
  const walk = (node: unknown): boolean =>
    isObject(node) &&
    typeof node.type === 'string' &&
    (node.content === undefined || (Array.isArray(node.content) && node.content.every(walk))) &&
    (node.text === undefined || typeof node.text === 'string');
  if (!doc.content.every(walk)) return 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
  return adfSchemaProblem(doc);
}

let validateAdf: ReturnType<typeof validator> | undefined;

/** Checks the document against the full ADF schema (empty text nodes, table structure, marks...), as Jira does. */
function adfSchemaProblem(doc: Record<string, unknown>): string | null {
  // The validator asks Atlassian's feature-gate client, which is not initialised here and warns once.
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    validateAdf ??= validator();
    let problem: string | null = null;
    validateAdf(doc as never, (entity: { type: string }, error: { message: string }) => {
      problem ??= `Invalid Atlassian Document: ${entity.type}: ${error.message}`;
      return undefined;
    });
    return problem;
  } finally {
    console.warn = warn;
  }
}

function readSummary(v: unknown): string {
  if (typeof v !== 'string') throw shapeError('summary', 'Operation value must be a string');
  if (v.trim() === '') throw fieldErrors({ summary: 'You must specify a summary of the issue.' });
  if (v.length > MAX_SUMMARY_LENGTH) throw fieldErrors({ summary: 'Summary must be less than 255 characters.' });
  if (/[\r\n]/.test(v)) throw fieldErrors({ summary: 'Field value cannot contain new lines.' });
  return v;
}

function readDescription(v: unknown): unknown {
  if (v === null) return null;
  const problem = adfProblem(v);
  if (problem) throw shapeError('description', problem);
  if (JSON.stringify(v).length > MAX_TEXT_FIELD_LENGTH) {
    throw fieldErrors({ description: 'The entered text is too long. It exceeds the allowed limit of 32,767 characters.' });
  }
  return v;
}

function readLabel(v: unknown): string {
  if (typeof v !== 'string') throw shapeError('labels', 'Operation value must be a string');
  if (/\s/.test(v)) throw fieldErrors({ labels: `The label '${v}' contains spaces which is invalid.` });
  if (v.length > 255) throw fieldErrors({ labels: 'The label must not exceed 255 characters.' });
  if (v === '') throw fieldErrors({ labels: 'The label must not be empty.' });
  return v;
}

function readLabels(v: unknown): string[] {
  if (!Array.isArray(v)) throw shapeError('labels', 'data was not an array');
  return [...new Set(v.map(readLabel))];
}

function readPriority(v: unknown): string {
  if (!isObject(v) || (typeof v.name !== 'string' && typeof v.id !== 'string')) {
    throw shapeError('priority', "Could not find valid 'id' or 'name' in priority object.");
  }
  const name = typeof v.name === 'string' ? v.name : PRIORITIES[Number(v.id) - 1];
  const found = PRIORITIES.find((p) => p.toLowerCase() === String(name).toLowerCase());
  if (!found) throw fieldErrors({ priority: 'The priority selected is invalid.' });
  return found;
}

function readIssueType(v: unknown, project: SimProject): SimIssueType {
  if (!isObject(v) || (typeof v.name !== 'string' && typeof v.id !== 'string')) {
    throw shapeError('issuetype', "Could not find valid 'id' or 'name' in issue type object.");
  }
  const type = project.issueTypes.find((t) =>
    typeof v.id === 'string' ? t.id === v.id : t.name.toLowerCase() === String(v.name).toLowerCase(),
  );
  if (!type) throw fieldErrors({ issuetype: 'The issue type selected is invalid.' });
  return type;
}

/** Validates `properties: [{key, value}]` of create/edit requests. */
export function readPropertyList(v: unknown): Array<{ key: string; value: unknown }> {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ContractError('request-body', errorBody(['properties must be an array.']));
  return v.map((p: { key?: unknown; value?: unknown }) => {
    if (typeof p.key !== 'string' || p.key === '') {
      throw new JiraError(400, errorBody(['The property key cannot be null or empty.']));
    }
    checkPropertyValue(p.key, p.value);
    return { key: p.key, value: p.value };
  });
}

export function checkPropertyValue(key: string, value: unknown): void {
  if (key.length > 255) {
    throw new JiraError(400, errorBody(['The property key cannot be longer than 255 characters.']));
  }
  if (value === undefined) {
    throw new JiraError(400, errorBody([`The property value for key '${key}' cannot be null or empty.`]));
  }
  if (JSON.stringify(value).length > MAX_PROPERTY_LENGTH) {
    throw new JiraError(
      400,
      errorBody([`The property '${key}' has a value exceeding ${MAX_PROPERTY_LENGTH} characters.`]),
    );
  }
}

function checkKnownFields(fields: Record<string, unknown>, allowed: Set<string>): void {
  const unknown = Object.keys(fields).filter((f) => !allowed.has(f));
  if (unknown.length > 0) {
    const errors: Record<string, string> = {};
    for (const f of unknown) {
      errors[f] = `Field '${f}' cannot be set. It is not on the appropriate screen, or unknown.`;
    }
    throw new ContractError('request-fields', errorBody([], errors), { fields: unknown });
  }
}

/** What an edit starts from: the issue's current values. */
interface Current {
  labels: string[];
  fixVersionIds?: string[];
  componentIds?: string[];
}

/** Applies `update: { field: [{set|add|remove: value}] }` operations on top of `changes`. */
function applyUpdateOperations(update: unknown, current: Current, changes: IssueChanges, ctx: PlacementContext): void {
  if (update === undefined) return;
  if (!isObject(update)) throw new ContractError('request-body', errorBody(['update must be an object.']));
  for (const [field, ops] of Object.entries(update)) {
    if (!UPDATABLE_FIELDS.has(field)) checkKnownFields({ [field]: ops }, new Set());
    if (!Array.isArray(ops)) throw shapeError(field, 'data was not an array');
    for (const op of ops as Array<Record<string, unknown>>) {
      const [verb, value] = isObject(op) ? (Object.entries(op)[0] ?? []) : [];
      if ((PLACEMENT_FIELDS as readonly string[]).includes(field)) {
        applyPlacementOperation(field as (typeof PLACEMENT_FIELDS)[number], verb, value, ctx, current, changes);
      } else if (field === 'labels') {
        const labels = changes.labels ?? [...current.labels];
        if (verb === 'add') changes.labels = [...new Set([...labels, readLabel(value)])];
        else if (verb === 'remove') changes.labels = labels.filter((l) => l !== value);
        else if (verb === 'set') changes.labels = readLabels(value);
        else throw shapeError('labels', `Operation '${String(verb)}' is not supported for labels.`);
      } else if (verb !== 'set') {
        throw shapeError(field, `Operation '${String(verb)}' is not supported for ${field}.`);
      } else if (field === 'summary') changes.summary = readSummary(value);
      else if (field === 'description') changes.description = readDescription(value);
      else changes.priority = readPriority(value);
    }
  }
}

function readCommonFields(fields: Record<string, unknown>, changes: IssueChanges, ctx: PlacementContext): void {
  if ('summary' in fields) changes.summary = readSummary(fields.summary);
  if ('description' in fields) changes.description = readDescription(fields.description);
  if ('labels' in fields) changes.labels = readLabels(fields.labels);
  if ('priority' in fields) changes.priority = readPriority(fields.priority);
  readPlacementFields(fields, ctx, changes);
}

/** Interprets one create request (also one element of a bulk create). */
export function readCreateInput(store: JiraStore, body: Record<string, unknown>, canBrowse: (p: SimProject) => boolean): CreateInput {
  const fields = body.fields;
  if (!isObject(fields)) {
    throw new ContractError('request-fields', errorBody([], { project: 'Specify a valid project ID or key' }));
  }
  checkKnownFields(fields, SETTABLE_FIELDS);
  const p = fields.project;
  if (!isObject(p) || (typeof p.key !== 'string' && typeof p.id !== 'string')) {
    throw shapeError('project', 'Specify a valid project ID or key');
  }
  const project = store.project(String(p.id ?? p.key));
  if (!project || !canBrowse(project) || (typeof p.key === 'string' && project.key !== p.key.toUpperCase())) {
    throw fieldErrors({ project: 'Specify a valid project ID or key' });
  }
  if (fields.issuetype === undefined) throw shapeError('issuetype', 'Specify an issue type');
  const issueType = readIssueType(fields.issuetype, project);
  if (fields.summary === undefined) throw shapeError('summary', 'You must specify a summary of the issue.');
  const changes: IssueChanges = {};
  const ctx: PlacementContext = { store, project, issueType, canBrowse };
  readCommonFields(fields, changes, ctx);
  applyUpdateOperations(body.update, { labels: changes.labels ?? [], fixVersionIds: changes.fixVersionIds, componentIds: changes.componentIds }, changes, ctx);
  const properties = readPropertyList(body.properties);
  return { ...changes, project, issueType, summary: changes.summary as string, properties };
}

/** Interprets an edit request against the issue as it is. */
export function readEditInput(
  store: JiraStore,
  body: Record<string, unknown>,
  issue: SimIssue,
  canBrowse: (p: SimProject) => boolean,
): { changes: IssueChanges; properties: Array<{ key: string; value: unknown }> } {
  const changes: IssueChanges = {};
  const fields = body.fields ?? {};
  if (!isObject(fields)) throw new ContractError('request-body', errorBody(['fields must be an object.']));
  checkKnownFields(fields, new Set([...SETTABLE_FIELDS].filter((f) => f !== 'project')));
  const project = store.projectOf(issue);
  if ('issuetype' in fields) changes.issueTypeId = readIssueType(fields.issuetype, project).id;
  const issueType = store.issueType(project, changes.issueTypeId ?? issue.issueTypeId);
  if (!issueType) throw new Error(`Issue ${issue.key} has an issue type its project does not have`);
  const ctx: PlacementContext = { store, project, issueType, issue, canBrowse };
  readCommonFields(fields, changes, ctx);
  applyUpdateOperations(body.update, issue, changes, ctx);
  return { changes, properties: readPropertyList(body.properties) };
}
