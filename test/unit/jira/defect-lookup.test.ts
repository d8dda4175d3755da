/**
 * The look-ups of defects the tools link to runs: the sync asks, as the app, whether each is an open defect (a JQL
 * search per 100, keys and Xray's issue ids alike, a bad key costing a few requests rather than failing all); the
 * panel and the page read them as the user (a bulk fetch per 100) with their summary and status.
 */
jest.mock('../../../src/jira/client', () => {
  const actual = jest.requireActual('../../../src/jira/client');
  return { ...actual, jira: jest.fn() };
});
import { jira, JiraError } from '../../../src/jira/client';
import { defectFacts, linkedDefects } from '../../../src/jira/defects';
import { defectStates } from '../../../src/jira/issues';

const mocked = jira as jest.MockedFunction<typeof jira>;
const issue = (id: string, key: string, type: string, category: string, status = 'In Progress') => ({
  id,
  key,
  fields: { summary: `Summary of ${key}`, issuetype: { name: type }, status: { name: status, statusCategory: { key: category } } },
});
const SITE = [issue('10060', 'OPS-1', 'Bug', 'indeterminate'), issue('10061', 'OPS-2', 'Bug', 'done', 'Done'), issue('10062', 'OPS-3', 'Task', 'new', 'To Do')];

/** A search endpoint that answers `key in (…)` as Jira does: 400 naming each key it does not know. */
function searchLikeJira(): string[] {
  const jqls: string[] = [];
  mocked.mockImplementation(async (_route, opts) => {
    const jql = (opts?.body as { jql: string }).jql;
    jqls.push(jql);
    const refs = /key in \((.*)\)/.exec(jql)![1].split(', ');
    const unknown = refs.filter((r) => !/^\d+$/.test(r) && !SITE.some((i) => i.key === r));
    if (unknown.length > 0) throw new JiraError(400, 'Jira answered 400', { errorMessages: unknown.map((k) => `An issue with key '${k}' does not exist for field 'key'.`) });
    return { issues: SITE.filter((i) => refs.includes(i.key) || refs.includes(i.id)), isLast: true };
  });
  return jqls;
}

afterEach(() => mocked.mockReset());

describe('whether defects are open, for the sync', () => {
  it('asks with one search for keys and ids alike, fields status and issue type only, and tells open defects from done ones and other types', async () => {
    const jqls = searchLikeJira();
    const states = await defectStates(['OPS-1', '10061', 'OPS-3', 'OPS-1']);
    expect(jqls).toEqual(['key in (OPS-1, 10061, OPS-3)']);
    expect(mocked.mock.calls[0][1]).toMatchObject({ method: 'POST', body: { fields: ['status', 'issuetype'] } });
    expect(Object.fromEntries(states)).toEqual({
      'OPS-1': { id: '10060', key: 'OPS-1', open: true },
      '10061': { id: '10061', key: 'OPS-2', open: false },
      'OPS-3': { id: '10062', key: 'OPS-3', open: false },
    });
  });

  it('leaves out the keys Jira does not know and asks again for the rest; an id Jira does not know is simply not answered', async () => {
    const jqls = searchLikeJira();
    const states = await defectStates(['OPS-1', 'OPS-404', 'GONE-7', '99999']);
    expect(jqls).toEqual(['key in (OPS-1, OPS-404, GONE-7, 99999)', 'key in (OPS-1, 99999)']);
    expect([...states.keys()]).toEqual(['OPS-1']);
  });

  it('splits the question in halves when Jira refuses it without naming a key', async () => {
    const jqls: string[] = [];
    mocked.mockImplementation(async (_route, opts) => {
      const jql = (opts?.body as { jql: string }).jql;
      jqls.push(jql);
      if (jql.includes('BAD-1')) throw new JiraError(400, 'Jira answered 400', { errorMessages: ['Error in the JQL Query.'] });
      return { issues: [], isLast: true };
    });
    await defectStates(['OPS-1', 'OPS-2', 'OPS-3', 'BAD-1']);
    expect(jqls).toEqual(['key in (OPS-1, OPS-2, OPS-3, BAD-1)', 'key in (OPS-1, OPS-2)', 'key in (OPS-3, BAD-1)', 'key in (OPS-3)', 'key in (BAD-1)']);
  });

  it('asks 100 at a time, and leaves a rate limit or another failure to the caller', async () => {
    const jqls = searchLikeJira();
    await defectStates(Array.from({ length: 150 }, (_, i) => String(20000 + i)));
    expect(jqls).toHaveLength(2);
    const limited = new JiraError(429, 'Jira answered 429', undefined, 30);
    mocked.mockRejectedValue(limited);
    await expect(defectStates(['OPS-1'])).rejects.toBe(limited);
    expect(await defectStates(['not a key', ''])).toEqual(new Map());
  });
});

describe('defects as a viewer sees them', () => {
  it('reads them in bulk as the user, by key or id, with summary, status and whether each is an open defect', async () => {
    mocked.mockResolvedValue({ issues: [SITE[0], SITE[1], { broken: true }] });
    const facts = await defectFacts(['OPS-1', '10061', 'OPS-404'], 'user');
    expect(mocked).toHaveBeenCalledTimes(1);
    expect(mocked.mock.calls[0][1]).toMatchObject({ method: 'POST', as: 'user', body: { issueIdsOrKeys: ['OPS-1', '10061', 'OPS-404'], fields: ['summary', 'status', 'issuetype'] } });
    expect(Object.fromEntries(facts)).toEqual({
      'OPS-1': { id: '10060', key: 'OPS-1', summary: 'Summary of OPS-1', status: 'In Progress', defect: true, open: true },
      '10061': { id: '10061', key: 'OPS-2', summary: 'Summary of OPS-2', status: 'Done', defect: true, open: false },
    });
  });

  it("reads a requirement's linked defects from its links, with their ids, summaries and statuses", () => {
    const links = [{ inwardIssue: SITE[0] }, { outwardIssue: SITE[2] }, { outwardIssue: SITE[1] }, { outwardIssue: { key: 'NOID-1' } }, 'broken'];
    expect(linkedDefects(links).map((d) => [d.key, d.id, d.status, d.open])).toEqual([
      ['OPS-1', '10060', 'In Progress', true],
      ['OPS-2', '10061', 'Done', false],
    ]);
    expect(linkedDefects(undefined)).toEqual([]);
  });
});
