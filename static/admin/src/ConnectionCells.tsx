/** The cells of a connection's row that say how it is doing: health (with the latest failure's cause and fix), last sync, next sync. */
import Lozenge, { type ThemeAppearance } from '@atlaskit/lozenge';
import { Stack, Text } from '@atlaskit/primitives';
import type { ConnectionHealth, ConnectionView, RunSummary } from '../../../src/resolvers/contract';
import { formatDateTime, formatRelative } from '../../shared/format';
import { Time } from '../../shared/Time';
import { phaseText, soFarText } from './progress';
import { isActive, RunStateLozenge } from './runs';

const HEALTH_APPEARANCE: Record<ConnectionHealth['status'], ThemeAppearance> = {
  ok: 'success',
  new: 'new',
  warning: 'moved',
  failing: 'removed',
  disabled: 'default',
  disconnected: 'default',
};

export const HEALTH_RANK: Record<ConnectionHealth['status'], number> = { failing: 0, warning: 1, disconnected: 2, disabled: 3, new: 4, ok: 5 };

export function HealthCell({ health }: { health?: ConnectionHealth }) {
  if (!health) return <Text color="color.text.subtle">Unknown</Text>;
  return (
    <Stack space="space.050">
      <span>
        <Lozenge appearance={HEALTH_APPEARANCE[health.status]}>{health.label}</Lozenge>
      </span>
      {health.cause ? (
        <Text size="small" color="color.text">
          {health.cause}
        </Text>
      ) : null}
      {health.fix ? (
        <Text size="small" color="color.text.subtle">
          <Text size="small" weight="semibold" color="color.text.subtle">
            Fix:{' '}
          </Text>
          {health.fix}
        </Text>
      ) : null}
    </Stack>
  );
}

export function LastSyncCell({ run }: { run?: RunSummary }) {
  if (!run) return <Text color="color.text.subtle">Never</Text>;
  if (isActive(run)) {
    return (
      <Stack space="space.050">
        <span>
          <RunStateLozenge state={run.state} cancelRequested={run.cancelRequested} />
          {run.dryRun ? <Text size="small"> Dry run</Text> : null}
        </span>
        <Text size="small">{phaseText(run)}</Text>
        <Text size="small" color="color.text.subtle">
          {soFarText(run)}
        </Text>
      </Stack>
    );
  }
  return (
    <Stack space="space.050">
      <Time iso={run.finishedAt ?? run.startedAt} />
      <span>
        <RunStateLozenge state={run.state} />
        {run.dryRun ? <Text size="small"> Dry run</Text> : null}
      </span>
    </Stack>
  );
}

export function NextSyncCell({ connection: c }: { connection: ConnectionView }) {
  const next = c.nextSync;
  if (!next?.at) return <Text color="color.text.subtle">{next?.note ?? '—'}</Text>;
  if (Date.parse(next.at) <= Date.now()) return <Text>Due: within 5 min</Text>;
  return (
    <time dateTime={next.at} title={formatDateTime(next.at, { zone: true })}>
      {formatRelative(next.at)}
    </time>
  );
}
