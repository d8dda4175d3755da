/**
 * The CSV export: RFC 4180 quoting, cells a spreadsheet would run as formulas neutralised, and the same columns and
 * words as the table, so a spreadsheet reading the file gets back exactly what the page showed.
 */
import { cellTexts, TRACE_COLUMNS } from '../../../src/traceability/columns';
import { csvField, csvFileName, csvOf, traceabilityCsv } from '../../../src/traceability/csv';
import type { TraceRow } from '../../../src/traceability/report';
import { parseCsv } from '../../support/csv';


const row = (over: Partial<TraceRow> = {}): TraceRow => ({
  key: 'SHOP-1',
  summary: 'Pay with a saved card',
  status: 'In Progress',
  type: 'Story',
  readiness: 'FAIL',
  tests: [
    { issueKey: 'SHOP-101', tool: 'qtest', displayId: 'TC-1', status: 'FAIL' },
    { issueKey: 'QA-3', tool: 'xray', displayId: 'QA-3', status: 'PASS' },
  ],
  hiddenTests: 2,
  defects: [{ key: 'SHOP-201', summary: 'Card declined, "insufficient funds"', status: 'Open', open: true, links: [{ in: 'jira' }] }],
  components: [],
  ...over,
});

describe('CSV fields', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r\nlf', '"cr\r\nlf"'],
    ['', ''],
  ])('writes %j as %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it.each(['=cmd|"/c calc"!A1', '+1+2', '-2+3', '@SUM(A1:A2)', '\tTab', '\rReturn'])('neutralises the formula-looking %j', (value) => {
    const field = csvField(value);
    const [[read]] = parseCsv(`${field}\r\n`);
    expect(read).toBe(`'${value}`);
    expect(read).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('ends every record with CRLF', () => {
    expect(csvOf([['a', 'b'], ['c', 'd']])).toBe('a,b\r\nc,d\r\n');
  });
});

describe('traceability CSV', () => {
  it('has the table columns and, per requirement, the words the table shows', () => {
    const rows = [row(), row({ key: 'SHOP-5', summary: 'Wish list', readiness: 'UNCOVERED', tests: [], hiddenTests: 0, defects: [] })];
    const records = parseCsv(traceabilityCsv(rows));
    expect(records[0]).toEqual(['Requirement', 'Summary', 'Status', 'Readiness', 'Tests', 'Defects']);
    expect(records[0]).toEqual(TRACE_COLUMNS.map((c) => c.header));
    expect(records[1]).toEqual([
      'SHOP-1',
      'Pay with a saved card',
      'In Progress',
      'Failing',
      'SHOP-101 qTest TC-1: Fail\nQA-3 Xray Cloud: Pass\n2 more tests in projects you cannot browse',
      'SHOP-201 Card declined, "insufficient funds" (Open), linked in Jira',
    ]);
    expect(records[2]).toEqual(['SHOP-5', 'Wish list', 'In Progress', 'Uncovered', '', '']);
    for (const [i, r] of rows.entries()) expect(records[i + 1]).toEqual(TRACE_COLUMNS.map((c) => cellTexts(r)[c.key]));
  });

  it("says where each defect is linked: in Jira, or in a tool to a covering test's run, each defect once", () => {
    const defects: TraceRow['defects'] = [
      { key: 'OPS-1', summary: 'Saved card payment declined on staging', status: 'To Do', open: true, links: [{ in: 'jira' }, { in: 'qtest', test: 'SHOP-101' }, { in: 'xray', test: 'QA-3' }] },
      { key: 'OPS-2', summary: 'Typo on the receipt', status: 'Done', open: false, links: [{ in: 'qmetry', test: 'SHOP-102' }] },
    ];
    const [, record] = parseCsv(traceabilityCsv([row({ readiness: 'BLOCKED', defects })]));
    expect(record[5].split('\n')).toEqual([
      "OPS-1 Saved card payment declined on staging (To Do), linked in Jira, in qTest to SHOP-101's run and in Xray Cloud to QA-3's run",
      "OPS-2 Typo on the receipt (Done), linked in QMetry to SHOP-102's run",
    ]);
    expect(record[3]).toBe('Blocked');
  });

  it('neutralises a summary written as a formula', () => {
    const [, record] = parseCsv(traceabilityCsv([row({ summary: '=HYPERLINK("http://evil.example","x")' })]));
    expect(record[1]).toBe('\'=HYPERLINK("http://evil.example","x")');
  });

  it('says a requirement not indexed yet is so, not uncovered', () => {
    const [, record] = parseCsv(traceabilityCsv([row({ readiness: 'UNCOVERED', indexing: true, tests: [], hiddenTests: 0 })]));
    expect(record[3]).toBe('Not indexed yet');
  });

  it('names the file after the project, version and environment', () => {
    expect(csvFileName('SHOP', '3.2', 'staging')).toBe('traceability-SHOP-3.2-staging.csv');
    expect(csvFileName('SHOP', 'Release 3/2')).toBe('traceability-SHOP-Release_3_2.csv');
  });
});
