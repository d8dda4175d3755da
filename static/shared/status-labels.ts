/** Canonical test statuses in words, with no component library behind them (the panel loads this at once). */
import type { CanonicalStatus } from '../../src/domain/model';

export const STATUS_LABEL: Record<CanonicalStatus, string> = {
  PASS: 'Pass',
  FAIL: 'Fail',
  BLOCKED: 'Blocked',
  SKIP: 'Skipped',
  NOT_RUN: 'Not run',
  IN_PROGRESS: 'In progress',
};
