/**
 * JQL over a release in the Jira simulator: `fixVersion`, `component`, and the coverage property's readiness
 * values (arrays) through their paths and the manifest's search aliases, as a readiness page searches them.
 */
import { useJiraHarness } from '../support/jira-harness';

const h = useJiraHarness();

type Search = { status: number; keys: string[]; errorMessages?: string[] };

async function search(jql: string, as = 'app', extra: Record<string, unknown> = {}): Promise<Search> {
  const res = await h.call('POST', '/rest/api/3/search/jql', { as, body: { jql, fields: ['key'], maxResults: 100, ...extra } });
  return { status: res.status, keys: (res.body.issues ?? []).map((i: { key: string }) => i.key), errorMessages: res.body.errorMessages };
}

const keys = async (jql: string, as = 'app') => (await search(`${jql} ORDER BY key ASC`, as)).keys;
const shop = (...numbers: number[]) => numbers.map((n) => `SHOP-${n}`);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('fixVersion', () => {
  it('finds the stories of a version by name (quoted or not) or id, of several versions, and of none', async () => {
    expect(await keys('fixVersion = "3.2"')).toEqual(shop(...range(1, 6)));
    expect(await keys('fixVersion = 3.2')).toEqual(shop(...range(1, 6)));
    expect(await keys('fixversion = 10000')).toEqual(shop(...range(7, 12)));
    expect(await keys('fixVersion in ("3.1", "3.2")')).toEqual(shop(...range(1, 12)));
    expect(await keys('project = SHOP AND fixVersion is EMPTY')).toEqual([]);

    const created = await h.call('POST', '/rest/api/3/issue', { body: { fields: { project: { key: 'SHOP' }, issuetype: { name: 'Task' }, summary: 'Unplanned' } } });
    expect(await keys('project = SHOP AND fixVersion is EMPTY')).toEqual([created.body.key]);
    expect(await keys('project = SHOP AND fixVersion is not EMPTY')).toHaveLength(12);
    // As in Jira, != and NOT IN leave out issues with no fix version.
    expect(await keys('project = SHOP AND fixVersion != "3.1"')).toEqual(shop(...range(1, 6)));
    expect(await keys('project = SHOP AND fixVersion not in ("3.2")')).toEqual(shop(...range(7, 12)));
  });

  it('compares versions by their order in the project', async () => {
    await h.call('PUT', '/rest/api/3/issue/SHOP-12', { body: { fields: { fixVersions: [{ name: '3.1' }, { name: '3.2' }] } } });
    expect(await keys('fixVersion < "3.2"')).toEqual(shop(...range(7, 12)));
    expect(await keys('fixVersion > "3.1"')).toEqual(shop(...range(1, 6), 12));
    expect(await keys('fixVersion <= "3.1"')).toEqual(shop(...range(7, 12)));
    const ordered = (await search('project = SHOP AND key in (SHOP-1, SHOP-7, SHOP-2) ORDER BY fixVersion ASC, key ASC')).keys;
    expect(ordered).toEqual(shop(7, 1, 2));
  });

  it("answers Jira's error for a version nobody may see, and only the caller's versions", async () => {
    const unknown = await search('fixVersion = "9.9"');
    expect(unknown.status).toBe(400);
    expect(unknown.errorMessages).toEqual(["The value '9.9' does not exist for the field 'fixVersion'."]);
    expect((await search('fixVersion = "3.2"', 'user:demo-outsider')).errorMessages).toEqual(["The value '3.2' does not exist for the field 'fixVersion'."]);
    expect(await keys('fixVersion = "3.2"', 'user:demo-tester')).toEqual(shop(...range(1, 6)));
  });

  it('sees a changed fix version after the search index catches up, or at once for reconciled issues', async () => {
    await h.control('POST', '/__sim/faults', { indexLagMs: 60_000 });
    const shop7 = (await h.call('GET', '/rest/api/3/issue/SHOP-7', { query: { fields: 'summary' } })).body.id as string;
    await h.call('PUT', '/rest/api/3/issue/SHOP-7', { body: { fields: { fixVersions: [{ name: '3.2' }] } } });
    expect((await search('fixVersion = "3.2"')).keys).not.toContain('SHOP-7');
    expect((await search('fixVersion = "3.2"', 'app', { reconcileIssues: [Number(shop7)] })).keys).toContain('SHOP-7');
    await h.control('POST', '/__sim/faults', { indexLagMs: null });
    expect((await search('fixVersion = "3.2"')).keys).toContain('SHOP-7');
  });
});

