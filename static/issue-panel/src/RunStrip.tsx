/** The last runs as a row of coloured squares, oldest to newest, each with its details as a tooltip and label. */
import type { PanelRun } from '../../../src/resolvers/contract';
import { formatDateTime, formatNumber } from '../../shared/format';
import { STATUS_FILL, statusLabel } from './status';

function describe(run: PanelRun): string {
  const parts = [`${statusLabel(run.status)}${run.rawStatus && run.rawStatus !== run.status ? ` (${run.rawStatus})` : ''}`];
  if (run.executedAt) parts.push(formatDateTime(run.executedAt, { zone: true }));
  if (run.cycle) parts.push(`cycle ${run.cycle}`);
  if (run.environment) parts.push(`environment ${run.environment}`);
  if (run.defects?.length) parts.push(`defects ${run.defects.join(', ')}`);
  return parts.join(' · ');
}

/** Runs arrive in any order; the strip reads left (oldest) to right (newest). */
export function sortOldestFirst(runs: PanelRun[]): PanelRun[] {
  return [...runs].sort((a, b) => (a.executedAt ?? '').localeCompare(b.executedAt ?? ''));
}

export function RunStrip({ runs }: { runs: PanelRun[] }) {
  const ordered = sortOldestFirst(runs);
  return (
    <div className="tsp-strip">
      <ol aria-label={`Last ${formatNumber(ordered.length)} runs, oldest first`}>
        {ordered.map((run, i) => {
          const text = describe(run);
          return <li key={i} title={text} aria-label={text} tabIndex={0} data-status={run.status} style={{ backgroundColor: STATUS_FILL[run.status] }} />;
        })}
      </ol>
      <span className="tsp-note">oldest → newest</span>
    </div>
  );
}
