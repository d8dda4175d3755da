/**
 * Tolerant reading of QMetry list answers: the envelope (`{ data: [...], total }`) must be there, then every row is
 * read on its own. A row that cannot be read becomes an UnreadableRecord naming the endpoint (`POST /rest/testcases/
 * list/viewColumns`), the field (`data[3].tcID`) and why; the other rows are kept. An answer whose envelope cannot be
 * read throws ConnectorError UNEXPECTED_RESPONSE with `endpoint` and `field`.
 */
import type { ZodType, z } from 'zod';
import type { UnreadableRecord } from '../../domain/model';
import { formatPath } from '../http';
import { ConnectorError } from '../types';

/** A field of a row that was read but makes no sense (a date in no known format, an id missing under both names). */
export class RowProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'RowProblem';
  }
}

export interface Rows<T> {
  rows: T[];
  /** Where each row was in its answer's list (`data[i]`), in the order of `rows`. */
  positions: number[];
  unreadable: UnreadableRecord[];
  /** Where each unreadable record was in its answer's list, in the order of `unreadable`. */
  unreadablePositions: number[];
  /** `total` (or `totalCount`, `pagination.total`) when the answer gave one. */
  total?: number;
  /** Rows in the answer, read or not (for paging). */
  count: number;
}

const asObject = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

const numberOf = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The rows and the count of a list answer; `keys` are the names the row array may have (`data` first). */
export function envelope(answer: unknown, endpoint: string, keys: readonly string[] = ['data']): { data: unknown[]; total?: number } {
  const o = asObject(answer);
  const key = keys.find((k) => Array.isArray(o?.[k]));
  if (!o || !key) {
    throw new ConnectorError('UNEXPECTED_RESPONSE', `QMetry answered ${endpoint} without its list of records (${keys[0]})`, {
      endpoint,
      field: keys[0],
    });
  }
  const total = numberOf(o.total) ?? numberOf(o.totalCount) ?? numberOf(asObject(o.pagination)?.total);
  return { data: o[key] as unknown[], ...(total !== undefined ? { total } : {}) };
}

/** Best-effort identity of a raw row, for an UnreadableRecord. */
export type Identify = (raw: Record<string, unknown>) => { externalId?: string; displayId?: string };

const idText = (v: unknown) => (typeof v === 'number' || (typeof v === 'string' && v.trim()) ? String(v).trim() : undefined);

/** Identity of test case rows: `tcID` or `id`, and the entity key. */
export const caseIdentity: Identify = (r) => ({ externalId: idText(r.tcID) ?? idText(r.id), displayId: idText(r.entityKey) });
/** Identity of test case run rows: `tcRunID` or `id`. */
export const runIdentity: Identify = (r) => ({ externalId: idText(r.tcRunID) ?? idText(r.id), displayId: idText(r.entityKey) });
export const noIdentity: Identify = () => ({});

/**
 * Reads every row of a list answer with `schema`, then `finish` (which may throw RowProblem). `key` is where the rows
 * are (`data`, or alternatives).
 */
export function readRows<S extends ZodType, T>(
  answer: unknown,
  endpoint: string,
  schema: S,
  finish: (row: z.output<S>) => T,
  identify: Identify = noIdentity,
  keys: readonly string[] = ['data'],
): Rows<T> {
  const { data, total } = envelope(answer, endpoint, keys);
  const rows: T[] = [];
  const positions: number[] = [];
  const unreadable: UnreadableRecord[] = [];
  const unreadablePositions: number[] = [];
  const listKey = keys.find((k) => Array.isArray(asObject(answer)?.[k])) ?? 'data';
  data.forEach((raw, i) => {
    const at = `${listKey}[${i}]`;
    const ids = Object.fromEntries(Object.entries(identify(asObject(raw) ?? {})).filter(([, v]) => v !== undefined));
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue.path.length ? `${at}.${formatPath(issue.path)}`.replace('.[', '[') : at;
      unreadable.push({ ...ids, endpoint, field: path, message: issue.message.replace(/^Invalid input:\s*/i, '') });
      unreadablePositions.push(i);
      return;
    }
    try {
      rows.push(finish(parsed.data as z.output<S>));
      positions.push(i);
    } catch (e) {
      if (!(e instanceof RowProblem)) throw e;
      unreadable.push({ ...ids, endpoint, field: `${at}.${e.field}`, message: e.message });
      unreadablePositions.push(i);
    }
  });
  return { rows, positions, unreadable, unreadablePositions, count: data.length, ...(total !== undefined ? { total } : {}) };
}

/** Throws the first unreadable record as UNEXPECTED_RESPONSE, for reads that have no way to report records apart. */
export function requireAllRead<T>(r: Rows<T>): T[] {
  const u = r.unreadable[0];
  if (u) {
    const more = r.unreadable.length > 1 ? ` (and ${r.unreadable.length - 1} more)` : '';
    throw new ConnectorError('UNEXPECTED_RESPONSE', `QMetry answered ${u.endpoint} in an unexpected shape: ${u.field}: ${u.message}${more}`, {
      endpoint: u.endpoint,
      field: u.field,
    });
  }
  return r.rows;
}

/** Request paging fields: `start`, `page` (1-based) and `limit`, as QMetry's list calls take them. */
export const paging = (start: number, limit: number) => ({ start, page: Math.floor(start / limit) + 1, limit });

export const emptyRows = <T>(): Rows<T> => ({ rows: [], positions: [], unreadable: [], unreadablePositions: [], count: 0 });

/** Reads every page of a list call, rows and unreadable records together. */
export async function readAllPages<T>(limit: number, fetchPage: (p: ReturnType<typeof paging>) => Promise<Rows<T>>): Promise<Rows<T>> {
  const out: Rows<T> = emptyRows();
  for (let start = 0; ; start += limit) {
    const res = await fetchPage(paging(start, limit));
    out.rows.push(...res.rows);
    out.positions.push(...res.positions);
    out.unreadable.push(...res.unreadable);
    out.unreadablePositions.push(...res.unreadablePositions);
    out.count += res.count;
    if (res.count < limit || (res.total !== undefined && start + res.count >= res.total)) return out;
  }
}
