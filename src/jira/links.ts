/**
 * Issue links (test → requirement) and remote links (issue → the test in its tool).
 */
import { route } from '@forge/api';
import { z } from 'zod';
import { jira } from './client';

const LinkTypes = z.object({
  issueLinkTypes: z.array(z.object({ id: z.string(), name: z.string(), inward: z.string(), outward: z.string() })),
});

export interface LinkType {
  name: string;
  /** Whether the test goes on the outward side ("tests") of this type. */
  testIsOutward: boolean;
}

/** The link type to use: Xray's "Test" (tests / is tested by) when the site has it, else "Relates". */
export async function pickTestLinkType(): Promise<LinkType> {
  const { issueLinkTypes } = LinkTypes.parse(await jira(route`/rest/api/3/issueLinkType`));
  const tests = issueLinkTypes.find((t) => t.outward.toLowerCase() === 'tests');
  if (tests) return { name: tests.name, testIsOutward: true };
  const relates = issueLinkTypes.find((t) => t.name.toLowerCase() === 'relates');
  if (relates) return { name: relates.name, testIsOutward: true };
  throw new Error('This Jira site has neither a "Test" nor a "Relates" issue link type');
}

export async function linkTestToRequirement(type: LinkType, testKey: string, requirementKey: string): Promise<void> {
  // Jira's REST API reads a link as "<inwardIssue> <outward description> <outwardIssue>": for
  // { inwardIssue: TEST-1, outwardIssue: SHOP-3 } the test shows "tests SHOP-3", the story "is tested by TEST-1".
  const [inward, outward] = type.testIsOutward ? [testKey, requirementKey] : [requirementKey, testKey];
  await jira(route`/rest/api/3/issueLink`, {
    method: 'POST',
    body: { type: { name: type.name }, inwardIssue: { key: inward }, outwardIssue: { key: outward } },
  });
}

/** Adds or updates (same globalId) the link from an issue back to the test in its tool. */
export async function upsertRemoteLink(issueId: string, globalId: string, url: string, title: string): Promise<void> {
  await jira(route`/rest/api/3/issue/${issueId}/remotelink`, {
    method: 'POST',
    body: { globalId, object: { url, title } },
  });
}

const IssueLinksAnswer = z.object({
  fields: z
    .object({
      issuelinks: z
        .array(
          z.object({
            id: z.string(),
            type: z.object({ name: z.string() }),
            inwardIssue: z.object({ key: z.string() }).optional(),
            outwardIssue: z.object({ key: z.string() }).optional(),
          }),
        )
        .default([]),
    })
    .default({ issuelinks: [] }),
});

/** Removes the link of this type between a test and a requirement, if there is one. Answers whether one was. */
export async function unlinkTestFromRequirement(type: LinkType, testKey: string, requirementKey: string): Promise<boolean> {
  const answer = IssueLinksAnswer.parse(await jira(route`/rest/api/3/issue/${testKey}?fields=issuelinks`));
  // Seen from the test, a link it is the inward side of shows the requirement as `outwardIssue`.
  const link = answer.fields.issuelinks.find(
    (l) => l.type.name === type.name && (type.testIsOutward ? l.outwardIssue?.key : l.inwardIssue?.key) === requirementKey,
  );
  if (!link) return false;
  await jira(route`/rest/api/3/issueLink/${link.id}`, { method: 'DELETE' });
  return true;
}
