/**
 * CSV as RFC 4180 writes it: fields separated by commas, records by CRLF, a field quoted when it holds a comma, a
 * double quote (doubled inside) or a line break. A field that a spreadsheet would take for a formula (starting with
 * =, +, -, @, a tab or a carriage return) is neutralised with a leading apostrophe, so opening the file runs nothing.
 */
import { cellTexts, TRACE_COLUMNS } from './columns';
import type { TraceRow } from './report';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvOf(records: string[][]): string {
  return records.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The table's columns and every row, in the table's order. */
export function traceabilityCsv(rows: TraceRow[]): string {
  return csvOf([TRACE_COLUMNS.map((c) => c.header), ...rows.map((row) => {
    const cells = cellTexts(row);
    return TRACE_COLUMNS.map((c) => cells[c.key]);
  })]);
}

/** `traceability-SHOP-3.2-staging.csv`: what was exported, in characters every system takes in a file name. */
export function csvFileName(project: string, version: string, environment?: string): string {
  const part = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `traceability-${[project, version, environment].filter((s): s is string => !!s).map(part).join('-')}.csv`;
}
