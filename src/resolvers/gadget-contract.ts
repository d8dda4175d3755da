/**
 * What the readiness gadget sends its resolver and gets back: the payloads (checked with zod, unknown fields
 * refused) and the answers (imported by the gadget as types only).
 */
import { z } from 'zod';
import { GadgetConfig, PROJECT_KEY } from '../gadget/config';
import type { Readiness, RequirementDefect } from '../domain/readiness';
import type { TrendTotals } from '../gadget/trend-store';
import type { TraceabilityReport } from '../traceability/service';

/** `getGadgetReadiness`: the gadget's configuration. */
export const GadgetReadinessInput = GadgetConfig;

/** `getGadgetOptions`: what the edit mode offers, for the project and version chosen so far. */
export const GadgetOptionsInput = z
  .object({
    /** Words in a project's key or name (the project picker's search). */
    query: z.string().trim().max(100).optional(),
    project: z.string().regex(PROJECT_KEY, 'must be a Jira project key such as SHOP').optional(),
    version: z.string().trim().min(1).max(255).optional(),
  })
  .strict();
export type GadgetOptionsInput = z.infer<typeof GadgetOptionsInput>;

export interface GadgetProjectOption {
  key: string;
  name: string;
}

export interface GadgetOptions {
  /** Projects the user may browse that match the query, at most GADGET_PROJECTS_MAX. */
  projects: GadgetProjectOption[];
  /** More projects match than are listed: the user narrows the search. */
  moreProjects: boolean;
  /** The chosen project's versions (archived ones left out), in the project's order. */
  versions?: TraceabilityReport['versions'];
  /** The version the gadget reports on when none is chosen (the project's next release). */
  nextVersion?: string;
  /** The environments the chosen version's requirements' tests ran in. */
  environments?: string[];
}

/** A requirement the gadget lists first: failing, then blocked. */
export interface GadgetAttention {
  key: string;
  summary: string;
  readiness: Extract<Readiness, 'FAIL' | 'BLOCKED'>;
  /**
   * Its open defects the viewer may browse (linked to it in Jira, or in a tool to a covering test's latest run there),
   * at most GADGET_DEFECTS_MAX; absent when none.
   */
  defects?: RequirementDefect[];
  /** How many more open defects it has than are listed. */
  moreDefects?: number;
}

export interface GadgetTrendPoint extends TrendTotals {
  at: string;
}

/** The trend of the context, as the viewer may see it. */
export type GadgetTrend =
  /** No point yet for a version the trend follows. */
  | { state: 'pending' }
  /** A version the trend does not follow (released, or past the next few) and that has no points. */
  | { state: 'untracked' }
  | { state: 'shown'; points: GadgetTrendPoint[] }
  | {
      state: 'hidden';
      /**
       * fewer-requirements: the viewer sees fewer requirements than the app counted; hidden-tests: some covering tests
       * are in projects the viewer may not browse; changed: the results changed since the app last counted them;
       * indexing: part of the version is not indexed yet.
       */
      reason: 'fewer-requirements' | 'hidden-tests' | 'changed' | 'indexing';
      /** Requirements in the app's latest point, and those the viewer sees. */
      counted: number;
      seen: number;
    };

export interface GadgetReadinessView extends Pick<TraceabilityReport, 'project' | 'totals' | 'index' | 'computedAt'> {
  /** The version reported on; absent when the project has none. */
  version?: string;
  released?: boolean;
  releaseDate?: string;
  /** No version was chosen: the gadget follows the project's next release. */
  followsNext: boolean;
  environment?: string;
  /** The first failing, then blocked, requirements (at most GADGET_ATTENTION_MAX). */
  attention: GadgetAttention[];
  trend: GadgetTrend;
}

export const GADGET_PROJECTS_MAX = 50;
export const GADGET_ATTENTION_MAX = 5;
export const GADGET_DEFECTS_MAX = 3;
