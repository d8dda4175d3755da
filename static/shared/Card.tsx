/** A bordered surface for one item (a connection, a test), raised like Jira's cards. */
import { Box } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';

export function Card({ children, label, testId }: { children: ReactNode; label?: string; testId?: string }) {
  return (
    <Box
      as="section"
      aria-label={label}
      testId={testId}
      padding="space.200"
      style={{
        backgroundColor: token('elevation.surface.raised'),
        boxShadow: token('elevation.shadow.raised'),
        borderRadius: token('radius.large'),
        color: token('color.text'),
      }}
    >
      {children}
    </Box>
  );
}
