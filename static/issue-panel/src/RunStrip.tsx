/** The last runs as a row of coloured squares, oldest to newest, each with its details as a tooltip. */
import { Inline, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import type { PanelRun } from '../../../src/resolvers/contract';
import { formatDateTime } from '../../shared/format';
import { STATUS_FILL, statusLabel } from '../../shared/status';

function describe(run: PanelRun): string {
  const parts = [`${statusLabel(run.status)}${run.rawStatus && run.rawStatus !== run.status ? ` (${run.rawStatus})` : ''}`];
  if (run.executedAt) parts.push(formatDateTime(run.executedAt));
  if (run.cycle) parts.push(`cycle ${run.cycle}`);
  if (run.environment) parts.push(`environment ${run.environment}`);
  return parts.join(' · ');
}

/** Runs arrive in any order; the strip reads left (oldest) to right (newest). */
export function sortOldestFirst(runs: PanelRun[]): PanelRun[] {
  return [...runs].sort((a, b) => (a.executedAt ?? '').localeCompare(b.executedAt ?? ''));
}

export function RunStrip({ runs }: { runs: PanelRun[] }) {
  const ordered = sortOldestFirst(runs);
  return (
    <Inline space="space.100" alignBlock="center" shouldWrap>
      <ol
        aria-label={`Last ${ordered.length} runs, oldest first`}
        style={{ display: 'flex', gap: token('space.050'), listStyle: 'none', margin: 0, padding: 0, flexWrap: 'wrap' }}
      >
        {ordered.map((run, i) => {
          const text = describe(run);
          return (
            <li
              key={i}
              title={text}
              aria-label={text}
              tabIndex={0}
              data-status={run.status}
              style={{
                width: 16,
                height: 16,
                margin: 0,
                borderRadius: token('radius.small'),
                backgroundColor: STATUS_FILL[run.status] ?? token('color.background.neutral'),
                boxShadow: run.status === 'NOT_RUN' ? `inset 0 0 0 1px ${token('color.border.bold')}` : undefined,
                outlineColor: token('color.border.focused'),
              }}
            />
          );
        })}
      </ol>
      <Text size="small" color="color.text.subtlest">
        oldest → newest
      </Text>
    </Inline>
  );
}