describe('component', () => {
  it('finds stories by component name (any case) or id, and those without one', async () => {
    expect(await keys('component = Checkout')).toEqual(shop(1, 2, 3, 5, 11));
    expect(await keys('component in (catalog) AND fixVersion = "3.2"')).toEqual(shop(4, 5));
    expect(await keys('component = 10000')).toEqual(shop(4, 5, 10, 12));
    expect(await keys('project = SHOP AND component is EMPTY')).toEqual(shop(6, 7, 8, 9));
    expect((await search('component = Payments')).errorMessages).toEqual(["The value 'Payments' does not exist for the field 'component'."]);
    expect((await search('component ~ Check')).errorMessages).toEqual(["The operator '~' is not supported by the 'component' field."]);
  });
});

describe("the coverage property's readiness", () => {
  /** What the app writes on SHOP-1 for the demo release (see src/sync/coverage.ts), and a second story. */
  beforeEach(async () => {
    const write = async (key: string, value: unknown) =>
      expect((await h.call('PUT', `/rest/api/3/issue/${key}/properties/testsync-coverage`, { body: value })).status).toBe(201);
    await write('SHOP-1', {
      total: 9, failing: 1, status: 'FAIL', readiness: 'FAIL', readinessVersions: ['3.2'],
      readinessIn: ['3.1/production=PASS', '3.1/staging=PASS', '3.1=PASS', '3.2/production=PASS', '3.2/staging=FAIL', '3.2=FAIL'],
    });
    await write('SHOP-2', {
      total: 2, failing: 0, status: 'PASS', readiness: 'PASS', readinessVersions: ['3.2'],
      readinessIn: ['3.2/production=PASS', '3.2/staging=PASS', '3.2=PASS'],
    });
    await write('SHOP-7', { total: 1, failing: 0, status: 'PASS', readiness: 'PASS', readinessVersions: ['3.1'], readinessIn: ['3.1=PASS'] });
  });

  it('matches one value of the readinessIn array by its path', async () => {
    expect(await keys('issue.property[testsync-coverage].readinessIn = "3.2/staging=FAIL"')).toEqual(shop(1));
    expect(await keys('issue.property[testsync-coverage].readinessIn = "3.2/production=PASS"')).toEqual(shop(1, 2));
    expect(await keys('issue.property[testsync-coverage].readinessIn in ("3.2=FAIL", "3.1=PASS")')).toEqual(shop(1, 7));
    expect(await keys('issue.property[testsync-coverage].readinessIn = "3.3=PASS"')).toEqual([]);
  });

  it("matches through the manifest's aliases, with the fix version", async () => {
    expect(await keys('testsyncReadinessIn = "3.2/staging=FAIL"')).toEqual(shop(1));
    expect(await keys('testsyncReadinessIn = "3.2=PASS" AND fixVersion = "3.2"')).toEqual(shop(2));
    expect(await keys('fixVersion = "3.2" AND testsyncReadiness = FAIL')).toEqual(shop(1));
    expect(await keys('fixVersion = "3.2" AND testsyncReadiness != FAIL')).toEqual(shop(2));
    // != leaves out stories that hold the value among others, and those with no coverage at all.
    expect(await keys('testsyncReadinessIn != "3.2/staging=FAIL"')).toEqual(shop(2, 7));
    expect(await keys('fixVersion = "3.2" AND testsyncReadinessIn is EMPTY')).toEqual(shop(...range(3, 6)));
  });

  it('finds a covered story whose fix version was just edited, as the app looks for edited requirements', async () => {
    const edited = 'issue.property[testsync-coverage].total >= 0 AND updated >= "-61m"';
    expect(await keys(edited)).toEqual([]);
    expect((await h.call('PUT', '/rest/api/3/issue/SHOP-7', { as: 'user:demo-tester', body: { fields: { fixVersions: [{ name: '3.2' }] } } })).status).toBe(204);
    expect(await keys(edited)).toEqual(shop(7));
    expect(await keys('testsyncReadiness = PASS AND fixVersion = "3.2"')).toEqual(shop(2, 7));
  });
});
