import { decodeCursor, encodeCursor } from '../../../src/connectors/qtest';
import { parseSiteUrl, queryString } from '../../../src/connectors/qtest/client';
import {
  mapProject,
  mapRunWithoutLogs,
  mapTestCase,
  mapTestLog,
  propertyValue,
  requirementKey,
  testerOf,
  type RunContext,
} from '../../../src/connectors/qtest/mapping';
import { modifiedSinceQuery } from '../../../src/connectors/qtest/queries';
import { PagedSchema, TestCaseSchema, TestLogSchema, TestRunSchema } from '../../../src/connectors/qtest/records';
import { readRows, readWhole } from '../../../src/connectors/qtest/rows';
import { cyclePlaces, modulePaths } from '../../../src/connectors/qtest/trees';
import { plainText } from '../../../src/connectors/text';
import { ConnectorError } from '../../../src/connectors/types';

const ctx: RunContext = {
  projectId: '101',
  places: new Map([['test-suite:20', { cycle: 'Regression', version: '3.2' }]]),
  users: new Map([[7, 'alice@example.com']]),
  statuses: new Map([[601, 'Passed']]),
};
const SEARCH = 'POST /api/v3/projects/{projectId}/search';

describe('qTest mapping', () => {
  it('hides projects whose status is not Active (101)', () => {
    expect(mapProject({ id: 1, name: 'A', status_id: 101 }).archived).toBe(false);
    expect(mapProject({ id: 2, name: 'B', status_id: 103 }).archived).toBe(true);
    expect(mapProject({ id: 3, name: 'C' }).archived).toBe(false);
  });

  it('turns rich text into plain text', () => {
    expect(plainText('<p>Open <b>cart</b></p><p>Tap &quot;Pay&quot;<br/>then wait &amp; see</p>')).toBe('Open cart\nTap "Pay"\nthen wait & see');
    expect(plainText(null)).toBe('');
  });

  it('finds the Jira key of a requirement', () => {
    expect(requirementKey({ name: 'Checkout', external_properties: { id: 'SHOP-3' } })).toBe('SHOP-3');
    expect(requirementKey({ name: 'SHOP-12 Pay with a gift card' })).toBe('SHOP-12');
    expect(requirementKey({ name: 'Internal requirement' })).toBeUndefined();
    expect(requirementKey({})).toBeUndefined();
  });

  it('reads properties by field name, skipping entries that are not properties', () => {
    const props = [null, 'odd', { field_id: 1, field_name: 'Priority', field_value: '3', field_value_name: 'High' }, { field_name: 'Order', field_value: 4 }];
    expect(propertyValue(props, 'priority')).toBe('High');
    expect(propertyValue(props, 'order')).toBe('4');
    expect(propertyValue(props, 'Type')).toBeUndefined();
    expect(propertyValue(undefined, 'Type')).toBeUndefined();
  });

  it('builds module paths and the cycle and release of runs from the trees, reporting unreadable nodes', () => {
    const mods = modulePaths('GET /api/v3/projects/{projectId}/modules', [
      { id: 1, name: 'Checkout', children: [{ id: 2, name: 'Payment', children: [] }, { id: 3 }] },
    ]);
    expect(mods.paths.get(2)).toBe('Checkout/Payment');
    expect(mods.unreadable).toEqual([
      { externalId: '3', endpoint: 'GET /api/v3/projects/{projectId}/modules', field: '[0].children[1].name', message: 'expected string, received undefined' },
    ]);
    const CYCLES = 'GET /api/v3/projects/{projectId}/test-cycles';
    // Under a release, everything is of that release.
    const under = cyclePlaces(CYCLES, [
      { id: 10, name: 'Regression', 'test-suites': [{ id: 20, name: 'staging' }, { name: 'no id' }], 'test-cycles': [{ id: 11, name: 'Smoke' }] },
    ], { release: '3.2' });
    expect(under.places.get('test-suite:20')).toEqual({ cycle: 'Regression', version: '3.2' });
    expect(under.places.get('test-cycle:11')).toEqual({ cycle: 'Regression / Smoke', version: '3.2' });
    expect(under.unreadable.map((u) => u.field)).toEqual(['[0].test-suites[1].id']);
    // Under the root, a cycle is of the release its Target Release/Build names; its suites and sub-cycles follow it
    // unless they name another; an unknown or odd target names none.
    const releases = new Map([[1, '3.1'], [2, '3.2']]);
    const root = cyclePlaces(CYCLES, [
      { id: 30, name: 'Exploratory', 'test-suites': [{ id: 31 }] },
      { id: 40, name: 'Device lab', target_release_id: 2, 'test-suites': [{ id: 41 }, { id: 42, target_release_id: 1 }], 'test-cycles': [{ id: 43, name: 'Tablets' }] },
      { id: 50, name: 'Odd', target_release_id: '2', 'test-suites': [{ id: 51, target_release_id: 99 }] },
    ], { releases });
    expect(root.places.get('test-suite:31')).toEqual({ cycle: 'Exploratory' });
    expect(root.places.get('test-suite:41')).toEqual({ cycle: 'Device lab', version: '3.2' });
    expect(root.places.get('test-suite:42')).toEqual({ cycle: 'Device lab', version: '3.1' });
    expect(root.places.get('test-cycle:43')).toEqual({ cycle: 'Device lab / Tablets', version: '3.2' });
    expect(root.places.get('test-suite:51')).toEqual({ cycle: 'Odd' });
    expect(root.unreadable).toEqual([]);
  });

  it('takes a run\'s version, cycle and environment from where it sits and its Environment field', () => {
    const run = TestRunSchema.parse({
      id: 6,
      testCaseId: 9,
      parentId: 3,
      parentType: 'release',
      properties: [{ field_id: 2, field_name: 'Environment', field_value_name: 'production' }],
      test_case: { id: 9 },
    });
    const here: RunContext = { ...ctx, places: new Map([['release:3', { version: '3.1' }]]) };
    expect(mapRunWithoutLogs(run, here)).toMatchObject({ externalId: '6', version: '3.1', environment: 'production' });
    expect(mapRunWithoutLogs(run, here).cycle).toBeUndefined();
    // A parent the tree does not hold (read without its release, or gone): the run is read without a place.
    const lost = mapRunWithoutLogs(run, { ...ctx, places: new Map() });
    expect(lost).toMatchObject({ externalId: '6', environment: 'production' });
    expect(lost.version).toBeUndefined();
  });

  it('copes without pid and last_modified_date (optional in the Swagger)', () => {
    const base = { projectId: '101', baseUrl: 'https://demo.qtestnet.com', modules: new Map<number, string>(), requirementKeys: [] };
    const bare = mapTestCase(TestCaseSchema.parse({ id: 9, name: 'Bare', properties: [] }), base);
    expect(bare).toMatchObject({ externalId: '9', displayId: '9', updatedAt: '1970-01-01T00:00:00.000Z', steps: [], labels: [] });
    expect(bare.url).toBe('https://demo.qtestnet.com/p/101/portal/project#tab=testdesign&object=1&id=9');
    const created = mapTestCase(TestCaseSchema.parse({ id: 9, name: 'Bare', created_date: '2025-01-02T03:04:05Z' }), base);
    expect(created.updatedAt).toBe('2025-01-02T03:04:05.000Z');
    const utc = mapTestCase(TestCaseSchema.parse({ id: 9, name: 'Bare', last_modified_date_utc: '2025-02-02T00:00:00Z' }), base);
    expect(utc.updatedAt).toBe('2025-02-02T00:00:00.000Z');
  });

  it('maps a never-executed run to its status property and last change', () => {
    const run = TestRunSchema.parse({
      id: 5,
      testCaseId: 9,
      parentId: 20,
      parentType: 'test-suite',
      last_modified_date: '2025-05-01T10:00:00.000+00:00',
      properties: [{ field_id: 1, field_name: 'Status', field_value_name: 'Unexecuted' }],
      test_case: { id: 9, properties: [] },
    });
    expect(mapRunWithoutLogs(run, ctx)).toEqual({
      tool: 'qtest',
      projectId: '101',
      externalId: '5',
      testCaseExternalId: '9',
      status: 'Unexecuted',
      executedAt: '2025-05-01T10:00:00.000Z',
      updatedAt: '2025-05-01T10:00:00.000Z',
      version: '3.2',
      cycle: 'Regression',
    });
  });

  it('maps each test log to one run entry: its id, end time, tester from step logs, no url', () => {
    const run = TestRunSchema.parse({ id: 5, test_case: { id: 9 }, parentId: 20, parentType: 'test-suite', last_modified_date: '2025-05-02T00:00:00Z' });
    const log = TestLogSchema.parse({
      id: 77,
      status: { id: 601 },
      exe_start_date: '2025-05-01T10:00:00Z',
      exe_end_date: '2025-05-01T10:05:00Z',
      test_step_logs: [{ test_step_id: 1 }, { test_step_id: 2, user_id: 7 }],
    });
    expect(testerOf(log, ctx.users)).toBe('alice@example.com');
    expect(mapTestLog(run, log, 'Passed', ctx)).toEqual({
      tool: 'qtest',
      projectId: '101',
      externalId: '5:77',
      testCaseExternalId: '9',
      status: 'Passed',
      executedAt: '2025-05-01T10:05:00.000Z',
      updatedAt: '2025-05-02T00:00:00.000Z',
      version: '3.2',
      cycle: 'Regression',
      executedBy: 'alice@example.com',
    });
  });

  it('requires what the sync needs of a run and a log', () => {
    expect(TestRunSchema.safeParse({ id: 5 }).error?.issues[0]).toMatchObject({ path: ['testCaseId'] });
    expect(TestLogSchema.safeParse({ id: 1, status: {} }).error?.issues[0]).toMatchObject({ path: ['status'] });
  });
});

