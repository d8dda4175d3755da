/**
 * What a requirement's defects are, one rule for the panel, the traceability page, the gadget and the coverage
 * property: issues of the Bug type, open while their status is not in the "done" category. They come from the
 * requirement's issue links as Jira answers them in the `issuelinks` field (no request of their own), and from the
 * issues the test tools link to the latest runs of its tests (`defectFacts`: read in bulk). Read defensively: a link
 * or an issue Jira answers in another shape is not a defect, never a failure.
 */
import { route } from '@forge/api';
import pLimit from 'p-limit';
import { z } from 'zod';
import { log } from '../platform/log';
import { jira, type Principal } from './client';

/** The issue type whose linked issues count as a requirement's defects. */
export const DEFECT_TYPE = 'Bug';

/** Whether an issue type is the defect type (names compared as Jira users write them, case aside). */
export const isDefectType = (name: string | undefined): boolean => name?.toLowerCase() === DEFECT_TYPE.toLowerCase();

/** A defect is open until its status is in Jira's "done" category (an unknown category counts as open). */
export const isOpenStatus = (statusCategoryKey: string | undefined): boolean => statusCategoryKey !== 'done';

const LinkedIssue = z.object({
  id: z.string().optional(),
  key: z.string(),
  fields: z
    .object({
      summary: z.string().nullish().catch(undefined),
      issuetype: z.object({ name: z.string() }).nullish(),
      status: z.object({ name: z.string().nullish().catch(undefined), statusCategory: z.object({ key: z.string() }).nullish() }).nullish(),
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

/** A defect as Jira answers it: the issue's id and key now, its summary and status, and whether it is an open defect. */
export interface DefectFacts {
  id: string;
  key: string;
  summary: string;
  status: string;
  /** Of the defect type: an issue of another type a tool links to a run is not the requirement's defect. */
  defect: boolean;
  /** Not in Jira's done status category. */
  open: boolean;
}

type LinkedIssue = z.infer<typeof LinkedIssue>;

function factsOf(issue: LinkedIssue & { id: string }): DefectFacts {
  const type = issue.fields?.issuetype?.name ?? undefined;
  const category = issue.fields?.status?.statusCategory?.key;
  return {
    id: issue.id,
    key: issue.key,
    summary: issue.fields?.summary ?? '',
    status: issue.fields?.status?.name ?? '',
    defect: isDefectType(type),
    open: isOpenStatus(category),
  };
}

/** The defects among an issue's links (each once, by key), as its `issuelinks` field names them. */
export function linkedDefects(issuelinks: unknown): DefectFacts[] {
  if (!Array.isArray(issuelinks)) return [];
  const out = new Map<string, DefectFacts>();
  for (const raw of issuelinks) {
    const link = Link.safeParse(raw);
    if (!link.success) continue;
    for (const other of [link.data.inwardIssue, link.data.outwardIssue]) {
      if (other?.id && isDefectType(other.fields?.issuetype?.name ?? undefined)) out.set(other.key, factsOf({ ...other, id: other.id }));
    }
  }
  return [...out.values()].sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));
}

/** Issues read per bulk fetch (Jira's most), and fetches at once. */
const FETCH_BATCH = 100;
const FETCH_CONCURRENCY = 4;

const Fetched = z.object({ issues: z.array(z.unknown()).catch([]) });
const FetchedIssue = LinkedIssue.extend({ id: z.string() });

/**
 * The issues behind these references (issue keys, or issue ids as Xray names them), read directly as `as` (not
 * through the search index): `POST /rest/api/3/issue/bulkfetch`, 100 a request, four at once. A reference Jira does
 * not answer (deleted, another site's key, or one the user may not browse) is not in the map; a key is matched case
 * aside. A failing request fails the read: the caller decides what showing the rest means.
 */
export async function defectFacts(refs: readonly string[], as: Principal = 'app'): Promise<Map<string, DefectFacts>> {
  const wanted = [...new Set(refs.filter((r) => /^(\d+|[A-Za-z][A-Za-z0-9_]*-\d+)$/.test(r)))];
  const batches: string[][] = [];
  for (let i = 0; i < wanted.length; i += FETCH_BATCH) batches.push(wanted.slice(i, i + FETCH_BATCH));
  const limit = pLimit(FETCH_CONCURRENCY);
  const answers = await Promise.all(
    batches.map((chunk) =>
      limit(async () => Fetched.parse(await jira(route`/rest/api/3/issue/bulkfetch`, { method: 'POST', as, body: { issueIdsOrKeys: chunk, fields: ['summary', 'status', 'issuetype'] } }))),
    ),
  );
  const byId = new Map<string, DefectFacts>();
  const byKey = new Map<string, DefectFacts>();
  for (const raw of answers.flatMap((a) => a.issues)) {
    const issue = FetchedIssue.safeParse(raw);
    if (!issue.success) {
      // Counts as an issue Jira did not answer; the log says which field of which issue could not be read.
      const problem = issue.error.issues[0];
      const ref = raw && typeof raw === 'object' ? (raw as { key?: unknown; id?: unknown }) : {};
      log.warn('defect-issue-unreadable', {
        endpoint: 'POST /rest/api/3/issue/bulkfetch',
        issue: typeof ref.key === 'string' ? ref.key : typeof ref.id === 'string' ? ref.id : undefined,
        field: problem?.path.join('.') ?? '',
        problem: problem?.message,
      });
      continue;
    }
    const facts = factsOf(issue.data);
    byId.set(facts.id, facts);
    byKey.set(facts.key.toUpperCase(), facts);
  }
  const out = new Map<string, DefectFacts>();
  for (const ref of wanted) {
    const facts = /^\d+$/.test(ref) ? byId.get(ref) : byKey.get(ref.toUpperCase());
    if (facts) out.set(ref, facts);
  }
  return out;
}
