/**
 * The QMetry connector against every recorded QMetry site (contracts/recorded/qmetry/<site>/, see
 * test/support/recorded.ts): built over the recording alone, it reads everything (all pages), sends no request the
 * recording does not hold, meets no record it cannot read, and reads what the site's `expect` says.
 */
import { createQmetryConnector } from '../../src/connectors/qmetry';
import type { Connector } from '../../src/connectors/types';
import type { Page, TestCase } from '../../src/domain/model';
import { readAll, testTransport } from '../support/connectors';
import { recordedSites, replayFetch, type RecordedSite } from '../support/recorded';

const sites = recordedSites('qmetry');

function connectorFor(site: RecordedSite) {
  const replay = replayFetch(site);
  const connector = createQmetryConnector({
    baseUrl: site.connection.baseUrl,
    apiKey: 'recorded-site-key',
    projectKey: String(site.connection.settings?.projectKey ?? site.projectId),
    ...testTransport(replay.fetch, () => Date.parse('2026-01-01T00:00:00Z')),
    maxAttempts: 1,
  });
  return { connector, replay };
}

/** Every item of a paged read, and every unreadable record met on the way. */
async function readEverything<T>(read: (cursor?: string) => Promise<Page<T>>) {
  const unreadable: NonNullable<Page<T>['unreadable']> = [];
  const { items } = await readAll<T>(async (cursor) => {
    const page = await read(cursor);
    unreadable.push(...(page.unreadable ?? []));
    return page;
  });
  return { items, unreadable };
}

const withStepsCount = (tc: TestCase) => ({ ...tc, stepsCount: tc.steps.length });
const byId = <T extends { externalId: string }>(items: T[]) => [...items].sort((a, b) => a.externalId.localeCompare(b.externalId));

test('there is at least one recorded QMetry site, and one per date format', () => {
  expect(sites.length).toBeGreaterThan(0);
  expect(new Set(sites.map((s) => s.expect.dateFormat))).toEqual(new Set(['MM-dd-yyyy', 'dd-MM-yyyy', 'yyyy-MM-dd', 'dd-MMM-yyyy']));
});

describe.each(sites.map((s) => [s.site, s] as const))('recorded QMetry site %s', (_name, site) => {
  let connector: Connector;
  let replay: ReturnType<typeof replayFetch>;
  beforeAll(() => {
    ({ connector, replay } = connectorFor(site));
  });
  afterEach(() => {
    expect(replay.unmatched).toEqual([]);
  });

  it('reads every run, looking up the ids of the cases the runs name by key', async () => {
    const { items, unreadable } = await readEverything((cursor) => connector.readRuns(site.projectId, { cursor }));
    expect(unreadable).toEqual([]);
    expect(items).toHaveLength(site.expect.runs.length);
    expect(byId(items)).toMatchObject(byId(site.expect.runs));
  });

  it('reads every test case with its steps, version, exact update time and Jira requirement keys', async () => {
    const { items, unreadable } = await readEverything((cursor) => connector.readTestCases(site.projectId, { cursor }));
    expect(unreadable).toEqual([]);
    expect(items).toHaveLength(site.expect.cases.length);
    expect(byId(items.map(withStepsCount))).toMatchObject(byId(site.expect.cases));
  });

  it('lists every test case id', async () => {
    const { items, unreadable } = await readEverything((cursor) => connector.listTestCaseIds(site.projectId, { cursor }));
    expect(unreadable).toEqual([]);
    expect([...items].sort()).toEqual([...site.expect.caseIds].sort());
  });

  it('lists the projects and the statuses, archived ones left out', async () => {
    expect(await connector.listProjects()).toEqual(site.expect.projects);
    expect(await connector.listStatuses(site.projectId)).toEqual(site.expect.statuses);
  });

  it('checks the connection, naming the date format', async () => {
    expect(await connector.checkConnection()).toMatchObject(site.expect.check);
  });

  it('reads one test case with its runs', async () => {
    const want = site.expect.testCase;
    const one = await connector.readTestCase(site.projectId, want.externalId);
    expect(one).not.toBeNull();
    expect(withStepsCount(one!.testCase)).toMatchObject(want.testCase);
    expect(byId(one!.runs)).toMatchObject(byId(want.runs));
    expect(one!.runs).toHaveLength(want.runs.length);
  });

  it('used every recorded exchange', () => {
    const unused = site.exchanges.map((x, i) => (replay.used.has(i) ? undefined : `${x.request.method} ${x.request.url}`)).filter(Boolean);
    expect(unused).toEqual([]);
  });
});