describe('qTest tolerant readers', () => {
  it('reads a list row by row, naming endpoint and field of each unreadable row', () => {
    const rows = readRows(SEARCH, [{ id: 1, name: 'ok' }, { id: 2, pid: 'TC-2', name: 5 }, 'x'], TestCaseSchema, 'items');
    expect(rows.items.map((i) => i.id)).toEqual([1]);
    expect(rows.unreadable).toEqual([
      { externalId: '2', displayId: 'TC-2', endpoint: SEARCH, field: 'items[1].name', message: 'expected string, received number' },
      { endpoint: SEARCH, field: 'items[2]', message: 'expected object, received string' },
    ]);
  });

  it('throws UNEXPECTED_RESPONSE naming endpoint and field for an answer it cannot read', () => {
    const e = (() => {
      try {
        readWhole(SEARCH, { total: 3, items: 'x' }, PagedSchema);
      } catch (x) {
        return x as ConnectorError;
      }
    })()!;
    expect(e).toBeInstanceOf(ConnectorError);
    expect(e.code).toBe('UNEXPECTED_RESPONSE');
    expect(e.details).toEqual({ endpoint: SEARCH, field: 'items' });
    expect(e.message).toBe(`qTest answered ${SEARCH} in a shape the app cannot read: items: expected array, received string`);
  });
});

