/**
 * What the engine needs of the world outside the app's storage: Jira, the queue it runs on, and the time an
 * invocation has left. Forge adapters are in forge-ports.ts; tests pass in-memory ones, so every failure path
 * of the engine is a fast unit test. (Storage is reached through the port in src/platform/kv.ts.)
 */
import type { ConnectionRecord, ConnectionSecret } from '../config/connections';
import type { Connector, FetchLike, RunCache } from '../connectors/types';
import type { BulkCreateResult, DefectState, FoundIssue, IssueFacts, IssueInput } from '../jira/issues';
import type { LinkType } from '../jira/links';
import type { SyncEvent } from './queue';

export interface JiraPort {
  /** The account the app acts as: the creator of the issues it creates. */
  appAccountId(): Promise<string>;
  testLinkType(): Promise<LinkType>;
  /** Up to 50 issues; per-element failures are answered, a failed request throws. */
  bulkCreate(issues: IssueInput[]): Promise<BulkCreateResult>;
  editIssue(issueId: string, fields: Record<string, unknown>): Promise<void>;
  addLabel(issueId: string, label: string): Promise<void>;
  setProperty(issueIdOrKey: string, key: string, value: unknown): Promise<void>;
  /** One property on many issues (by id), in bulk; issues that no longer exist are ignored by Jira. */
  setProperties(key: string, entries: { issueId: string; value: unknown }[]): Promise<void>;
  upsertRemoteLink(issueId: string, globalId: string, url: string, title: string): Promise<void>;
  linkTestToRequirement(type: LinkType, testKey: string, requirementKey: string): Promise<void>;
  unlinkTestFromRequirement(type: LinkType, testKey: string, requirementKey: string): Promise<boolean>;
  /** Issues whose indexed property names these source keys (search: lags behind writes). */
  findBySourceKeys(sourceKeys: string[]): Promise<Map<string, FoundIssue[]>>;
  /** Which issues (by id) exist, read directly: a deletion shows at once. */
  existingIssueIds(issueIds: string[]): Promise<Set<string>>;
  /** Which keys are issues the app can see (search: lags behind writes). */
  existingIssueKeys(keys: string[]): Promise<Set<string>>;
  issueFacts(keys: string[]): Promise<Map<string, IssueFacts>>;
  /** Keys of the issues carrying the app's coverage property updated in the last `minutes` (search: lags). */
  coveredIssuesUpdatedWithin(minutes: number): Promise<string[]>;
  /** What Jira says of defects by key or id (those it does not know are left out): one search per 100. */
  defectStates(refs: string[]): Promise<Map<string, DefectState>>;
}

export interface QueuePort {
  push(event: SyncEvent, delayInSeconds?: number): Promise<void>;
}

export interface EngineDeps {
  /** Milliseconds left in this invocation. */
  remainingMs: () => number;
  /** The invocation's whole budget, so the engine stops at 80 % of it whatever its length. */
  budgetMs?: number;
  now?: () => Date;
  fetch?: FetchLike;
  jira?: JiraPort;
  queue?: QueuePort;
  /** Builds the tool connector (default: the registry's, over `fetch`). */
  connector?: (connection: ConnectionRecord, secret: ConnectionSecret, options: { runCache: RunCache }) => Connector;
  /** The clock and sleep the storage pacer waits with (default: the wall clock and a timer). */
  storageClock?: { now: () => number; sleep: (ms: number) => Promise<void> };
}
