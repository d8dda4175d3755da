/**
 * Jira issues: projects, bulk create, edit, and finding the issues the app created by their source key.
 */
import { route } from '@forge/api';
import { z } from 'zod';
import { jira, JiraError, jiraErrorText } from './client';
import { COVERAGE_PROPERTY, TEST_PROPERTY } from './properties';
import { defectFacts, openDefectKeys } from './defects';

const ProjectPage = z.object({
  values: z.array(
    z.object({
      id: z.string(),
      key: z.string(),
      name: z.string(),
      issueTypes: z.array(z.object({ id: z.string(), name: z.string(), subtask: z.boolean().optional() })).optional(),
    }),
  ),
  isLast: z.boolean().optional(),
  total: z.number().optional(),
});

export interface JiraProject {
  id: string;
  key: string;
  name: string;
  issueTypes: string[];
}

/** Every project the app can see, with its (non-subtask) issue types. */
export async function listProjects(): Promise<JiraProject[]> {
  const out: JiraProject[] = [];
  for (let startAt = 0; ; ) {
    const page = ProjectPage.parse(
      await jira(route`/rest/api/3/project/search?expand=issueTypes&startAt=${startAt}&maxResults=50`),
    );
    for (const p of page.values) {
      out.push({
        id: p.id,
        key: p.key,
        name: p.name,
        issueTypes: (p.issueTypes ?? []).filter((t) => !t.subtask).map((t) => t.name),
      });
    }
    startAt += page.values.length;
    if (page.isLast !== false || page.values.length === 0) return out;
  }
}

export interface IssueInput {
  fields: Record<string, unknown>;
  properties?: { key: string; value: unknown }[];
}

const BulkCreateAnswer = z.object({
  issues: z.array(z.object({ id: z.string(), key: z.string() })),
  errors: z
    .array(
      z.object({
        status: z.number().optional(),
        failedElementNumber: z.number(),
        elementErrors: z.unknown(),
      }),
    )
    .default([]),
});

export interface BulkCreateResult {
  /** Index in the input → the created issue. */
  created: Map<number, { id: string; key: string }>;
  /** Index in the input → Jira's reason. */
  failed: Map<number, string>;
}

/** Creates up to 50 issues in one request; Jira reports a failure per element without failing the rest. */
export async function bulkCreate(issues: IssueInput[]): Promise<BulkCreateResult> {
  if (issues.length > 50) throw new Error('Jira creates at most 50 issues per bulk request');
  const result: BulkCreateResult = { created: new Map(), failed: new Map() };
  let answer: z.infer<typeof BulkCreateAnswer>;
  try {
    answer = BulkCreateAnswer.parse(
      await jira(route`/rest/api/3/issue/bulk`, { method: 'POST', body: { issueUpdates: issues } }),
    );
  } catch (e) {
    // Jira answers 400 when every element failed, with the per-element errors in the body.
    if (e instanceof JiraError && e.status === 400) {
      const parsed = BulkCreateAnswer.safeParse({ issues: [], ...(e.body as object) });
      if (parsed.success && parsed.data.errors.length > 0) answer = parsed.data;
      else throw e;
    } else throw e;
  }
  const failedIdx = new Set(answer.errors.map((err) => err.failedElementNumber));
  for (const err of answer.errors) result.failed.set(err.failedElementNumber, jiraErrorText(err.elementErrors) || 'rejected by Jira');
  // Jira lists the created issues in input order, skipping failed elements.
  let next = 0;
  for (const issue of answer.issues) {
    while (failedIdx.has(next)) next++;
    result.created.set(next, issue);
    next++;
  }
  return result;
}

/** Adds a label without touching the others. */
export async function addLabel(issueId: string, label: string): Promise<void> {
  await jira(route`/rest/api/3/issue/${issueId}?notifyUsers=false`, { method: 'PUT', body: { update: { labels: [{ add: label }] } } });
}

export async function editIssue(issueId: string, fields: Record<string, unknown>): Promise<void> {
  await jira(route`/rest/api/3/issue/${issueId}?notifyUsers=false`, { method: 'PUT', body: { fields } });
}

