/**
 * List-body handling shared by the simulated QMetry list calls: validates `start`/`page`/`limit`, the JSON
 * strings `filter`/`udfFilter`/`tcrUdfFilter`/`sort` and the call's mandatory fields (400 like QMetry when
 * wrong), then filters, sorts and pages rendered rows into `{ data, total }`.
 */
import type { FastifyReply } from 'fastify';
import { simParseDate } from './dates';
import { mandatory, qmError } from './gate';
import { SORT, type Row } from './render';

/** The largest `limit` the simulator accepts (QMetry documents none; the connector relies on 100). */
export const MAX_LIMIT = 100;

export type Body = Record<string, unknown> & { start: number; limit: number };
type FieldType = 'number' | 'string' | 'boolean' | 'id';

interface Filter {
  type: string;
  value: unknown;
  field: string;
  comparison?: string;
}

function jsonArray(v: unknown): unknown[] | undefined {
  if (typeof v !== 'string') return undefined;
  try {
    const j = JSON.parse(v) as unknown;
    return Array.isArray(j) ? j : undefined;
  } catch {
    return undefined;
  }
}

const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);

/** Validates a list body; answers 400 and returns undefined when it is wrong. */
export function listBody(body: unknown, reply: FastifyReply, required: Record<string, FieldType> = {}): Body | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    void qmError(reply, 400, 'Invalid json object or mandatory fields missing');
    return undefined;
  }
  const b = body as Record<string, unknown>;
  for (const [name, type] of Object.entries(required)) {
    const v = b[name];
    const ok =
      type === 'id' ? (isInt(v) && (v as number) > 0) || (typeof v === 'string' && /^\d+$/.test(v)) : typeof v === type;
    if (!ok) {
      void mandatory(reply, name);
      return undefined;
    }
  }
  const start = b.start ?? 0;
  const limit = b.limit ?? 10;
  if (!isInt(start) || (start as number) < 0) {
    void qmError(reply, 400, 'start must be a non-negative integer');
    return undefined;
  }
  if (!isInt(limit) || (limit as number) < 1 || (limit as number) > MAX_LIMIT) {
    void qmError(reply, 400, `limit must be an integer from 1 to ${MAX_LIMIT}`);
    return undefined;
  }
  if (b.page !== undefined && (!isInt(b.page) || (b.page as number) < 1)) {
    void qmError(reply, 400, 'page must be a positive integer');
    return undefined;
  }
  for (const name of ['filter', 'udfFilter', 'tcrUdfFilter', 'sort']) {
    if (b[name] !== undefined && !jsonArray(b[name])) {
      void qmError(reply, 400, `${name} must be a JSON array passed as a string`);
      return undefined;
    }
  }
  return { ...b, start: start as number, limit: limit as number };
}

/** The value filters and sorts compare: the row's SORT value (times in ms) when it has one. */
const valueOf = (row: Row, field: string) => (row[SORT] && field in row[SORT] ? row[SORT][field] : row[field]);

function matches(row: Row, f: Filter, formatId?: number): boolean {
  const v = valueOf(row, f.field);
  switch (f.type) {
    case 'string':
      return String(f.value ?? '')
        .split(',')
        .some((part) => String(v ?? '').toLowerCase().includes(part.trim().toLowerCase()));
    case 'list':
      return Array.isArray(f.value) && f.value.map(String).includes(String(v));
    case 'date': {
      const a = typeof v === 'number' ? v : simParseDate(String(v), formatId);
      const b = simParseDate(String(f.value), formatId);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return f.comparison === 'gt' ? a > b : f.comparison === 'lt' ? a < b : new Date(a).toDateString() === new Date(b).toDateString();
    }
    case 'numeric':
      return Number(v) === Number(f.value);
    default:
      return true;
  }
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a ?? '').localeCompare(String(b ?? ''));
}

/**
 * Filters, sorts and pages rows as QMetry does, answering `{ data, total }`; date filter values are read in the
 * project's format `formatId` (or ISO-8601). `countKey` names the count (`totalCount` on test case executions).
 */
export function page(rows: Row[], body: Body, formatId?: number, countKey = 'total'): { data: Row[] } & Record<string, unknown> {
  const filters = (jsonArray(body.filter) ?? []) as Filter[];
  const sorts = (jsonArray(body.sort) ?? []) as Array<{ property: string; direction?: string }>;
  const kept = rows.filter((r) => filters.every((f) => matches(r, f, formatId)));
  const order = kept.map((r, i) => ({ r, i }));
  order.sort((x, y) => {
    for (const s of sorts) {
      const c = compare(valueOf(x.r, s.property), valueOf(y.r, s.property));
      if (c !== 0) return String(s.direction).toUpperCase() === 'DESC' ? -c : c;
    }
    return x.i - y.i;
  });
  return { data: order.slice(body.start, body.start + body.limit).map((o) => o.r), [countKey]: kept.length };
}
