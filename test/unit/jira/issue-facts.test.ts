/** The facts the sync reads of an issue, from whatever shape Jira's search answers them in. */
import { factsOf } from '../../../src/jira/issues';

const issue = (fields: Record<string, unknown>) => ({ id: '10000', key: 'SHOP-1', fields });
const bug = (key: string, category: string) => ({ key, fields: { issuetype: { name: 'Bug' }, status: { name: 'x', statusCategory: { key: category } } } });

describe('issue facts', () => {
  it('reads where the issue lives, what it is, who created it, its fix versions and its open defects', () => {
    expect(
      factsOf(
        issue({
          project: { id: '10000', key: 'SHOP' },
          issuetype: { name: 'Story' },
          creator: { accountId: 'a-1' },
          fixVersions: [{ name: '3.1' }, { name: '3.2' }],
          issuelinks: [{ inwardIssue: bug('SHOP-40', 'new') }, { outwardIssue: bug('SHOP-41', 'done') }],
        }) as never,
      ),
    ).toEqual({ id: '10000', key: 'SHOP-1', projectId: '10000', projectKey: 'SHOP', issueType: 'Story', creatorAccountId: 'a-1', fixVersions: ['3.1', '3.2'], openDefects: ['SHOP-40'] });
  });

  it('keeps the other facts when the fix versions or the links come in a shape it cannot read', () => {
    expect(factsOf(issue({ project: { id: '10000', key: 'SHOP' }, issuetype: { name: 'Story' }, fixVersions: 'v3.2', issuelinks: { broken: true } }) as never)).toEqual({
      id: '10000',
      key: 'SHOP-1',
      projectId: '10000',
      projectKey: 'SHOP',
      issueType: 'Story',
    });
    expect(factsOf(issue({ project: { id: '10000', key: 'SHOP' }, fixVersions: [{ id: '1' }] }) as never)).toMatchObject({ projectKey: 'SHOP' });
  });
});
