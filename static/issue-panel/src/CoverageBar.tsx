/** A thin bar split by status share, a glance at the coverage (details are in the lozenges beside it). */
import { token } from '@atlaskit/tokens';
import type { CanonicalStatus } from '../../../src/domain/model';
import { STATUS_FILL, STATUS_ORDER, statusLabel } from '../../shared/status';

export function CoverageBar({ byStatus, total }: { byStatus: Record<CanonicalStatus, number>; total: number }) {
  if (total <= 0) return null;
  return (
    <div
      aria-hidden="true"
      style={{
        display: 'flex',
        gap: 2,
        height: 8,
      }}
    >
      {STATUS_ORDER.filter((s) => (byStatus[s] ?? 0) > 0).map((s) => (
        <div
          key={s}
          title={`${statusLabel(s)}: ${byStatus[s]}`}
          style={{
            flexGrow: byStatus[s],
            backgroundColor: STATUS_FILL[s],
            borderRadius: token('radius.small'),
            boxShadow: s === 'NOT_RUN' ? `inset 0 0 0 1px ${token('color.border.bold')}` : undefined,
          }}
        />
      ))}
    </div>
  );
}
