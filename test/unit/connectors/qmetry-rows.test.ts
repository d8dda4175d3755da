/**
 * The QMetry connector's tolerant readers over answers written here (no simulator): both test case row shapes the
 * vendor shows (`id` and `tcID`), a row it cannot read among readable ones, and whole answers it cannot read.
 */
import { createQmetryConnector } from '../../../src/connectors/qmetry';
import { ConnectorError, type FetchLike, type HttpResponse } from '../../../src/connectors/types';
import { rejectionOf, testTransport } from '../../support/connectors';

const BASE = 'https://acme.qmetry.com';
const VIEWS = { TC: { viewId: 11 }, TS: { viewId: 12 }, TE: { viewId: 13 }, TEL: { viewId: 14 }, RQ: { viewId: 15 } };
const FORMATS = [
  { id: 1, unique_value: 'MM-dd-yyyy' },
  { id: 2, unique_value: 'dd-MM-yyyy' },
];

const json = (status: number, body: unknown): HttpResponse => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { status, ok: status < 300, headers: { get: () => null }, text: async () => text };
};

/** A fetch answering by path; `lists` gives the answer of each list call. */
function site(lists: Record<string, unknown>, formatId = 2): FetchLike {
  return async (url) => {
    const path = new URL(url).pathname;
    if (path === '/rest/admin/project/getinfo') {
      return json(200, { currentProjectId: 7, clientCode: 'ACME', latestViews: VIEWS, dateTimeFormatID: formatId, dateTimeFormatNew: FORMATS });
    }
    if (path in lists) return json(200, lists[path]);
    return json(200, { data: [], total: 0 });
  };
}

const connector = (fetch: FetchLike) =>
  createQmetryConnector({ baseUrl: BASE, apiKey: 'key-123456', projectKey: 'ACME', ...testTransport(fetch, () => 0), maxAttempts: 1 });

const row = (over: Record<string, unknown>) => ({
  entityKey: 'ACME-TC-1',
  name: 'Case',
  associatedVersion: 1,
  updatedDate: '03-04-2021 10:00:00',
  ...over,
});

