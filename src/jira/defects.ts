/**
 * A requirement's open defects, from its issue links as Jira answers them in the `issuelinks` field (no request of
 * its own): linked issues of the Bug type whose status is not in the "done" category. Read defensively: a link
 * Jira answers in another shape is not a defect, never a failure.
 */
import { z } from 'zod';

/** The issue type whose linked issues count as a requirement's defects. */
export const DEFECT_TYPE = 'Bug';

/** Whether an issue type is the defect type (names compared as Jira users write them, case aside). */
export const isDefectType = (name: string | undefined): boolean => name?.toLowerCase() === DEFECT_TYPE.toLowerCase();

/** A defect is open until its status is in Jira's "done" category (an unknown category counts as open). */
export const isOpenStatus = (statusCategoryKey: string | undefined): boolean => statusCategoryKey !== 'done';

const LinkedIssue = z.object({
  key: z.string(),
  fields: z
    .object({
      issuetype: z.object({ name: z.string() }).nullish(),
      status: z.object({ statusCategory: z.object({ key: z.string() }).nullish() }).nullish(),
    })
    .nullish(),
});
const Link = z.object({ inwardIssue: LinkedIssue.optional().catch(undefined), outwardIssue: LinkedIssue.optional().catch(undefined) });

/** Keys of the open defects among an issue's links (each once). */
export function openDefectKeys(issuelinks: unknown): string[] {
  if (!Array.isArray(issuelinks)) return [];
  const out = new Set<string>();
  for (const raw of issuelinks) {
    const link = Link.safeParse(raw);
    if (!link.success) continue;
    for (const other of [link.data.inwardIssue, link.data.outwardIssue]) {
      if (other && isDefectType(other.fields?.issuetype?.name) && isOpenStatus(other.fields?.status?.statusCategory?.key)) out.add(other.key);
    }
  }
  return [...out].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
