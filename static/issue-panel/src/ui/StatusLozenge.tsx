/** A status lozenge drawn like Atlaskit's (subtler background, bolder text), without its runtime. */
import type { ReactNode } from 'react';
import type { CanonicalStatus } from '../../../../src/domain/model';
import { STATUS_TONE, statusLabel, type Tone } from '../status';

export function Lozenge({ tone, children, title }: { tone: Tone; children: ReactNode; title?: string }) {
  return (
    <span className="tsp-lozenge" data-tone={tone} title={title}>
      {children}
    </span>
  );
}

export function StatusLozenge({ status }: { status: CanonicalStatus }) {
  return (
    <span className="tsp-lozenge" data-tone={STATUS_TONE[status] ?? 'neutral'} data-testid={`status-${status}`}>
      {statusLabel(status)}
    </span>
  );
}