describe('QMetry rows read one by one', () => {
  it('reads test case rows keyed `id` (vendor mocks) and `tcID` (vendor hint) alike', async () => {
    const page = await connector(
      site({
        '/rest/testcases/list/viewColumns': {
          data: [row({ id: 101, entityKey: 'ACME-TC-1' }), row({ tcID: '102', entityKey: 'ACME-TC-2', associatedVersion: '3', summary: 'x', name: undefined })],
          total: 2,
        },
      }),
    ).readTestCases('ACME', {});
    expect(page.unreadable).toBeUndefined();
    expect(page.items.map((c) => [c.externalId, c.displayId, c.name, c.version, c.updatedAt])).toEqual([
      ['101', 'ACME-TC-1', 'Case', '1', '2021-04-03T10:00:00.000Z'],
      ['102', 'ACME-TC-2', 'x', '3', '2021-04-03T10:00:00.000Z'],
    ]);
  });

  it('returns the readable rows of an answer and one unreadable record per unreadable row, naming its field', async () => {
    const page = await connector(
      site({
        '/rest/testcases/list/viewColumns': {
          data: [
            row({ id: 1, entityKey: 'ACME-TC-1' }),
            row({ id: 2, entityKey: 'ACME-TC-2' }),
            row({ id: 3, entityKey: 'ACME-TC-3', updatedDate: '18-18-2021 10:00:00' }),
            row({ entityKey: 'ACME-TC-4' }),
            row({ id: 5, entityKey: 'ACME-TC-5', name: 42 }),
          ],
          total: 5,
        },
      }),
    ).readTestCases('ACME', {});
    expect(page.items.map((c) => c.displayId)).toEqual(['ACME-TC-1', 'ACME-TC-2']);
    expect(page.unreadable).toEqual([
      {
        externalId: '3',
        displayId: 'ACME-TC-3',
        endpoint: 'POST /rest/testcases/list/viewColumns',
        field: 'data[2].updatedDate',
        message: '"18-18-2021 10:00:00" is not a real date in the project\'s format dd-MM-yyyy',
      },
      {
        displayId: 'ACME-TC-4',
        endpoint: 'POST /rest/testcases/list/viewColumns',
        field: 'data[3].tcID',
        message: 'is missing (the row has neither tcID nor id)',
      },
      { externalId: '5', displayId: 'ACME-TC-5', endpoint: 'POST /rest/testcases/list/viewColumns', field: 'data[4].name', message: 'expected string, received number' },
    ]);
  });

  it('reads the same day differently in MM-dd-yyyy and dd-MM-yyyy projects', async () => {
    const lists = { '/rest/testcases/list/viewColumns': { data: [row({ id: 1 })], total: 1 } };
    expect((await connector(site(lists, 1)).readTestCases('ACME', {})).items[0].updatedAt).toBe('2021-03-04T10:00:00.000Z');
    expect((await connector(site(lists, 2)).readTestCases('ACME', {})).items[0].updatedAt).toBe('2021-04-03T10:00:00.000Z');
  });

  it('takes a case whose steps cannot be read out of the page, as unreadable under its own id', async () => {
    const page = await connector(
      site({
        '/rest/testcases/list/viewColumns': { data: [row({ id: 1 }), row({ id: 2, entityKey: 'ACME-TC-2' })], total: 2 },
        '/rest/testcases/steps/list': { data: [{ orderId: 'first', description: 'Open' }], total: 1 },
      }),
    ).readTestCases('ACME', {});
    expect(page.items).toEqual([]);
    expect(page.unreadable?.map((u) => [u.externalId, u.endpoint, u.field])).toEqual([
      ['1', 'POST /rest/testcases/steps/list', 'data[0].orderId'],
      ['2', 'POST /rest/testcases/steps/list', 'data[0].orderId'],
    ]);
  });

  it('fails a read whose whole answer it cannot read, naming the endpoint and the field', async () => {
    const noList = await rejectionOf(connector(site({ '/rest/testcases/list/viewColumns': { rows: [] } })).readTestCases('ACME', {}));
    expect(noList).toBeInstanceOf(ConnectorError);
    expect(noList).toMatchObject({ code: 'UNEXPECTED_RESPONSE', details: { endpoint: 'POST /rest/testcases/list/viewColumns', field: 'data' } });

    const noViews = await rejectionOf(
      connector(async (url) =>
        json(200, new URL(url).pathname.endsWith('getinfo') ? { currentProjectId: 7, dateTimeFormatID: 2, dateTimeFormatNew: FORMATS } : { data: [] }),
      ).readTestCases('ACME', {}),
    );
    expect(noViews).toMatchObject({ code: 'UNEXPECTED_RESPONSE', details: { endpoint: 'GET /rest/admin/project/getinfo', field: 'latestViews.TC.viewId' } });
  });

  it('reads the version of runs from their suite run: its releaseName, else the release its releaseID or its cycle sit in', async () => {
    const tree = {
      text: '.',
      children: [{ projID: 7, type: 'Acme', children: [{ relID: 3, type: '3.1', children: [{ cyclID: 5, type: 'Sprint 40' }] }, { relID: 4, type: '3.2', children: [] }] }],
    };
    const page = await connector(
      site({
        '/rest/testsuites/list/viewColumns': { data: [{ id: 9, name: 'Suite' }], total: 1 },
        '/rest/execution/list/platformHome': {
          data: [
            { tsRunID: '90', platformName: 'staging', releaseName: '3.2', cycleName: 'Sprint 41' },
            { tsRunID: '91', platformName: 'production', releaseID: 4 },
            { tsRunID: '92', platformName: 'production', buildID: 5 },
          ],
          total: 3,
        },
        '/rest/execution/list/viewColumns': { data: [{ tcRunID: 1, tcID: 1, runStatus: 'Passed' }], total: 1 },
        '/rest/admin/scope/tree': tree,
      }),
    ).readRuns('ACME', {});
    expect(page.unreadable).toBeUndefined();
    expect(page.items.map((r) => [r.version, r.cycle, r.environment])).toEqual([
      ['3.2', 'Sprint 41', 'staging'],
      ['3.2', 'Suite', 'production'],
      ['3.1', 'Sprint 40', 'production'],
    ]);
  });

  it('reads the runs without their version when the release cannot be read, and says what could not be', async () => {
    const runs = { data: [{ tcRunID: 1, tcID: 1, runStatus: 'Passed' }], total: 1 };
    const oddName = await connector(
      site({
        '/rest/testsuites/list/viewColumns': { data: [{ id: 9, entityKey: 'ACME-TS-9', name: 'Suite' }], total: 1 },
        '/rest/execution/list/platformHome': { data: [{ tsRunID: '90', platformName: 'staging', releaseName: { name: '3.2' }, cycleName: 'Sprint 41' }], total: 1 },
        '/rest/execution/list/viewColumns': runs,
      }),
    ).readRuns('ACME', {});
    expect(oddName.items.map((r) => [r.externalId, r.version, r.cycle, r.environment])).toEqual([['1', undefined, 'Sprint 41', 'staging']]);
    expect(oddName.unreadable).toEqual([
      {
        displayId: 'ACME-TS-9',
        endpoint: 'POST /rest/execution/list/platformHome',
        field: 'data[0].releaseName',
        message: 'is not a text (object) (test suite run 90): its runs are read without it',
      },
    ]);

    // The scope tree, asked for a release and a cycle the row does not name, answers without its tree.
    const noTree = await connector(
      site({
        '/rest/testsuites/list/viewColumns': { data: [{ id: 9, name: 'Suite' }], total: 1 },
        '/rest/execution/list/platformHome': { data: [{ tsRunID: '90', buildID: 5 }], total: 1 },
        '/rest/execution/list/viewColumns': runs,
        '/rest/admin/scope/tree': { projects: { releases: [] } },
      }),
    ).readRuns('ACME', {});
    expect(noTree.items.map((r) => [r.externalId, r.version, r.cycle])).toEqual([['1', undefined, 'Suite']]);
    expect(noTree.unreadable).toEqual([
      {
        endpoint: 'POST /rest/admin/scope/tree',
        field: 'children',
        message: expect.stringMatching(/^could not be read \(QMetry answered POST \/rest\/admin\/scope\/tree without its tree of releases and cycles \(children\)\), so runs are read without their release/),
      },
    ]);
  });

  it('reads a run with only a status id through the status list, and names a run without any status', async () => {
    const page = await connector(
      site({
        '/rest/admin/execution/list': { data: [{ id: 7, name: 'Passed' }], total: 1 },
        '/rest/testsuites/list/viewColumns': { data: [{ id: 9, name: 'Suite' }], total: 1 },
        '/rest/execution/list/platformHome': { data: [{ tsRunID: '90', platformName: 'Web', cycleName: 'C1' }], total: 1 },
        '/rest/execution/list/viewColumns': {
          data: [
            { tcRunID: 1, tcID: 1, runStatusID: 7, executedDate: '16-02-2021 12:45:26' },
            { tcRunID: 2, tcID: 1 },
          ],
          total: 2,
        },
      }),
    ).readRuns('ACME', {});
    expect(page.items).toEqual([expect.objectContaining({ externalId: '1', testCaseExternalId: '1', status: 'Passed', executedAt: '2021-02-16T12:45:26.000Z', cycle: 'C1', environment: 'Web' })]);
    expect(page.unreadable).toEqual([
      { externalId: '2', endpoint: 'POST /rest/execution/list/viewColumns', field: 'data[1].runStatus', message: 'is missing (test suite run 90)' },
    ]);
  });

  it('keeps, in an incremental read, the runs changed since the bound and those with no time at all', async () => {
    const page = await connector(
      site({
        '/rest/testsuites/list/viewColumns': { data: [{ id: 9, name: 'Suite' }], total: 1 },
        '/rest/execution/list/platformHome': { data: [{ tsRunID: '90', platformName: 'Web', cycleName: 'C1' }], total: 1 },
        '/rest/execution/list/viewColumns': {
          data: [
            { tcRunID: 1, tcID: 1, runStatus: 'Passed', executedDate: '16-02-2021 12:45:26' },
            { tcRunID: 2, tcID: 1, runStatus: 'Failed', executedDate: '17-02-2021 08:00:00' },
            { tcRunID: 3, tcID: 1, runStatus: 'Not Run' },
          ],
          total: 3,
        },
      }),
    ).readRuns('ACME', { modifiedSince: '2021-02-17T00:00:00.000Z' });
    expect(page.items.map((r) => [r.externalId, r.executedAt])).toEqual([
      ['2', '2021-02-17T08:00:00.000Z'],
      ['3', undefined],
    ]);
  });
});
