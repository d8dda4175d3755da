/** A thin bar split by status share: coverage at a glance (the counts are in the buttons beside it). */
import type { CanonicalStatus } from '../../../src/domain/model';
import { formatNumber } from '../../shared/format';
import { PANEL_ORDER, STATUS_FILL, statusLabel } from './status';

export function CoverageBar({ byStatus, total }: { byStatus: Record<CanonicalStatus, number>; total: number }) {
  if (total <= 0) return null;
  return (
    <div className="tsp-bar" aria-hidden="true">
      {PANEL_ORDER.filter((s) => (byStatus[s] ?? 0) > 0).map((s) => (
        <div key={s} title={`${statusLabel(s)}: ${formatNumber(byStatus[s])}`} data-status={s} style={{ flexGrow: byStatus[s], backgroundColor: STATUS_FILL[s] }} />
      ))}
    </div>
  );
}
