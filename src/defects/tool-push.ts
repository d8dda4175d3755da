/**
 * A bug created from a failed run, written back to the run in its tool (qTest's test log, Xray's Test Run, QMetry's
 * test case run) through the tool's own API, when the test's connection has "Write defects to <tool>" on. It runs
 * after the bug was created, linked and recorded in Jira, and never undoes any of that: it answers
 *
 * - `pushed`: the tool holds the bug as the run's defect;
 * - `not-enabled`: the connection does not write defects (the setting is off, the connection is gone, disconnected or
 *   disabled), and why;
 * - `failed`: the tool, or the app, refused, with the cause in words, fit to show as "not written to qTest: <cause>".
 *
 * Pushed and failed attempts are recorded per connection, bug and run (`bugpush:<connection>:<bug id>:<run>`), so the
 * panel can say what happened and a later call retries a failed one; a pushed one is not written again. Nothing
 * recorded holds a secret: causes come from ConnectorErrors, whose messages are redacted.
 */
import { fetch as forgeFetch } from '@forge/api';
import { z } from 'zod';
import { getConnection, getSecret, type ConnectionRecord } from '../config/connections';
import { storedRequestBudgets } from '../config/request-budgets';
import { createConnector } from '../connectors/registry';
import { ConnectorError, type FetchLike, type ToolConnector } from '../connectors/types';
import { TOOL_LABELS, TOOLS, type Tool } from '../domain/model';
import { kv } from '../platform/kv';
import { log } from '../platform/log';
import { safeKeyPart } from '../sync/keys';
import { within } from './within';

export const TOOL_PUSH_STATES = ['pushed', 'not-enabled', 'failed'] as const;
export type ToolPushState = (typeof TOOL_PUSH_STATES)[number];

/** What writing a bug back to its tool came to. */
export const ToolPush = z.object({
  v: z.literal(1),
  state: z.enum(TOOL_PUSH_STATES),
  tool: z.enum(TOOLS),
  connectionId: z.string().max(200),
  bugKey: z.string().max(100),
  bugIssueId: z.string().max(30),
  runId: z.string().max(200).optional(),
  /** Where the tool holds it now (`test log 5012`), once pushed. */
  linkedTo: z.string().max(200).optional(),
  /** Why it was not written (failed, not enabled), in words. */
  cause: z.string().max(1000).optional(),
  /** What the admin or the user can do about it. */
  fix: z.string().max(500).optional(),
  /** Attempts made so far (a retry counts one more). */
  attempts: z.number().int().min(0),
  at: z.iso.datetime(),
});
export type ToolPush = z.infer<typeof ToolPush>;

/** The bug as Jira has it. */
export interface BugRef {
  key: string;
  id: string;
  url?: string;
}

/**
 * How long the tool may take to answer a push: it runs inside the panel's resolver (25 s on Forge), after the bug was
 * created and linked, so a slow tool is reported (and retried later) instead of failing the whole call.
 */
export const PUSH_TIMEOUT_MS = 10_000;

export interface PushOptions {
  /** How the tool is reached (Forge's fetch on the platform). */
  fetch?: FetchLike;
  /** PUSH_TIMEOUT_MS unless set. */
  timeoutMs?: number;
  now?: () => Date;
  /** Builds the connector (the registry's by default). */
  connector?: (connection: ConnectionRecord, secret: { apiToken: string }, fetch: FetchLike) => ToolConnector;
}

/** `<tool>:<connection id>:<project id>:<test case id>` (domain/model.ts sourceKeyOf) → its parts. */
export function parseSourceKey(sourceKey: string): { tool: Tool; connectionId: string; projectId: string; testCaseId: string } | undefined {
  const [tool, connectionId, projectId, ...rest] = sourceKey.split(':');
  const testCaseId = rest.join(':');
  if (!TOOLS.includes(tool as Tool) || !connectionId || !projectId || !testCaseId) return undefined;
  return { tool: tool as Tool, connectionId, projectId, testCaseId };
}

const pushKey = (connectionId: string, bugIssueId: string, runId: string | undefined) =>
  `bugpush:${safeKeyPart(connectionId)}:${safeKeyPart(bugIssueId)}:${safeKeyPart(runId ?? '-')}`.slice(0, 480);

/** The recorded push of a bug to a run, if any (an unreadable record counts as none: the next push writes it again). */
export async function toolPushOf(connectionId: string, bugIssueId: string, runId: string | undefined): Promise<ToolPush | undefined> {
  const parsed = ToolPush.safeParse(await kv().get(pushKey(connectionId, bugIssueId, runId)));
  return parsed.success ? parsed.data : undefined;
}

