/**
 * What the viewing user may see, asked of Jira in bulk (up to 1,000 issues a request), never one call per issue.
 */
import { route } from '@forge/api';
import { z } from 'zod';
import { jira } from './client';

const Grants = z.object({
  projectPermissions: z.array(z.object({ permission: z.string(), issues: z.array(z.union([z.number(), z.string()])).default([]) })).default([]),
});

const MAX_ISSUES = 1000;

/** The ids among these issues that the calling user may browse. */
export async function browsableIssueIds(issueIds: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  const ids = [...new Set(issueIds)].filter((id) => /^\d+$/.test(id));
  for (let i = 0; i < ids.length; i += MAX_ISSUES) {
    const chunk = ids.slice(i, i + MAX_ISSUES);
    const answer = Grants.parse(
      await jira(route`/rest/api/3/permissions/check`, {
        method: 'POST',
        as: 'user',
        body: { projectPermissions: [{ permissions: ['BROWSE_PROJECTS'], issues: chunk.map(Number) }] },
      }),
    );
    for (const grant of answer.projectPermissions) if (grant.permission === 'BROWSE_PROJECTS') for (const id of grant.issues) out.add(String(id));
  }
  return out;
}
