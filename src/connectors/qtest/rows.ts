/**
 * Tolerant readers of qTest answers. A list is read row by row: a row that cannot be read (a required field missing
 * or wrongly typed) becomes an UnreadableRecord naming the endpoint (`POST /api/v3/projects/{projectId}/search`), the
 * field (`items[3].id`) and why, and the rest of the list is kept. An answer that cannot be read at all (not the
 * expected envelope) throws ConnectorError('UNEXPECTED_RESPONSE') with `{ endpoint, field }`.
 */
import type { ZodType } from 'zod';
import type { UnreadableRecord } from '../../domain/model';
import { formatPath } from '../http';
import { ConnectorError } from '../types';

export interface Rows<T> {
  items: T[];
  unreadable: UnreadableRecord[];
  /** Where each item sat in its answer (`items[3]`), parallel to `items`, when read by readRows. */
  fields?: string[];
}

interface Issue {
  path: readonly PropertyKey[];
  message: string;
}

const what = (i: Issue) => i.message.replace(/^Invalid input:\s*/i, '');

/** `items[3]` + [`test_steps`, 0, `description`] → `items[3].test_steps[0].description`. */
function fieldAt(base: string, path: readonly PropertyKey[]): string {
  const rest = formatPath(path);
  if (!base) return rest;
  if (rest === '(root)') return base;
  return rest.startsWith('[') ? `${base}${rest}` : `${base}.${rest}`;
}

/** Reads a whole answer with `schema`, or throws UNEXPECTED_RESPONSE naming the endpoint and the field. */
export function readWhole<T>(endpoint: string, json: unknown, schema: ZodType<T>, base = ''): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = fieldAt(base, issue.path);
  const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
  throw new ConnectorError(
    'UNEXPECTED_RESPONSE',
    `qTest answered ${endpoint} in a shape the app cannot read: ${field}: ${what(issue)}${more}`,
    { endpoint, field },
    { cause: parsed.error },
  );
}

/** The id and pid of a raw row, when they can be read, to name an unreadable record. */
function identity(row: unknown): Pick<UnreadableRecord, 'externalId' | 'displayId'> {
  if (!row || typeof row !== 'object') return {};
  const r = row as { id?: unknown; pid?: unknown };
  return {
    ...(typeof r.id === 'number' || (typeof r.id === 'string' && r.id) ? { externalId: String(r.id) } : {}),
    ...(typeof r.pid === 'string' && r.pid ? { displayId: r.pid } : {}),
  };
}

/** Reads one row found at `field` (e.g. `items[3]`): its value, or why it cannot be read. */
export function readRow<T>(endpoint: string, row: unknown, schema: ZodType<T>, field: string): { value: T } | { unreadable: UnreadableRecord } {
  const parsed = schema.safeParse(row);
  if (parsed.success) return { value: parsed.data };
  const issue = parsed.error.issues[0];
  return { unreadable: { ...identity(row), endpoint, field: fieldAt(field, issue.path), message: what(issue) } };
}

/** Reads each row with `schema`; `base` is where the list sits in the answer (`items`, or '' for a top-level array). */
export function readRows<T>(endpoint: string, rows: readonly unknown[], schema: ZodType<T>, base: string): Rows<T> {
  const out: Rows<T> = { items: [], unreadable: [], fields: [] };
  rows.forEach((row, i) => {
    const r = readRow(endpoint, row, schema, `${base}[${i}]`);
    if ('value' in r) {
      out.items.push(r.value);
      out.fields!.push(`${base}[${i}]`);
    } else out.unreadable.push(r.unreadable);
  });
  return out;
}

/** Both lists of `more` appended to `into`. */
export function append<T>(into: Rows<T>, more: Rows<T>): Rows<T> {
  if (into.fields && more.fields) into.fields.push(...more.fields);
  else delete into.fields;
  into.items.push(...more.items);
  into.unreadable.push(...more.unreadable);
  return into;
}
