/**
 * The traceability table's columns and the words of each cell: the page shows them and the CSV export writes them,
 * so a download says exactly what the table says. Pure: the page's bundle imports it too.
 */
import { TOOL_LABELS } from '../domain/model';
import { defectLinksWords, READINESS_LABELS, type DefectLink } from '../domain/readiness';
import { STATUS_LABEL } from '../domain/status';
import type { TraceRow, TraceRowTest } from './report';

export const TRACE_COLUMNS = [
  { key: 'requirement', header: 'Requirement' },
  { key: 'summary', header: 'Summary' },
  { key: 'status', header: 'Status' },
  { key: 'readiness', header: 'Readiness' },
  { key: 'tests', header: 'Tests' },
  { key: 'defects', header: 'Defects' },
] as const;
export type TraceColumnKey = (typeof TRACE_COLUMNS)[number]['key'];

/** A test's status in words (as the issue panel says them). */
export const TEST_STATUS_WORDS = STATUS_LABEL;

export const NOT_INDEXED_WORDS = 'Not indexed yet';

export function readinessWords(row: Pick<TraceRow, 'readiness' | 'indexing'>): string {
  return row.indexing ? NOT_INDEXED_WORDS : READINESS_LABELS[row.readiness];
}

/** "qTest TC-1": the tool and the id it shows (a test that is a Jira issue itself: "Xray Cloud"). */
export function testLabel(t: Pick<TraceRowTest, 'issueKey' | 'tool' | 'displayId'>): string {
  return [TOOL_LABELS[t.tool], t.displayId !== t.issueKey ? t.displayId : ''].filter(Boolean).join(' ');
}

/** "SHOP-101 qTest TC-1". */
export function testName(t: Pick<TraceRowTest, 'issueKey' | 'tool' | 'displayId'>): string {
  return `${t.issueKey} ${testLabel(t)}`;
}

/** "SHOP-101 qTest TC-1: Fail" — one line of the Tests cell. */
export function testLine(t: TraceRowTest): string {
  return `${testName(t)}: ${TEST_STATUS_WORDS[t.status]}${t.deletedInSource ? ' (deleted in its tool)' : ''}`;
}

export function hiddenTestsLine(count: number): string {
  return `${count} more ${count === 1 ? 'test' : 'tests'} in projects you cannot browse`;
}

/** "SHOP-201 Checkout fails on Safari (In Progress)": the defect as Jira names it. */
export function defectName(d: { key: string; summary: string; status: string }): string {
  return `${d.key} ${d.summary}${d.status ? ` (${d.status})` : ''}`;
}

/** "SHOP-201 Checkout fails on Safari (In Progress), linked in qTest to SHOP-101's run" — one line of the Defects cell. */
export function defectLine(d: { key: string; summary: string; status: string; links?: DefectLink[] }): string {
  const where = d.links && d.links.length > 0 ? `, ${defectLinksWords(d.links)}` : '';
  return `${defectName(d)}${where}`;
}

/** The lines of the Tests cell. */
export function testLines(row: Pick<TraceRow, 'tests' | 'hiddenTests'>): string[] {
  return [...row.tests.map(testLine), ...(row.hiddenTests > 0 ? [hiddenTestsLine(row.hiddenTests)] : [])];
}

/** Each cell of a row as text; a cell of several lines has them one per line. */
export function cellTexts(row: TraceRow): Record<TraceColumnKey, string> {
  return {
    requirement: row.key,
    summary: row.summary,
    status: row.status,
    readiness: readinessWords(row),
    tests: testLines(row).join('\n'),
    defects: row.defects.map(defectLine).join('\n'),
  };
}