const SearchAnswer = z.object({
  issues: z.array(
    z.object({
      id: z.string(),
      key: z.string(),
      properties: z.record(z.string(), z.unknown()).optional(),
      fields: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  nextPageToken: z.string().optional().nullable(),
  isLast: z.boolean().optional(),
});
export type SearchIssue = z.infer<typeof SearchAnswer>['issues'][number];

/** Runs a JQL search to its last page. */
export async function searchAll(
  jql: string,
  opts: { fields?: string[]; properties?: string[]; maxResults?: number; as?: 'app' | 'user'; limit?: number } = {},
): Promise<SearchIssue[]> {
  const out: SearchIssue[] = [];
  let nextPageToken: string | undefined;
  do {
    const page = SearchAnswer.parse(
      await jira(route`/rest/api/3/search/jql`, {
        method: 'POST',
        as: opts.as ?? 'app',
        body: {
          jql,
          fields: opts.fields ?? ['summary'],
          ...(opts.properties ? { properties: opts.properties } : {}),
          maxResults: opts.maxResults ?? 100,
          ...(nextPageToken ? { nextPageToken } : {}),
        },
      }),
    );
    out.push(...page.issues);
    nextPageToken = page.nextPageToken ?? undefined;
  } while (nextPageToken && out.length < (opts.limit ?? Infinity));
  return out;
}

function jqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const IssueLinks = z.array(
  z.object({ inwardIssue: z.object({ key: z.string() }).optional(), outwardIssue: z.object({ key: z.string() }).optional() }),
);

/** What the sync checks of an issue before it writes to it: where it lives, what it is, who created it. */
const IssueFactsFields = z.object({
  project: z.object({ id: z.string(), key: z.string() }).optional(),
  issuetype: z.object({ name: z.string() }).optional(),
  creator: z.object({ accountId: z.string() }).nullable().optional(),
  // Read for readiness only: a shape the app cannot read counts as no fix version, never as no facts at all.
  fixVersions: z.array(z.object({ name: z.string() })).nullable().optional().catch(undefined),
  issuelinks: z.unknown().optional(),
});

export interface IssueFacts {
  id: string;
  key: string;
  projectId?: string;
  projectKey?: string;
  issueType?: string;
  creatorAccountId?: string;
  /** The issue's fix versions by name (a requirement's readiness is counted in these). */
  fixVersions?: string[];
  /** Keys of the open defects linked to it (they block its readiness). */
  openDefects?: string[];
}

/** What the sync checks of an issue, from a search answer (exported for its tests). */
export function factsOf(issue: SearchIssue): IssueFacts {
  const f = IssueFactsFields.safeParse(issue.fields ?? {});
  const d = f.success ? f.data : {};
  const openDefects = openDefectKeys(d.issuelinks);
  return {
    id: issue.id,
    key: issue.key,
    ...(d.project ? { projectId: d.project.id, projectKey: d.project.key } : {}),
    ...(d.issuetype ? { issueType: d.issuetype.name } : {}),
    ...(d.creator?.accountId ? { creatorAccountId: d.creator.accountId } : {}),
    ...(d.fixVersions && d.fixVersions.length > 0 ? { fixVersions: d.fixVersions.map((v) => v.name) } : {}),
    ...(openDefects.length > 0 ? { openDefects } : {}),
  };
}

const FACT_FIELDS = ['project', 'issuetype', 'creator', 'fixVersions', 'issuelinks'];

export interface FoundIssue extends IssueFacts {
  /** Keys of every issue linked to it, either direction. */
  linkedKeys: string[];
  /** The app's property as stored on the issue: user input, checked before it is believed. */
  property: unknown;
}

/** The issues that carry these source keys in their indexed entity property (anyone may have written it). */
export async function findBySourceKeys(sourceKeys: string[]): Promise<Map<string, FoundIssue[]>> {
  const found = new Map<string, FoundIssue[]>();
  for (let i = 0; i < sourceKeys.length; i += 50) {
    const chunk = sourceKeys.slice(i, i + 50);
    const jql = `issue.property[${TEST_PROPERTY}].sourceKey in (${chunk.map(jqlString).join(', ')})`;
    for (const issue of await searchAll(jql, { fields: FACT_FIELDS, properties: [TEST_PROPERTY] })) {
      const prop = issue.properties?.[TEST_PROPERTY] as { sourceKey?: unknown } | undefined;
      if (typeof prop?.sourceKey !== 'string') continue;
      const links = IssueLinks.safeParse(issue.fields?.issuelinks ?? []);
      const linkedKeys = links.success ? links.data.flatMap((l) => [l.inwardIssue?.key, l.outwardIssue?.key]).filter((k): k is string => !!k) : [];
      const list = found.get(prop.sourceKey) ?? [];
      list.push({ ...factsOf(issue), linkedKeys, property: prop });
      found.set(prop.sourceKey, list);
    }
  }
  return found;
}

/** Requirements the app wrote coverage on that were updated in the last `minutes` (search: lags behind edits), at most 5,000. */
export async function coveredIssuesUpdatedWithin(minutes: number): Promise<string[]> {
  const jql = `issue.property[${COVERAGE_PROPERTY}].total >= 0 AND updated >= "-${Math.max(1, Math.ceil(minutes))}m" ORDER BY updated DESC`;
  return (await searchAll(jql, { fields: ['summary'], limit: 5_000 })).map((i) => i.key);
}

/** Project, type and creator of these issues (by key), for those that exist and the app can see. */
export async function issueFacts(keys: string[]): Promise<Map<string, IssueFacts>> {
  const out = new Map<string, IssueFacts>();
  const valid = keys.filter((k) => /^[A-Z][A-Z0-9_]*-\d+$/.test(k));
  for (let i = 0; i < valid.length; i += 100) {
    const chunk = valid.slice(i, i + 100);
    for (const issue of await searchAll(`key in (${chunk.join(', ')})`, { fields: FACT_FIELDS })) out.set(issue.key, factsOf(issue));
  }
  return out;
}

const BulkFetchAnswer = z.object({ issues: z.array(z.object({ id: z.string() })).default([]) });

/**
 * Which of these issues (by id) exist and the app can see, read directly (not through the search index, so a
 * deletion shows at once): `POST /rest/api/3/issue/bulkfetch`, 100 a request.
 */
export async function existingIssueIds(issueIds: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < issueIds.length; i += 100) {
    const chunk = issueIds.slice(i, i + 100);
    const answer = BulkFetchAnswer.parse(await jira(route`/rest/api/3/issue/bulkfetch`, { method: 'POST', body: { issueIdsOrKeys: chunk, fields: ['summary'] } }));
    for (const issue of answer.issues) out.add(issue.id);
  }
  return out;
}

const Myself = z.object({ accountId: z.string() });

/** The account the app acts as in Jira (the creator of every issue it creates). */
export async function appAccountId(): Promise<string> {
  return Myself.parse(await jira(route`/rest/api/3/myself`)).accountId;
}

/**
 * Which of these keys exist as issues the app can see (requirement keys coming from a tool may be stale);
 * as the user, which ones the user may browse.
 */
export async function existingIssueKeys(keys: string[], as: 'app' | 'user' = 'app'): Promise<Set<string>> {
  const existing = new Set<string>();
  const valid = keys.filter((k) => /^[A-Z][A-Z0-9_]*-\d+$/.test(k));
  for (let i = 0; i < valid.length; i += 100) {
    const chunk = valid.slice(i, i + 100);
    try {
      for (const issue of await searchAll(`key in (${chunk.join(', ')})`, { fields: ['summary'], as })) existing.add(issue.key);
    } catch (e) {
      // JQL `key in (...)` fails as a whole when one key's project does not exist; check one by one then.
      if (!(e instanceof JiraError && e.status === 400)) throw e;
      for (const key of chunk) {
        try {
          if ((await searchAll(`key = ${key}`, { fields: ['summary'], as })).length > 0) existing.add(key);
        } catch (inner) {
          if (!(inner instanceof JiraError && inner.status === 400)) throw inner;
        }
      }
    }
  }
  return existing;
}

/** What the sync needs to know of a defect a tool links to a run: the issue's key now, and whether it is an open defect. */
export interface DefectState {
  id: string;
  key: string;
  /** Of the defect type and not done (src/jira/defects.ts). */
  open: boolean;
}

/**
 * Whether each of these issues (keys, or issue ids as Xray names them) is an open defect, as Jira holds it now: read
 * directly with the bulk fetch the panel and the traceability page use (`defectFacts`, 100 a request), not through
 * the search index, so a defect created or done a moment ago counts as it is and the three agree. A reference Jira
 * does not answer (a deleted issue, another site's key) is not in the map. Rate limits and other failures are the
 * caller's (thrown).
 */
export async function defectStates(refs: string[]): Promise<Map<string, DefectState>> {
  const facts = await defectFacts(refs, 'app');
  return new Map([...facts].map(([ref, f]) => [ref, { id: f.id, key: f.key, open: f.defect && f.open }]));
}
