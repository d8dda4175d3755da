/**
 * Mapping each tool's execution statuses (custom ones included) onto the canonical set.
 */
import { CANONICAL_STATUSES, type CanonicalStatus, type Tool } from './model';

/** Canonical statuses in words, as every page and export says them. */
export const STATUS_LABEL: Record<CanonicalStatus, string> = {
  PASS: 'Pass',
  FAIL: 'Fail',
  BLOCKED: 'Blocked',
  SKIP: 'Skipped',
  NOT_RUN: 'Not run',
  IN_PROGRESS: 'In progress',
};

/** Tool status name (case-insensitive) → canonical status. */
export type StatusMapping = Record<string, CanonicalStatus>;

/** What each tool calls its built-in statuses, mapped by default. */
export const DEFAULT_STATUS_MAPPINGS: Record<Tool, StatusMapping> = {
  qtest: {
    passed: 'PASS',
    failed: 'FAIL',
    blocked: 'BLOCKED',
    incomplete: 'IN_PROGRESS',
    unexecuted: 'NOT_RUN',
    skipped: 'SKIP',
  },
  xray: {
    passed: 'PASS',
    failed: 'FAIL',
    todo: 'NOT_RUN',
    executing: 'IN_PROGRESS',
    aborted: 'BLOCKED',
    blocked: 'BLOCKED',
    skipped: 'SKIP',
  },
  qmetry: {
    pass: 'PASS',
    passed: 'PASS',
    fail: 'FAIL',
    failed: 'FAIL',
    blocked: 'BLOCKED',
    'not run': 'NOT_RUN',
    'not applicable': 'SKIP',
    wip: 'IN_PROGRESS',
    'work in progress': 'IN_PROGRESS',
  },
};

/** Canonical statuses that must always have at least one tool status mapped onto them. */
export const REQUIRED_CANONICAL: CanonicalStatus[] = ['PASS', 'FAIL', 'SKIP'];

export interface MappedStatus {
  status: CanonicalStatus;
  /** False when the tool status had no mapping; the caller must surface a warning. */
  mapped: boolean;
}

function normalise(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * Maps a tool status. An unmapped status is reported (mapped: false) and counted as NOT_RUN, which never
 * claims a pass or a failure that did not happen.
 */
export function mapStatus(raw: string, mapping: StatusMapping): MappedStatus {
  const hit = mapping[normalise(raw)];
  return hit ? { status: hit, mapped: true } : { status: 'NOT_RUN', mapped: false };
}

/** The effective mapping of a tool: defaults overlaid with the admin's own entries. */
export function effectiveMapping(tool: Tool, overrides: StatusMapping = {}): StatusMapping {
  const out: StatusMapping = { ...DEFAULT_STATUS_MAPPINGS[tool] };
  for (const [name, status] of Object.entries(overrides)) out[normalise(name)] = status;
  return out;
}

/** Problems with a mapping an admin wants to save; empty when it is acceptable. */
export function validateMapping(mapping: StatusMapping): string[] {
  const problems: string[] = [];
  for (const [name, status] of Object.entries(mapping)) {
    if (!(CANONICAL_STATUSES as readonly string[]).includes(status)) {
      problems.push(`Status "${name}" maps to "${status}", which is not one of ${CANONICAL_STATUSES.join(', ')}`);
    }
  }
  const targets = new Set(Object.values(mapping));
  for (const required of REQUIRED_CANONICAL) {
    if (!targets.has(required)) problems.push(`At least one tool status must map to ${required}`);
  }
  return problems;
}
