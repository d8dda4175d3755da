/** A centred spinner with an accessible label. */
import { Box, Inline } from '@atlaskit/primitives';
import Spinner from '@atlaskit/spinner';

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <Box padding="space.300" role="status" aria-live="polite">
      <Inline alignInline="center">
        <Spinner size="large" label={label} />
      </Inline>
    </Box>
  );
}
