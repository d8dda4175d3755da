/**
 * The port every tool connector implements. Connectors take a fetch-like function and know nothing of Forge.
 */
import type { ExternalProject, Page, TestCase, TestRun, ToolStatus } from '../domain/model';

/** The minimal response shape connectors use: WHATWG fetch's Response and @forge/api's both fit. */
export interface HttpResponse {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface HttpRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export type FetchLike = (url: string, init?: HttpRequestInit) => Promise<HttpResponse>;

/** Why a connection check failed; each has a message and a fix on the admin page. */
export const CONNECTION_CAUSES = [
  'OK',
  'INVALID_CREDENTIALS',
  'TOKEN_EXPIRED',
  'WRONG_REGION_OR_URL',
  'PROJECT_NOT_FOUND',
  'MISSING_PERMISSION',
  'RATE_LIMITED',
  'EGRESS_NOT_ALLOWED',
  'NETWORK',
  'UNEXPECTED_RESPONSE',
] as const;
export type ConnectionCause = (typeof CONNECTION_CAUSES)[number];

export interface ConnectionCheck {
  ok: boolean;
  cause: ConnectionCause;
  /** What went wrong, naming the credential or setting at fault. Never contains a secret. */
  message: string;
  /** What the admin should do about it. */
  fix?: string;
  /** Projects visible with these credentials, when the check succeeded. */
  projects?: ExternalProject[];
}

export interface ReadOptions {
  /** Opaque cursor returned by the previous page. */
  cursor?: string;
  /** Only records changed at or after this ISO time. */
  modifiedSince?: string;
  /**
   * True for a record the sync already holds in this very version (synced earlier in this page by an invocation
   * that ended, or synced at exactly `modifiedSince` by the previous sync): given its id (`externalId`) and its
   * modification time as the record would carry it (`updatedAt` of a case; `updatedAt ?? executedAt` of a run).
   * A connector may leave such records out before it reads anything more about them (steps, links, logs); the
   * sync skips them either way, so a connector that ignores this stays correct, only slower.
   */
  known?: (id: string, changedAt: string | undefined) => boolean;
}

/**
 * Storage a connector may keep its lookups in for the rest of one sync run, across the run's invocations (a
 * continuation starts with a new connector). Values are JSON of any size (the store splits them); keys are
 * short names of the connector's choosing. Everything is dropped when the run ends, so what is kept here
 * never outlives the run it was read for.
 */
export interface RunCache {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  /** A secret kept for the run (a tool's access token): stored encrypted, dropped with the run. */
  getSecret?(key: string): Promise<unknown>;
  setSecret?(key: string, value: unknown): Promise<void>;
}

export interface Connector {
  checkConnection(): Promise<ConnectionCheck>;
  listProjects(): Promise<ExternalProject[]>;
  listStatuses(projectId: string): Promise<ToolStatus[]>;
  readTestCases(projectId: string, opts: ReadOptions): Promise<Page<TestCase>>;
  readRuns(projectId: string, opts: ReadOptions): Promise<Page<TestRun>>;
  /** Reads one test case and its runs (for a single-issue refresh). */
  readTestCase(projectId: string, externalId: string): Promise<{ testCase: TestCase; runs: TestRun[] } | null>;
  /**
   * The ids (`TestCase.externalId`) of every test case the project holds now (deleted ones are absent), a page at a
   * time, in the largest pages the tool allows and ids only where it can, so the sync can tell which synced cases were
   * deleted. Pages are read by offset: a case created or deleted while the pages are walked can shift the offsets,
   * so confirm a missing id (readTestCase answers null) before treating its case as deleted.
   */
  listTestCaseIds(projectId: string, opts: { cursor?: string }): Promise<Page<string>>;
}

/** The run a defect is written to: where it is in its tool, as the sync read it. */
export interface RunRef {
  /** The tool's project (`TestCase.projectId`). */
  projectId: string;
  /** `TestRun.externalId` (qTest `<run>:<test log>`, Xray's Test Run id, QMetry's test case run id). */
  runId: string;
  /** `TestCase.externalId` of the run's test case. */
  testCaseId: string;
}

/** A Jira issue to link to a run as its defect. */
export interface DefectToLink {
  key: string;
  /** The Jira issue id, when known (Xray takes it; it survives a move to another project). */
  id?: string;
  /** The link in Jira. */
  url?: string;
}

/** What the tool answered to a defect written to a run. */
export interface LinkedDefect {
  /** The tool's own record the defect was linked to (qTest's test log, Xray's Test Run, QMetry's test case run). */
  linkedTo: string;
  /** The tool's own id of the defect, when it has one (qTest's defect id, QMetry's issue id). */
  toolDefectId?: string;
}

/**
 * Writing defects back to the tools: each connector links a Jira issue to a run with the tool's own API, and tells
 * whether its credential may do so. Apart from Connector so that a read-only connector (a test double, a replay) need
 * not have it.
 */
export interface DefectWriter {
  /**
   * Whether the credential may link defects to runs of these projects (the mapped ones; the visible ones when none is
   * mapped). A failed answer names what is missing and what the admin can do; it never throws.
   */
  checkDefectWrites(projectIds: string[]): Promise<ConnectionCheck>;
  /** Links the issue to the run; throws a ConnectorError naming why the tool refused. Linking twice changes nothing. */
  linkDefect(run: RunRef, defect: DefectToLink): Promise<LinkedDefect>;
}

/** What a tool reported for one step of a run. */
export interface StepResult {
  /** The step's place among the test's steps, from 1, as `TestStep.index` counts them. */
  index: number;
  /** The tool's own status name of the step (e.g. "Failed"), to be mapped as a run's status is. */
  status: string;
  /** What the step did instead, in the tool's words, when the tester wrote it down. */
  actual?: string;
}

/** The step results of one run, as its tool reported them. */
export interface StepResults {
  /** In step order; empty when the tool reported none for the run. */
  steps: StepResult[];
  /**
   * Set when the connector has no way to read step results of its tool (no documented call): why, in words. The steps
   * are then empty, and no request was made.
   */
  unsupported?: string;
}

/**
 * Reading the step results of one run on demand (when a bug is created from it): they are not synced, as keeping them
 * for every run would cost storage the app does not have at scale.
 */
export interface StepResultReader {
  /**
   * The step results of the run. Throws a ConnectorError when the tool refuses or answers in a shape the connector
   * cannot read (naming the endpoint and the field).
   */
  readStepResults(run: RunRef): Promise<StepResults>;
}

/** A connector of one of the app's tools: it reads, writes defects, and reads a run's step results on demand. */
export type ToolConnector = Connector & DefectWriter & StepResultReader;

/** Options of a ConnectorError: `cause` is the underlying error (ES2022 `Error.cause`), kept for diagnosis. */
export interface ConnectorErrorOptions {
  /** The error caught (network failure, JSON parse, zod validation, HTTP answer); its message holds no secret. */
  cause?: unknown;
}

/**
 * A failure talking to a tool, classified so the sync and the admin page can say what to do. `code` is the
 * classification; Error's own `cause` keeps the underlying error.
 */
export class ConnectorError extends Error {
  readonly code: Exclude<ConnectionCause, 'OK'>;

  constructor(
    code: Exclude<ConnectionCause, 'OK'>,
    message: string,
    /** `endpoint` and `field` name what could not be read when the answer had an unexpected shape. */
    readonly details: { status?: number; retryAfterSeconds?: number; field?: string; endpoint?: string } = {},
    options?: ConnectorErrorOptions,
  ) {
    super(message, options);
    this.code = code;
    this.name = 'ConnectorError';
  }
}
