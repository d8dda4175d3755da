/** Canonical test statuses as the panel shows them: words, order (worst first), tones and fills, without Atlaskit's Lozenge. */
import type { CanonicalStatus } from '../../../src/domain/model';

/** The panel's order: what needs attention first. */
export const PANEL_ORDER: CanonicalStatus[] = ['FAIL', 'BLOCKED', 'IN_PROGRESS', 'NOT_RUN', 'SKIP', 'PASS'];

import { STATUS_LABEL } from '../../shared/status-labels';

export { STATUS_LABEL };

/** Group headings of the list. */
export const GROUP_LABEL: Record<CanonicalStatus, string> = {
  FAIL: 'Failing',
  BLOCKED: 'Blocked',
  IN_PROGRESS: 'In progress',
  NOT_RUN: 'Not run',
  SKIP: 'Skipped',
  PASS: 'Passing',
};

export type Tone = 'success' | 'danger' | 'warning' | 'information' | 'neutral';

export const STATUS_TONE: Record<CanonicalStatus, Tone> = {
  PASS: 'success',
  FAIL: 'danger',
  BLOCKED: 'warning',
  SKIP: 'neutral',
  NOT_RUN: 'neutral',
  IN_PROGRESS: 'information',
};

/** Bold fills for small marks (coverage bar, run squares), as design-token CSS variables. */
export const STATUS_FILL: Record<CanonicalStatus, string> = {
  PASS: 'var(--ds-background-success-bold)',
  FAIL: 'var(--ds-background-danger-bold)',
  BLOCKED: 'var(--ds-background-warning-bold)',
  SKIP: 'var(--ds-background-neutral-bold)',
  NOT_RUN: 'var(--ds-background-neutral)',
  IN_PROGRESS: 'var(--ds-background-information-bold)',
};

export function statusLabel(status: CanonicalStatus | string): string {
  return (STATUS_LABEL as Record<string, string>)[status] ?? status;
}
