/**
 * The look-ups of defects the tools link to runs: the sync asks, as the app, whether each is an open defect; the panel
 * and the page read them as the user with their summary and status. Both read Jira directly (a bulk fetch per 100,
 * keys and Xray's issue ids alike), not its lagging search index.
 */
jest.mock('../../../src/jira/client', () => {
  const actual = jest.requireActual('../../../src/jira/client');
  return { ...actual, jira: jest.fn() };
});
import { jira, JiraError } from '../../../src/jira/client';
import { defectFacts, linkedDefects } from '../../../src/jira/defects';
import { defectStates } from '../../../src/jira/issues';
import { useLogSink } from '../../../src/platform/log';

const mocked = jira as jest.MockedFunction<typeof jira>;
const issue = (id: string, key: string, type: string, category: string, status = 'In Progress') => ({
  id,
  key,
  fields: { summary: `Summary of ${key}`, issuetype: { name: type }, status: { name: status, statusCategory: { key: category } } },
});
const SITE = [issue('10060', 'OPS-1', 'Bug', 'indeterminate'), issue('10061', 'OPS-2', 'Bug', 'done', 'Done'), issue('10062', 'OPS-3', 'Task', 'new', 'To Do')];

/** Jira's bulk fetch: the issues it knows among those asked for (by key or id), the others in `issueErrors`. */
function bulkFetchLikeJira(): string[][] {
  const asked: string[][] = [];
  mocked.mockImplementation(async (_route, opts) => {
    const refs = (opts?.body as { issueIdsOrKeys: string[] }).issueIdsOrKeys;
    asked.push(refs);
    const issues = SITE.filter((i) => refs.includes(i.key) || refs.includes(i.id));
    return { issues, issueErrors: refs.filter((r) => !issues.some((i) => i.key === r || i.id === r)).map((r) => `Issue ${r} does not exist or you do not have permission to see it.`) };
  });
  return asked;
}

afterEach(() => mocked.mockReset());

describe('whether defects are open, for the sync', () => {
  it('reads them directly as the app, keys and ids alike in one bulk fetch, and tells open defects from done ones and other types', async () => {
    const asked = bulkFetchLikeJira();
    const states = await defectStates(['OPS-1', '10061', 'OPS-3', 'OPS-1']);
    expect(asked).toEqual([['OPS-1', '10061', 'OPS-3']]);
    expect(mocked.mock.calls[0][1]).toMatchObject({ method: 'POST', as: 'app', body: { fields: ['summary', 'status', 'issuetype'] } });
    expect(Object.fromEntries(states)).toEqual({
      'OPS-1': { id: '10060', key: 'OPS-1', open: true },
      '10061': { id: '10061', key: 'OPS-2', open: false },
      'OPS-3': { id: '10062', key: 'OPS-3', open: false },
    });
  });

  it('leaves out what Jira does not answer (a deleted issue, another site\'s key, an unknown id) and never asks for what is not a reference', async () => {
    const asked = bulkFetchLikeJira();
    const states = await defectStates(['OPS-1', 'OPS-404', 'GONE-7', '99999', 'not a key', '']);
    expect(asked).toEqual([['OPS-1', 'OPS-404', 'GONE-7', '99999']]);
    expect([...states.keys()]).toEqual(['OPS-1']);
    mocked.mockClear();
    expect(await defectStates(['not a key', ''])).toEqual(new Map());
    expect(mocked).not.toHaveBeenCalled();
  });

  it('counts an issue answered in a shape it cannot read as not answered, and logs which field of which issue', async () => {
    mocked.mockImplementation(async () => ({ issues: [SITE[0], { id: '10061', key: 'OPS-2', fields: { summary: 'x', status: 'Done', issuetype: { name: 'Bug' } } }], issueErrors: [] }));
    const lines: string[] = [];
    const restore = useLogSink((_level, line) => void lines.push(line));
    try {
      expect([...(await defectStates(['OPS-1', 'OPS-2'])).keys()]).toEqual(['OPS-1']);
    } finally {
      restore();
    }
    const warned = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === 'defect-issue-unreadable');
    expect(warned).toEqual([expect.objectContaining({ endpoint: 'POST /rest/api/3/issue/bulkfetch', issue: 'OPS-2', field: 'fields.status' })]);
  });

  it('asks 100 at a time, and leaves a rate limit or another failure to the caller', async () => {
    const asked = bulkFetchLikeJira();
    await defectStates(Array.from({ length: 150 }, (_, i) => String(20000 + i)));
    expect(asked.map((a) => a.length)).toEqual([100, 50]);
    const limited = new JiraError(429, 'Jira answered 429', undefined, 30);
    mocked.mockRejectedValue(limited);
    await expect(defectStates(['OPS-1'])).rejects.toBe(limited);
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
