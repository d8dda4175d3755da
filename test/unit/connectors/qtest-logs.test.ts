/**
 * Run history from test logs (src/connectors/qtest/logs.ts) over a scripted client: how logs that name their status by
 * id, logs that name no run, unknown statuses and a refused test-log search are read.
 */
import type { Answer, Call, QtestClient } from '../../../src/connectors/qtest/client';
import { runHistory, type LogReadMode } from '../../../src/connectors/qtest/logs';
import { TestRunSchema } from '../../../src/connectors/qtest/records';
import { ConnectorError } from '../../../src/connectors/types';

const SEARCH = 'POST /api/v3/projects/{projectId}/search';
const LIST = 'GET /api/v3/projects/{projectId}/test-runs/{testRunId}/test-logs';

function client(answer: (c: Call) => unknown): QtestClient & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    baseUrl: 'https://demo.qtestnet.com',
    site: 'demo',
    authKind: 'token',
    calls,
    call: async (c: Call): Promise<Answer> => {
      calls.push(c);
      return { json: answer(c), endpoint: `${c.method} ${c.path}` };
    },
  };
}

const run = (id: number, executed = true) =>
  TestRunSchema.parse({
    id,
    testCaseId: 9,
    parentId: 20,
    parentType: 'test-suite',
    last_modified_date: '2025-05-02T00:00:00Z',
    ...(executed ? { latest_test_log: { id: id * 10, status: 'Passed' } } : { properties: [{ field_id: 1, field_name: 'Status', field_value_name: 'Unexecuted' }] }),
  });

const log = (id: number, runId: number | undefined, status: { id?: number; name?: string }) => ({
  id,
  ...(runId !== undefined ? { test_run_id: runId } : {}),
  status,
  exe_start_date: '2025-05-01T10:00:00Z',
  exe_end_date: '2025-05-01T10:05:00Z',
});

const lookups = (statuses: Map<number, string>) => ({
  statuses: jest.fn(async () => statuses),
  users: jest.fn(async () => new Map<number, string>()),
});

const opts = (l: ReturnType<typeof lookups>, mode: LogReadMode = { searchByRun: true }) => ({ pageSize: 999, places: new Map([['test-suite:20', { cycle: 'R1', version: '3.2' }]]), lookups: l, mode });

describe('qTest run history from test logs', () => {
  it('names a status given by id from the catalogue, and reports a log it cannot name or place', async () => {
    const c = client(() => ({
      page: 1,
      page_size: 999,
      total: 4,
      items: [log(11, 1, { id: 601 }), log(12, 1, { id: 999 }), log(13, undefined, { name: 'Passed' }), log(21, 2, { name: 'Failed' })],
    }));
    const l = lookups(new Map([[601, 'Passed']]));
    const h = await runHistory(c, '101', [run(1), run(2), run(3, false)], opts(l));
    expect(c.calls).toHaveLength(1);
    expect(c.calls[0].body).toEqual({ object_type: 'test-logs', fields: ['*'], query: "'Test Run Id' in (1, 2, 3)" });
    expect(l.statuses).toHaveBeenCalledTimes(1);
    expect(l.users).not.toHaveBeenCalled();
    expect(h.items.map((r) => [r.externalId, r.status, r.cycle])).toEqual([
      ['1:11', 'Passed', 'R1'],
      ['2:21', 'Failed', 'R1'],
      ['3', 'Unexecuted', 'R1'],
    ]);
    expect(h.unreadable).toEqual([
      { externalId: '13', endpoint: SEARCH, field: 'items[2].test_run_id', message: 'expected number, received undefined' },
      { externalId: '1:12', endpoint: SEARCH, field: 'items[1].status.id', message: "is 999, which is not among the project's execution statuses" },
    ]);
  });

  it("keeps a run's latest log when its log list came back without it", async () => {
    const c = client(() => ({ items: [] }));
    const h = await runHistory(c, '101', [run(4)], opts(lookups(new Map())));
    expect(h.items).toEqual([expect.objectContaining({ externalId: '4:40', status: 'Passed', testCaseExternalId: '9' })]);
  });

  it("falls back to each executed run's log list when the test-log search is refused (HTTP 400), and stays there", async () => {
    const c = client((call) => {
      if (call.method === 'POST') throw new ConnectorError('UNEXPECTED_RESPONSE', "Unknown criteria 'Test Run Id'", { status: 400, endpoint: SEARCH });
      return { page: 1, page_size: 999, total: 1, items: [log(Number(call.params!.testRunId) * 10 + 1, undefined, { name: 'Blocked' })] };
    });
    const mode = { searchByRun: true };
    const h = await runHistory(c, '101', [run(5), run(6, false)], opts(lookups(new Map()), mode));
    expect(mode.searchByRun).toBe(false);
    expect(h.items.map((r) => [r.externalId, r.status])).toEqual([
      ['5:51', 'Blocked'],
      ['6', 'Unexecuted'],
    ]);
    expect(c.calls.map((x) => `${x.method} ${x.path}`)).toEqual([SEARCH, LIST]);
    await runHistory(c, '101', [run(7)], opts(lookups(new Map()), mode));
    expect(c.calls.map((x) => `${x.method} ${x.path}`).slice(2)).toEqual([LIST]);
  });

  it('lets any other failure of the test-log search through', async () => {
    const c = client(() => {
      throw new ConnectorError('NETWORK', 'qTest failed with HTTP 503', { status: 503 });
    });
    await expect(runHistory(c, '101', [run(8)], opts(lookups(new Map())))).rejects.toMatchObject({ code: 'NETWORK' });
  });
});
