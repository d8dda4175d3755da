/** The panel resolver's bug functions (types only from the contract: no schema reaches the bundle). */
import type { RetryBugPushAnswer } from '../../../../src/resolvers/bug-push-contract';
import type { BugDraft, RecordBugAnswer } from '../../../../src/resolvers/contract';
import { call } from '../../../shared/bridge';

export interface BugTarget {
  /** The test, when it is not the panel's own issue (a row of a story's list). */
  testIssueKey?: string;
  /** The failed run; the test's latest failed run when absent. */
  runId?: string;
}

export const bugApi = {
  draft: (target: BugTarget) => call<BugDraft>('bugDraft', { ...target }),
  record: (bugIssueId: string, target: BugTarget) => call<RecordBugAnswer>('recordBug', { bugIssueId, ...target }),
  /** Writes a recorded bug of the test to its run in the tool again. */
  retryPush: (bugIssueId: string, testIssueKey?: string) => call<RetryBugPushAnswer>('retryBugPush', { bugIssueId, ...(testIssueKey ? { testIssueKey } : {}) }),
};

/** The project key of an issue key (`SHOP-12` → `SHOP`). */
export const projectKeyOf = (issueKey: string) => issueKey.slice(0, issueKey.lastIndexOf('-'));
