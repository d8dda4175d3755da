/**
 * A version's issues as the traceability page reads them: one search for their ids, then their fields in bulk. An
 * issue whose `fields` Jira answers in a shape the page cannot read is left out, and the log says which field of
 * which issue at which endpoint; the others are shown.
 */
jest.mock('../../../src/jira/client', () => {
  const actual = jest.requireActual('../../../src/jira/client');
  return { ...actual, jira: jest.fn() };
});
import { jira } from '../../../src/jira/client';
import { useLogSink } from '../../../src/platform/log';
import { versionIssues } from '../../../src/traceability/jira-reads';

const mocked = jira as jest.MockedFunction<typeof jira>;
afterEach(() => mocked.mockReset());

describe("a version's issues", () => {
  it('leaves out an issue whose fields are unreadable, says so in the log, and shows the rest', async () => {
    mocked.mockImplementation(async (_route, opts) => {
      const body = opts?.body as { jql?: string; issueIdsOrKeys?: string[] };
      if (body.jql) return { issues: [{ id: '10001', key: 'SHOP-1' }, { id: '10002', key: 'SHOP-2' }], isLast: true };
      return {
        issues: [
          { id: '10001', key: 'SHOP-1', fields: { summary: 'Pay by card', status: { name: 'To Do' }, issuetype: { name: 'Story' } } },
          { id: '10002', key: 'SHOP-2', fields: 'not an object' },
        ],
      };
    });
    const lines: string[] = [];
    const restore = useLogSink((_level, line) => lines.push(line));
    try {
      const issues = await versionIssues('SHOP', '10100', 'app');
      expect(issues.map((i) => ({ key: i.key, summary: i.summary, type: i.type }))).toEqual([{ key: 'SHOP-1', summary: 'Pay by card', type: 'Story' }]);
    } finally {
      restore();
    }
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ level: 'warn', event: 'traceability-issue-unreadable', endpoint: 'POST /rest/api/3/issue/bulkfetch', issue: 'SHOP-2', field: 'fields' }),
    ]);
  });
});