describe('qTest queries and URLs', () => {
  it('round-trips the cursor and rejects foreign ones', () => {
    const c = encodeCursor({ page: 3, since: '2025-01-01T00:00:00.000Z' });
    expect(decodeCursor(c)).toEqual({ page: 3, since: '2025-01-01T00:00:00.000Z' });
    expect(() => decodeCursor('not-a-cursor')).toThrow(ConnectorError);
  });

  it('writes the Last Modified Date query in ISO form', () => {
    expect(modifiedSinceQuery('2025-01-01T01:00:00+01:00')).toBe("'Last Modified Date' >= '2025-01-01T00:00:00.000Z'");
    expect(modifiedSinceQuery(undefined)).toBe("'Last Modified Date' >= '1970-01-01T00:00:00.000Z'");
  });

  it('sends list values as repeated keys (collectionFormat: multi)', () => {
    expect(queryString({ type: 'test-cases', ids: [1, 2], skip: undefined })).toBe('?type=test-cases&ids=1&ids=2');
  });

  it('accepts only https://<site>.qtestnet.com', () => {
    expect(parseSiteUrl('https://Demo.qtestnet.com/')).toEqual({ baseUrl: 'https://demo.qtestnet.com', site: 'demo' });
    expect(() => parseSiteUrl('http://demo.qtestnet.com')).toThrow(/must look like/);
    expect(() => parseSiteUrl('https://demo.qtestnet.com.evil.io')).toThrow(ConnectorError);
  });
});
