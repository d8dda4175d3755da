/**
 * The failing step of a failed run, read from the test's tool when a user asks to create a bug from the run. The sync
 * does not keep step results (at 10,000 tests, every run's steps would cost storage the app does not have): they are
 * read here, on demand, with the connection's stored credential, through the connector the registry builds for it (as
 * tool-push.ts does), within STEP_READ_TIMEOUT_MS.
 *
 * Each step's tool status is mapped to the canonical one through the connection's status mapping, as a run's is; the
 * failing step is the first FAIL, else the first BLOCKED. The answer never throws: a connection that cannot be asked,
 * a tool that refuses, answers in a shape the connector cannot read or not in time, gives no step and a short note the
 * panel can show ("The failing step could not be read from qTest: <cause>"), and the bug is drafted without the step.
 * A tool the app cannot read step results of (QMetry documents no call for them) gives no step and no note. Notes hold
 * no secret: causes come from ConnectorErrors, whose messages are redacted.
 */
import { fetch as forgeFetch } from '@forge/api';
import { getConnection, getSecret, type ConnectionRecord } from '../config/connections';
import { storedRequestBudgets } from '../config/request-budgets';
import { statusMappingOf } from '../config/status-mappings';
import { createConnector } from '../connectors/registry';
import { ConnectorError, type FetchLike, type StepResult, type ToolConnector } from '../connectors/types';
import { TOOL_LABELS } from '../domain/model';
import { mapStatus, type StatusMapping } from '../domain/status';
import { log } from '../platform/log';
import { within } from './within';
import type { BugSource } from './prefill';
import { parseSourceKey } from './tool-push';

/**
 * How long the tool may take to answer: the read runs while the user waits for Jira's create dialog to open, so a slow
 * tool costs a few seconds at most and the dialog opens without the step.
 */
export const STEP_READ_TIMEOUT_MS = 4_000;

export type FailedStep = NonNullable<BugSource['failedStep']>;


export interface FailingStepAnswer {
  /** The failing step, when the tool reported one. */
  failedStep?: FailedStep;
  /** Why it could not be read, fit to show as is. */
  note?: string;
}

export interface StepReadOptions {
  /** How the tool is reached (Forge's fetch on the platform). */
  fetch?: FetchLike;
  /** STEP_READ_TIMEOUT_MS unless set. */
  timeoutMs?: number;
  /** Builds the connector (the registry's by default, with the stored request budgets, as tool-push.ts builds it). */
  connector?: (connection: ConnectionRecord, secret: { apiToken: string }, fetch: FetchLike) => ToolConnector;
}

/** The first step whose status maps to FAIL, else the first that maps to BLOCKED. */
export function failingStepOf(steps: readonly StepResult[], mapping: StatusMapping): FailedStep | undefined {
  const mapped = steps.map((s) => ({ s, status: mapStatus(s.status, mapping).status }));
  const hit = mapped.find((m) => m.status === 'FAIL') ?? mapped.find((m) => m.status === 'BLOCKED');
  if (!hit) return undefined;
  return { index: hit.s.index, status: hit.status as FailedStep['status'], ...(hit.s.actual ? { actual: hit.s.actual } : {}) };
}

/** Why a connection is not asked now, or undefined when it is. */
function notAsked(connection: ConnectionRecord | undefined, label: string): string | undefined {
  if (!connection) return `the ${label} connection of this test no longer exists`;
  if (!connection.connected) return `the connection ${connection.name} is disconnected`;
  if (!connection.enabled) return `the connection ${connection.name} is disabled`;
  return undefined;
}

const noteOf = (label: string, cause: string) => `The failing step could not be read from ${label}: ${cause.slice(0, 300)}`;

/**
 * The failing step of the run `runId` of the test `sourceKey` (`<tool>:<connection>:<project>:<test case>`), read from
 * its tool now. Never throws.
 */
export async function readFailingStep(sourceKey: string, runId: string, opts: StepReadOptions = {}): Promise<FailingStepAnswer> {
  const source = parseSourceKey(sourceKey);
  if (!source) return {};
  const { tool, connectionId } = source;
  const label = TOOL_LABELS[tool];
  try {
    const connection = await getConnection(connectionId);
    const off = notAsked(connection, label);
    if (off) return { note: noteOf(label, off) };
    const secret = await getSecret(connectionId);
    if (!secret) return { note: noteOf(label, `no ${label} credential is stored for ${connection!.name}`) };
    const build = opts.connector ?? ((c, s, f) => createConnector(c, s, f, { budgetStore: storedRequestBudgets }));
    const connector = build(connection!, secret, opts.fetch ?? (forgeFetch as unknown as FetchLike));
    const [results, mapping] = await Promise.all([
      within(connector.readStepResults({ projectId: source.projectId, runId, testCaseId: source.testCaseId }), opts.timeoutMs ?? STEP_READ_TIMEOUT_MS, label),
      statusMappingOf(connection!),
    ]);
    const failedStep = failingStepOf(results.steps, mapping);
    return failedStep ? { failedStep } : {};
  } catch (e) {
    log.warn('bug-step-read-failed', { connection: connectionId, phase: 'resolver' }, e);
    if (e instanceof ConnectorError) return { note: noteOf(label, e.message) };
    // Storage or the app itself failed: said, never thrown at the bug's creator.
    return { note: noteOf(label, `the app could not read it now (${e instanceof Error ? e.message.slice(0, 200) : String(e)})`) };
  }
}
