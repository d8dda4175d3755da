/** Bugs from failed tests: the panel's list, the create dialog's draft, and the link type an admin picks. */
import { z } from 'zod';
import type { Tool } from '../../domain/model';

/** A bug created from a failed test, as the panel lists it: its summary and status as Jira has them now. */
export interface PanelBug {
  issueId: string;
  key: string;
  summary: string;
  status: string;
  /** Jira's status category key (`new`, `indeterminate`, `done`): the lozenge's tone. */
  statusCategory?: string;
  /** The test it was created from. */
  testIssueKey: string;
  createdAt: string;
}

/** Bugs at most listed on a panel (a test keeps at most BUGS_PER_TEST records; see src/defects/records.ts). */
export const PANEL_BUGS_MAX = 50;

export interface PanelBugs {
  /** Newest first: the test's bugs, or on a story the bugs of the tests the viewer may see. */
  items: PanelBug[];
  /**
   * Projects (keys) of the shown tests in which the viewer may create and link issues: "Create bug" shows on a failed
   * test of these projects only.
   */
  createIn: string[];
  /** Set when the bugs could not be read now: why (the tests are shown all the same). */
  problem?: string;
}

const issueKeyInput = z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/, 'must be an issue key such as SHOP-12');
/** The id of a run in the test's history (`<run>` or `<run>:<execution>`). */
const runIdInput = z.string().trim().min(1).max(200);

/** `bugDraft`: what Jira's create dialog opens with, for a failed run of a test (the panel's issue, or a story's test). */
export const BugDraftInput = z.object({ testIssueKey: issueKeyInput.optional(), runId: runIdInput.optional() });

/** `recordBug`: the issue Jira's create dialog answered, to link to the test and its requirements and record. */
export const RecordBugInput = z.object({
  bugIssueId: z.string().regex(/^\d{1,18}$/, 'must be the id of the created issue'),
  testIssueKey: issueKeyInput.optional(),
  runId: runIdInput.optional(),
});

/** What `CreateIssueModal` of @forge/jira-bridge is opened with: the test's project's Bug type, a summary and an ADF description. */
export interface BugDraft {
  context: { projectId: string; issueTypeId: string; summary: string; description: unknown };
  projectKey: string;
  issueTypeName: string;
  /** The run it describes, when the test ran. */
  runId?: string;
  /**
   * Why the failing step is not in the draft although the tool may have one: "The failing step could not be read from
   * qTest: <cause>". Absent when it was read, or the tool has no step results to read.
   */
  stepNote?: string;
}

export interface RecordBugAnswer {
  bug: PanelBug;
  /** Issues the bug is linked to: the test, then the requirements it covers that the user may see. */
  linkedTo: string[];
  /** The bug had been recorded before: nothing new was written. */
  alreadyRecorded: boolean;
  /** The bugs of the panel's issue now (the test's, or the story's). */
  bugs: PanelBug[];
  /**
   * The bug written to its run in the test's tool (src/defects/tool-push.ts): absent when the test's connection does
   * not write defects; `failed` says why, and recording the bug again retries.
   */
  toolPush?: { state: 'pushed' | 'failed'; tool: Tool; linkedTo?: string; cause?: string; fix?: string };
}

// ---- admin page: the link between a bug and its test and requirements ----

export const BUG_SIDES = ['outward', 'inward'] as const;
export type BugSide = (typeof BUG_SIDES)[number];

/** Which issue link type links a bug to its test and requirements, and which of its descriptions the bug takes. */
export const BugLinkSettingInput = z.object({
  linkType: z.string().trim().min(1, 'Link type is required').max(255),
  bugSide: z.enum(BUG_SIDES, { message: 'Bug side must be outward or inward' }),
});
export type BugLinkSetting = z.infer<typeof BugLinkSettingInput>;

export interface BugLinkOption extends BugLinkSetting {
  /** e.g. "Bug blocks the test and its requirements". */
  label: string;
}

export interface BugLinkSettingView {
  current: BugLinkOption;
  /** True while no admin has chosen (the default is used). */
  isDefault: boolean;
  /** Each link type of the site, once per description (a symmetric type once). */
  options: BugLinkOption[];
}
