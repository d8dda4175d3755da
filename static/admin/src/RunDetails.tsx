/**
 * What a sync run did or, for a dry run, would do (its first planned items; the run's details page through
 * the whole plan), or how far it is while under way: counts, waits, errors and warnings.
 */
import SectionMessage from '@atlaskit/section-message';
import { Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import type { RunError, RunSummary } from '../../../src/resolvers/contract';
import { formatDuration, formatNumber } from '../../shared/format';
import { countsLine, isActive } from './runs';
import { RunWaits } from './RunWaits';
import { phaseText, soFarText } from './progress';

const LIST_LIMIT = 25;

/** A list of planned items; `total` counts them all, the list holds the first ones only. */
function ItemList({ items, label, total }: { items: string[]; label: string; total: number }) {
  const shown = items.slice(0, LIST_LIMIT);
  return (
    <Stack space="space.050">
      <Text weight="semibold">
        {label} ({formatNumber(total)})
      </Text>
      {total === 0 ? (
        <Text color="color.text.subtle">Nothing</Text>
      ) : (
        <ul style={{ margin: 0, paddingInlineStart: token('space.250') }} aria-label={label}>
          {shown.map((item, i) => (
            <li key={`${item}-${i}`}>
              <code style={{ font: token('font.code') }}>{item}</code>
            </li>
          ))}
          {total > shown.length ? <li>and {formatNumber(total - shown.length)} more</li> : null}
        </ul>
      )}
    </Stack>
  );
}

export function RunErrorList({ errors }: { errors: RunError[] }) {
  return (
    <ul style={{ margin: 0, paddingInlineStart: token('space.250') }} aria-label="Errors">
      {errors.map((e, i) => (
        <li key={i} style={{ color: token('color.text') }}>
          {e.item ? (
            <>
              <code style={{ font: token('font.code') }}>{e.item}</code>:{' '}
            </>
          ) : (
            <Text weight="semibold">Run: </Text>
          )}
          {e.message}
        </li>
      ))}
    </ul>
  );
}

export function RunWarnings({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <SectionMessage appearance="warning" title={warnings.length === 1 ? 'Warning' : `${formatNumber(warnings.length)} warnings`}>
      <ul style={{ margin: 0, paddingInlineStart: token('space.250') }}>
        {warnings.map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ul>
    </SectionMessage>
  );
}

const APPEARANCE = {
  succeeded: 'success',
  partial: 'warning',
  failed: 'error',
  queued: 'information',
  running: 'information',
  cancelled: 'information',
} as const;

function title(run: RunSummary): string {
  const what = run.dryRun ? 'Dry run' : 'Sync';
  if (run.state === 'cancelled') return `${what} cancelled`;
  if (run.cancelRequested && isActive(run)) return `Cancelling: the ${what.toLowerCase()} stops after the page it is working on`;
  if (run.dryRun) {
    return run.state === 'failed' ? 'Dry run failed' : 'Dry run: this is what a sync would do (nothing was written)';
  }
  switch (run.state) {
    case 'succeeded':
      return 'Sync finished';
    case 'partial':
      return 'Sync finished with errors';
    case 'failed':
      return 'Sync failed';
    default:
      return 'Sync started; it continues in the background';
  }
}

export function RunResult({ run }: { run: RunSummary }) {
  return (
    <Stack space="space.100">
      <SectionMessage appearance={APPEARANCE[run.state] ?? 'information'} title={title(run)}>
        <Stack space="space.150">
          {isActive(run) ? (
            <Text as="p">
              {phaseText(run)}: {soFarText(run)}
            </Text>
          ) : (
            <Text as="p">
              {countsLine(run)}
              {run.durationMs !== undefined ? ` · took ${formatDuration(run.durationMs)}` : ''}
            </Text>
          )}
          {run.dryRun && run.planned && !isActive(run) ? (
            <Stack space="space.150">
              <ItemList label="Would create" items={run.planned.create} total={run.counts.created} />
              <ItemList label="Would update" items={run.planned.update} total={run.counts.updated} />
              <ItemList label="Would link" items={run.planned.link} total={run.counts.linked} />
            </Stack>
          ) : null}
          <RunWaits waits={run.waits} />
          {run.errors.length > 0 ? (
            <Stack space="space.050">
              <Text weight="semibold">Errors ({formatNumber(run.errors.length)})</Text>
              <RunErrorList errors={run.errors} />
            </Stack>
          ) : null}
        </Stack>
      </SectionMessage>
      <RunWarnings warnings={run.warnings} />
    </Stack>
  );
}
