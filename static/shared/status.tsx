/** Canonical test statuses: labels, lozenge appearances and token colours, in one place. */
import Lozenge, { type ThemeAppearance } from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import type { CanonicalStatus } from '../../src/domain/model';

export const STATUS_ORDER: CanonicalStatus[] = ['PASS', 'FAIL', 'BLOCKED', 'SKIP', 'NOT_RUN', 'IN_PROGRESS'];

import { STATUS_LABEL } from './status-labels';

export { STATUS_LABEL };

const APPEARANCE: Record<CanonicalStatus, ThemeAppearance> = {
  PASS: 'success',
  FAIL: 'removed',
  BLOCKED: 'moved',
  SKIP: 'default',
  NOT_RUN: 'default',
  IN_PROGRESS: 'inprogress',
};

/** Bold fill colours for small status marks (run history squares). */
export const STATUS_FILL: Record<CanonicalStatus, string> = {
  PASS: token('color.background.success.bold'),
  FAIL: token('color.background.danger.bold'),
  BLOCKED: token('color.background.warning.bold'),
  SKIP: token('color.background.neutral.bold'),
  NOT_RUN: token('color.background.neutral'),
  IN_PROGRESS: token('color.background.information.bold'),
};

export function statusLabel(status: CanonicalStatus | string): string {
  return (STATUS_LABEL as Record<string, string>)[status] ?? status;
}

export function StatusLozenge({ status, suffix }: { status: CanonicalStatus; suffix?: string }) {
  const appearance = APPEARANCE[status] ?? 'default';
  return (
    <Lozenge appearance={appearance} isBold={status !== 'NOT_RUN'} testId={`status-${status}`}>
      {statusLabel(status)}
      {suffix ? ` ${suffix}` : ''}
    </Lozenge>
  );
}
