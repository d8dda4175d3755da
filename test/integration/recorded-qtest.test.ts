/**
 * The qTest connector over every recorded qTest site (contracts/recorded/qtest/<site>/, format in test/support/recorded.ts):
 * each recorded exchange is one qTest's Swagger allows (request and answer), and the connector reads the whole site
 * (projects, statuses, every page of cases, runs and case ids) from the recording alone, with no unmatched request and
 * no unreadable record, and reads exactly what the recording's `expect` says.
 */
import { createQtestConnector } from '../../src/connectors/qtest';
import type { Page, TestCase } from '../../src/domain/model';
import { qtestContract } from '../../local/simulators/qtest/contract';
import { testTransport } from '../support/connectors';
import { recordedSites, replayFetch, type RecordedSite } from '../support/recorded';

const SEARCH_ITEMS: Record<string, string> = {
  'test-cases': 'TestCaseWithCustomFieldResource',
  'test-runs': 'TestRunWithCustomFieldResource',
  requirements: 'RequirementResource',
  // A guess, as in the simulator: the Swagger does not say what a test-log search item is.
  'test-logs': 'TestLogResource',
};

const sites = recordedSites('qtest');

/** Every item of every page, and every unreadable record on the way. */
async function readPages<T>(read: (cursor?: string) => Promise<Page<T>>) {
  const items: T[] = [];
  const unreadable: unknown[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    items.push(...page.items);
    unreadable.push(...(page.unreadable ?? []));
    cursor = page.next;
  } while (cursor);
  return { items, unreadable };
}

const caseView = ({ steps, ...rest }: TestCase) => ({ ...rest, stepsCount: steps.length });

it('has at least one recorded qTest site', () => {
  expect(sites.length).toBeGreaterThan(0);
});

describe.each(sites.map((s) => [s.site, s] as [string, RecordedSite]))('recorded qTest site %s', (_name, site) => {
  it('says where its answers come from', () => {
    expect(site.source).toMatch(/\S/);
    for (const x of site.exchanges) expect(x.source).toMatch(/\S/);
  });

  it("holds only exchanges qTest's Swagger allows, in its shapes", () => {
    const contract = qtestContract();
    for (const x of site.exchanges) {
      const url = new URL(x.request.url);
      const match = contract.match(x.request.method, url.pathname);
      expect({ url: x.request.url, kind: match.kind }).toEqual({ url: x.request.url, kind: 'operation' });
      if (match.kind !== 'operation') continue;
      const query: Record<string, unknown> = {};
      for (const [k, v] of url.searchParams) query[k] = k in query ? ([] as unknown[]).concat(query[k], v) : v;
      const problems = contract.requestProblems(match.operation, {
        pathParams: match.pathParams,
        query,
        body: x.request.body,
        hasBody: x.request.body !== undefined,
      });
      expect({ url: x.request.url, ...problems }).toEqual({ url: x.request.url, path: [], query: [], unknownQuery: [], body: [] });
      const answer = contract.responseProblems(match.operation, x.response.status, x.response.body, x.response.body !== undefined);
      const search = x.request.body as { object_type?: string; fields?: string[] } | undefined;
      if (match.operation.operationId === 'searchArtifact' && search?.fields?.includes('*')) {
        const items = (x.response.body as { items: unknown[] }).items;
        items.forEach((item, i) => answer.push(...contract.definitionProblems(SEARCH_ITEMS[search.object_type!], item).map((p) => `items[${i}]: ${p}`)));
      }
      expect({ url: x.request.url, answer }).toEqual({ url: x.request.url, answer: [] });
    }
  });

  it('is read whole by the connector: nothing unmatched, nothing unreadable, what `expect` says', async () => {
    const replay = replayFetch(site);
    const settings = site.connection.settings ?? {};
    const connector = createQtestConnector({
      baseUrl: site.connection.baseUrl,
      auth: { kind: 'token', token: typeof settings.token === 'string' ? settings.token : 'recorded-site-token' },
      ...testTransport(replay.fetch, () => Date.parse('2025-01-01T00:00:00.000Z')),
    });
    const pid = site.projectId;
    const projects = await connector.listProjects();
    const statuses = await connector.listStatuses(pid);
    const cases = await readPages((cursor) => connector.readTestCases(pid, { cursor }));
    const runs = await readPages((cursor) => connector.readRuns(pid, { cursor }));
    const ids = await readPages((cursor) => connector.listTestCaseIds(pid, { cursor }));

    expect(replay.unmatched).toEqual([]);
    expect([...cases.unreadable, ...runs.unreadable, ...ids.unreadable]).toEqual([]);
    // Every recorded exchange was asked for: the recording holds nothing the connector does not read.
    expect([...replay.used].sort((a, b) => a - b)).toEqual(site.exchanges.map((_, i) => i));

    const want = site.expect;
    if (want.projects) expect(projects).toMatchObject(want.projects);
    if (want.statuses) expect(statuses.map((s) => s.name)).toEqual(want.statuses);
    if (want.cases) expect(cases.items.map(caseView)).toMatchObject(want.cases);
    if (want.runs) expect(runs.items).toMatchObject(want.runs);
    if (want.caseIds) expect(ids.items).toEqual(want.caseIds);
  });
});