/** The recorded pushes of several bugs at once (batched reads), in the order asked; none where there is no record. */
export async function toolPushesOf(refs: { connectionId: string; bugIssueId: string; runId?: string }[]): Promise<(ToolPush | undefined)[]> {
  if (refs.length === 0) return [];
  const keys = refs.map((r) => pushKey(r.connectionId, r.bugIssueId, r.runId));
  const found = await kv().getMany([...new Set(keys)]);
  return keys.map((key) => {
    const parsed = ToolPush.safeParse(found.get(key));
    return parsed.success ? parsed.data : undefined;
  });
}

/** Why a connection does not write defects now, or undefined when it does. */
function notWriting(connection: ConnectionRecord | undefined, tool: Tool): string | undefined {
  const label = TOOL_LABELS[tool];
  if (!connection) return `the ${label} connection of this test no longer exists`;
  if (!connection.settings.writeDefects) return `"Write defects to ${label}" is off for the connection ${connection.name}`;
  if (!connection.connected) return `the connection ${connection.name} is disconnected`;
  if (!connection.enabled) return `the connection ${connection.name} is disabled`;
  return undefined;
}

/** What to do about a cause, by its kind. */
function fixFor(e: ConnectorError, label: string): string {
  switch (e.code) {
    case 'MISSING_PERMISSION':
      return `Ask a Jira admin to give the ${label} connection's user the right to edit runs in ${label}, then retry.`;
    case 'INVALID_CREDENTIALS':
    case 'TOKEN_EXPIRED':
      return `Ask a Jira admin to enter the ${label} credential again (Jira settings → Apps → TestSync), then retry.`;
    case 'RATE_LIMITED':
    case 'NETWORK':
      return 'Retry in a few minutes.';
    default:
      return 'Retry; if it fails again, link the bug in the tool by hand.';
  }
}

/**
 * Writes the bug to the run it was created from, in the test's tool, when the connection writes defects. Never throws:
 * every outcome is answered (and recorded unless not enabled). Calling it again retries a failed push; a pushed one
 * answers its record without writing again.
 */
export async function pushDefectToTool(sourceKey: string, runId: string | undefined, bug: BugRef, opts: PushOptions = {}): Promise<ToolPush> {
  const now = opts.now ?? (() => new Date());
  const source = parseSourceKey(sourceKey);
  const base = { v: 1 as const, bugKey: bug.key, bugIssueId: bug.id, ...(runId ? { runId } : {}) };
  if (!source) {
    log.warn('defect-push-unreadable-source', { bug: bug.key });
    return { ...base, state: 'failed', tool: 'qtest', connectionId: '', cause: 'the test names no tool record the app can read', attempts: 0, at: now().toISOString() };
  }
  const { tool, connectionId } = source;
  const label = TOOL_LABELS[tool];
  const answer = { ...base, tool, connectionId };
  try {
    const connection = await getConnection(connectionId);
    const off = notWriting(connection, tool);
    if (off) return { ...answer, state: 'not-enabled', cause: off, attempts: 0, at: now().toISOString() };
    const before = await toolPushOf(connectionId, bug.id, runId);
    if (before?.state === 'pushed') return before;
    const attempts = (before?.attempts ?? 0) + 1;
    const record = async (outcome: Omit<ToolPush, keyof typeof answer | 'v' | 'attempts' | 'at'>): Promise<ToolPush> => {
      const value = ToolPush.parse({ ...answer, ...outcome, attempts, at: now().toISOString() });
      await kv().set(pushKey(connectionId, bug.id, runId), value);
      return value;
    };
    if (!runId) return record({ state: 'failed', cause: `the bug names no run of the test, so there is no ${label} run to write it to`, fix: 'Create the bug from a failed run.' });
    const secret = await getSecret(connectionId);
    if (!secret) return record({ state: 'failed', cause: `no ${label} credential is stored for ${connection!.name}`, fix: `Ask a Jira admin to enter the ${label} credential again, then retry.` });
    const build = opts.connector ?? ((c, s, f) => createConnector(c, s, f, { budgetStore: storedRequestBudgets }));
    const connector = build(connection!, secret, opts.fetch ?? (forgeFetch as unknown as FetchLike));
    try {
      // A link still under way when the time is up may land later; retrying it links nothing twice.
      const linked = await within(connector.linkDefect({ projectId: source.projectId, runId, testCaseId: source.testCaseId }, bug), opts.timeoutMs ?? PUSH_TIMEOUT_MS, label);
      return await record({ state: 'pushed', linkedTo: linked.linkedTo });
    } catch (e) {
      if (!(e instanceof ConnectorError)) throw e;
      return await record({ state: 'failed', cause: e.message.slice(0, 1000), fix: fixFor(e, label) });
    }
  } catch (e) {
    // Storage or the app itself failed: said, never thrown at the bug's creator.
    log.warn('defect-push-failed', { connection: connectionId, bug: bug.key }, e);
    return { ...answer, state: 'failed', cause: `the app could not write it now (${e instanceof Error ? e.message.slice(0, 200) : String(e)})`, fix: 'Retry in a few minutes.', attempts: 0, at: now().toISOString() };
  }
}
