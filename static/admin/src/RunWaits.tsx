/** When a run waited for a service's rate limit or request budget: "Waited 30 s at 10:02: Jira rate limit (Retry-After)". */
import { Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import type { RunSummary } from '../../../src/resolvers/contract';
import { formatClock, formatDateTime, formatNumber, formatSeconds } from '../../shared/format';

const LIST_LIMIT = 10;

export function RunWaits({ waits }: { waits: RunSummary['waits'] }) {
  if (!waits || waits.length === 0) return null;
  const shown = waits.slice(0, LIST_LIMIT);
  const total = waits.reduce((sum, w) => sum + w.seconds, 0);
  return (
    <Stack space="space.050">
      <Text weight="semibold">
        Waits ({formatNumber(waits.length)}, {formatSeconds(total)} in all)
      </Text>
      <ul style={{ margin: 0, paddingInlineStart: token('space.250') }} aria-label="Waits">
        {shown.map((w, i) => (
          <li key={`${w.at}-${i}`}>
            Waited {formatSeconds(w.seconds)} at{' '}
            <time dateTime={w.at} title={formatDateTime(w.at, { zone: true })}>
              {formatClock(w.at)}
            </time>
            : {w.reason}
          </li>
        ))}
        {waits.length > shown.length ? <li>and {formatNumber(waits.length - shown.length)} more</li> : null}
      </ul>
    </Stack>
  );
}
