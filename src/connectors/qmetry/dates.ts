/**
 * QMetry dates. QMetry writes dates in the format the project is configured with: `GET /rest/admin/project/getinfo`
 * names it with `dateTimeFormatID`, an id into `dateTimeFormatNew: [{ id, name, unique_value }]` (SmartBear's own
 * client reads it so: smartbear-mcp src/qmetry/client/date-utils.ts `resolveProjectDateFormat`, and the "DATE FORMAT"
 * hints of src/qmetry/client/tools/project-tools.ts list the four values read here). Values look like
 * `16-02-2021 12:45:26` (src/qmetry/api/project.test.ts, platform list) or `03-18-2026 10:47:52`
 * (src/qmetry/api/issues.test.ts); some answers carry ISO-8601 (`2024-10-15T10:30:00Z`, src/qmetry/api/testcase.test.ts).
 *
 * Reading is strict: `dd-MM-yyyy` and `MM-dd-yyyy` look alike, so a `NN-NN-yyyy` value is read only in a project that
 * names one of those two formats, and a value that is not a real date in it (month 16) is an error, never a guess.
 * Shapes that cannot be mistaken (`yyyy-MM-dd`, `dd-MMM-yyyy`, ISO-8601 with `T`, epoch milliseconds) are read in any
 * project. Times without a zone are taken as UTC (QMetry's answers name none).
 */
import { ConnectorError } from '../types';

export const DATE_FORMATS = ['MM-dd-yyyy', 'dd-MM-yyyy', 'yyyy-MM-dd', 'dd-MMM-yyyy'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export const GETINFO = 'GET /rest/admin/project/getinfo';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FORMAT_LIST = DATE_FORMATS.join(', ');

/** The fix shown with a date format the connector cannot read. */
export const DATE_FORMAT_FIX = `In QMetry, set the project's date format to one of ${FORMAT_LIST} (a QMetry administrator can change it in the project's settings), then test the connection again.`;

function formatProblem(projectKey: string, field: string, what: string): ConnectorError {
  return new ConnectorError(
    'UNEXPECTED_RESPONSE',
    `QMetry project ${projectKey} ${what}; TestSync reads dates only in ${FORMAT_LIST}, so it cannot tell which day QMetry means.`,
    { endpoint: GETINFO, field },
  );
}

interface FormatEntry {
  id?: unknown;
  unique_value?: unknown;
}

/**
 * The project's date format from a getinfo answer, or a ConnectorError (UNEXPECTED_RESPONSE, endpoint getinfo, field
 * `dateTimeFormatID` or `dateTimeFormatNew[i].unique_value`) naming what is missing, unknown or ambiguous.
 */
export function resolveDateFormat(info: { dateTimeFormatID?: unknown; dateTimeFormatNew?: unknown }, projectKey: string): DateFormat {
  const id = info.dateTimeFormatID;
  if (id === undefined || id === null || id === '') {
    throw formatProblem(projectKey, 'dateTimeFormatID', 'names no date format (getinfo has no dateTimeFormatID)');
  }
  const entries = Array.isArray(info.dateTimeFormatNew) ? (info.dateTimeFormatNew as FormatEntry[]) : [];
  const hits = entries
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e && typeof e === 'object' && String(e.id) === String(id));
  if (hits.length === 0) {
    throw formatProblem(projectKey, 'dateTimeFormatNew', `names date format ${String(id)}, which getinfo's dateTimeFormatNew does not describe`);
  }
  const values = [...new Set(hits.map(({ e }) => (typeof e.unique_value === 'string' ? e.unique_value.trim() : String(e.unique_value))))];
  const field = `dateTimeFormatNew[${hits[0].i}].unique_value`;
  if (values.length > 1) {
    throw formatProblem(projectKey, field, `describes date format ${String(id)} ambiguously (${values.map((v) => `"${v}"`).join(' and ')})`);
  }
  const format = DATE_FORMATS.find((f) => f === values[0]);
  if (!format) throw formatProblem(projectKey, field, `uses the date format "${values[0].slice(0, 40)}"`);
  return format;
}

/** What reading one date value gave: an ISO time, nothing (absent), or why it could not be read. */
export type DateRead = { ok: true; iso?: string } | { ok: false; message: string };

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;
const WITH_TIME = /^(\S+)(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d{1,3})?\s*(AM|PM)?)?$/i;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Year, month, day of a date part, or a reason. */
function datePart(s: string, format: DateFormat): { y: number; m: number; d: number } | string {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return { y: +m[1], m: +m[2], d: +m[3] };
  m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS.indexOf(m[2].toLowerCase());
    return month < 0 ? `"${m[2]}" is not a month` : { y: +m[3], m: month + 1, d: +m[1] };
  }
  m = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(s);
  if (m) {
    if (format === 'MM-dd-yyyy') return { y: +m[3], m: +m[1], d: +m[2] };
    if (format === 'dd-MM-yyyy') return { y: +m[3], m: +m[2], d: +m[1] };
    return `is day-month or month-day, which the project's format ${format} does not say`;
  }
  return `is not a date in the project's format ${format}`;
}

/** Reads a QMetry date value in the project's format. */
export function readDate(value: unknown, format: DateFormat): DateRead {
  if (value === undefined || value === null || value === '') return { ok: true };
  if (typeof value === 'number') {
    return Number.isFinite(value) ? { ok: true, iso: new Date(value).toISOString() } : { ok: false, message: `${value} is not a time` };
  }
  if (typeof value !== 'string') return { ok: false, message: `expected a date, received ${typeof value}` };
  const s = value.trim();
  const shown = `"${s.slice(0, 40)}"`;
  if (ISO.test(s)) {
    const t = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(s) ? s : `${s}Z`);
    return Number.isNaN(t) ? { ok: false, message: `${shown} is not a real time` } : { ok: true, iso: new Date(t).toISOString() };
  }
  const parts = WITH_TIME.exec(s);
  if (!parts) return { ok: false, message: `${shown} is not a date in the project's format ${format}` };
  const date = datePart(parts[1], format);
  if (typeof date === 'string') return { ok: false, message: `${shown} ${date}` };
  if (date.m < 1 || date.m > 12 || date.d < 1 || date.d > daysIn(date.y, date.m)) {
    return { ok: false, message: `${shown} is not a real date in the project's format ${format}` };
  }
  let hours = Number(parts[2] ?? 0);
  const minutes = Number(parts[3] ?? 0);
  const seconds = Number(parts[4] ?? 0);
  const half = parts[5]?.toUpperCase();
  if (half && (hours < 1 || hours > 12)) return { ok: false, message: `${shown} has no hour ${hours} on a 12-hour clock` };
  if (half) hours = (hours % 12) + (half === 'PM' ? 12 : 0);
  if (hours > 23 || minutes > 59 || seconds > 59) return { ok: false, message: `${shown} is not a real time of day` };
  return { ok: true, iso: new Date(Date.UTC(date.y, date.m - 1, date.d, hours, minutes, seconds)).toISOString() };
}

