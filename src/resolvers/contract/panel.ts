/** The issue panel: a story's covering tests, a test's runs, and how current they are. */
import { z } from 'zod';
import { CANONICAL_STATUSES, type CanonicalStatus, type Tool } from '../../domain/model';
import type { Readiness, RequirementDefect } from '../../domain/readiness';
import type { PanelBugs } from './bugs';

export interface PanelRun {
  /** The run's id in its tool (`<run>` or `<run>:<execution>`): what a bug created from it names. */
  runId?: string;
  status: CanonicalStatus;
  rawStatus: string;
  executedAt?: string;
  version?: string;
  cycle?: string;
  environment?: string;
  /** Jira issues the tool links to the run as its defects, those the viewer may see (keys). */
  defects?: string[];
}

export interface PanelTest {
  issueKey?: string;
  tool: Tool;
  displayId: string;
  name: string;
  status: CanonicalStatus;
  lastRunAt?: string;
  cycle?: string;
  url: string;
  /** The case was deleted in its tool; the issue is kept. */
  deletedInSource?: boolean;
  /** The panel's rows: the environment of the run shown, the tool's own status name, and the flaky flag. */
  environment?: string;
  rawStatus?: string;
  flaky?: boolean;
}

/** Rows the panel asks for at a time ("Show more"): about a screenful. */
export const PANEL_PAGE_SIZE = 20;
/** Rows `getPanel` and `refresh` answer when the caller names no limit (the panel always names one). */
export const PANEL_DEFAULT_ROWS = 50;
/** At most this many rows in one answer (a refresh keeps the rows the viewer had loaded, up to this). */
export const PANEL_MAX_ROWS = 500;

/**
 * What the panel's list shows. `status` keeps the tests whose shown result has that status; `cycle` and
 * `environment` show each test by its latest run in that cycle / environment (tests without one are left out).
 */
export const PanelFilterInput = z.object({
  status: z.enum(CANONICAL_STATUSES).optional(),
  tool: z.enum(['xray', 'qtest', 'qmetry']).optional(),
  cycle: z.string().min(1).max(300).optional(),
  environment: z.string().min(1).max(300).optional(),
  /** Every covering test by its result in this version (a test with no run there shows as not run). */
  version: z.string().min(1).max(300).optional(),
});
export type PanelFilter = z.infer<typeof PanelFilterInput>;

/**
 * `getPanel` / `refresh`: which rows of the list to answer with. Without a filter, a story opens in its fix version
 * when its tests ran in it (else by the latest results); `filter: {}` asks for the latest results.
 */
export const PanelInput = z
  .object({ filter: PanelFilterInput.optional(), limit: z.number().int().min(1).max(PANEL_MAX_ROWS).default(PANEL_DEFAULT_ROWS) })
  .default({ limit: PANEL_DEFAULT_ROWS });

/** `getTests`: a page of a story's covering tests. */
export const PanelTestsInput = z.object({
  filter: PanelFilterInput.default({}),
  offset: z.number().int().min(0).max(1_000_000).default(0),
  limit: z.number().int().min(1).max(PANEL_MAX_ROWS).default(PANEL_PAGE_SIZE),
});

/** A page of the covering tests, in the panel's order: failing first, then blocked, in progress, not run, skipped, passed. */
export interface PanelTestsPage {
  tests: PanelTest[];
  /** Tests that match the filter, on every page. */
  total: number;
  /** Of those, how many have each status (the list's group headings). */
  byStatus: Record<CanonicalStatus, number>;
  offset: number;
  /** Where the next page starts, when there is one. */
  nextOffset?: number;
  /** The requirement's readiness in the filter's version / environment (see src/domain/readiness.ts). */
  readiness?: PanelReadiness;
}

/** A requirement's readiness in one context, with how it was counted. */
export interface PanelReadiness {
  status: Readiness;
  label: string;
  /** The covering tests the viewer may see, counted by their result in this context. */
  total: number;
  byStatus: Record<CanonicalStatus, number>;
  version?: string;
  environment?: string;
  /** Keys of its open defects: they block it whatever its tests say. */
  openDefects?: string[];
  /**
   * Its defects the viewer may browse, each once, open or done: those linked to it in Jira and those the tools link to
   * the latest run in this context of a covering test the viewer may see; absent when none.
   */
  defects?: RequirementDefect[];
  how: string;
}

/** The values the list can be filtered by, each with how many visible tests have it. */
export interface PanelFacets {
  tools: { tool: Tool; count: number }[];
  /** Cycles and environments of the tests' recent runs, most recently run first. */
  cycles: { name: string; count: number }[];
  environments: { name: string; count: number }[];
  /** Versions the tests ran in, most recently run first. */
  versions: { name: string; count: number }[];
}

/** How current the results are, from the latest syncs of the connections the shown tests come from. */
export interface PanelSync {
  /** When a sync of those connections last succeeded (absent when none is in the recent history). */
  lastSyncedAt?: string;
  /** Connections whose latest sync failed: their results may be out of date. */
  failed: {
    connection: string;
    tool: Tool;
    failedAt: string;
    /** When that connection's results were last brought up to date, when known. */
    lastSucceededAt?: string;
    /** What a tester can do about it, in words (e.g. "Ask a Jira admin to reconnect qTest (demo)."). */
    action: string;
  }[];
  /** A sync of one of those connections is running now. */
  running: boolean;
}

export type PanelView =
  | { kind: 'not-configured' }
  /** Connections are set up but no sync has finished yet. */
  | { kind: 'never-synced'; issueKey: string; connections: { name: string; tool: Tool }[]; sync: PanelSync }
  /** Synced, and no synced test covers this issue. */
  | { kind: 'empty'; issueKey: string; sync: PanelSync }
  | {
      kind: 'requirement';
      issueKey: string;
      /** The first rows of the list (for `filter`); `page` says how many there are in all. */
      tests: PanelTest[];
      page: Omit<PanelTestsPage, 'tests'>;
      filter: PanelFilter;
      /** Covering tests not listed because the viewer may not browse them. */
      hidden: number;
      /** The story's fix versions (the version picker offers them first). */
      fixVersions: string[];
      /** Every test the viewer may see, by its latest result (never filtered). */
      coverage: { total: number; byStatus: Record<CanonicalStatus, number>; computedAt: string; how: string };
      facets: PanelFacets;
      sync: PanelSync;
      bugs: PanelBugs;
    }
  | {
      kind: 'test';
      issueKey: string;
      test: PanelTest;
      steps: { index: number; action: string; data?: string; expected: string }[];
      runs: PanelRun[];
      flaky: boolean;
      covers: string[];
      sync: PanelSync;
      bugs: PanelBugs;
    };
