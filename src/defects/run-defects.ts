/**
 * The defects the tools link to a test's runs (ResultEntry.defects: Jira issue keys, or Xray's issue ids), as the
 * viewing user may see them: one bulk read of Jira as the user names each (an id becomes its key) and leaves out the
 * issues they may not browse, those deleted, and keys of projects this site does not have. Read defensively: an answer
 * Jira gives in another shape names nothing, it never fails the panel.
 */
import { route } from '@forge/api';
import { z } from 'zod';
import { jira } from '../jira/client';

/** Defects named at most per panel (one bulkfetch holds 100). */
export const PANEL_DEFECTS_MAX = 100;

const Answer = z.object({ issues: z.array(z.object({ id: z.string(), key: z.string() }).passthrough().catch({ id: '', key: '' })).catch([]) });

/** Each reference (key or id) the user may see → the issue's key now. */
export async function visibleDefects(refs: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(refs)].slice(0, PANEL_DEFECTS_MAX);
  const out = new Map<string, string>();
  if (wanted.length === 0) return out;
  const answer = Answer.parse(await jira(route`/rest/api/3/issue/bulkfetch`, { method: 'POST', as: 'user', body: { issueIdsOrKeys: wanted, fields: ['summary'] } }));
  const byId = new Map(answer.issues.filter((i) => i.id).map((i) => [i.id, i.key]));
  const keys = new Set(answer.issues.filter((i) => i.key).map((i) => i.key.toUpperCase()));
  for (const ref of wanted) {
    const key = /^\d+$/.test(ref) ? byId.get(ref) : keys.has(ref.toUpperCase()) ? ref.toUpperCase() : undefined;
    if (key) out.set(ref, key);
  }
  return out;
}
