/**
 * Display names of the admins an audit page names, read from Jira as the app in one request per 20 accounts
 * (`GET /rest/api/3/user/bulk`, scope read:jira-user). An account Jira does not return, or a failed request,
 * leaves the name unknown; the caller shows the account id instead.
 */
import { route } from '@forge/api';
import { z } from 'zod';
import { jira } from '../jira/client';
import { log } from '../platform/log';

const BATCH = 20;

const UserPage = z.object({
  values: z.array(z.object({ accountId: z.string(), displayName: z.string().optional() }).loose()).default([]),
});

export async function displayNames(accountIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(accountIds.filter(Boolean))];
  const names = new Map<string, string>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const params = new URLSearchParams();
    for (const id of batch) params.append('accountId', id);
    params.set('maxResults', String(batch.length));
    try {
      const page = UserPage.parse(await jira(route`/rest/api/3/user/bulk?${params}`, { as: 'app' }));
      for (const user of page.values) if (user.displayName) names.set(user.accountId, user.displayName);
    } catch (e) {
      log.warn('audit-display-names-unavailable', { phase: 'audit', accounts: batch.length }, e);
    }
  }
  return names;
}
