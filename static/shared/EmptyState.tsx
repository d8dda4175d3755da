/** A centred empty state: heading, explanation and an optional action. */
import Heading from '@atlaskit/heading';
import { Box, Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';

interface Props {
  header: string;
  description: ReactNode;
  action?: ReactNode;
  headingLevel?: 'h2' | 'h3';
}

export function EmptyState({ header, description, action, headingLevel = 'h2' }: Props) {
  return (
    <Box
      padding="space.300"
      style={{
        textAlign: 'center',
        border: `${token('border.width')} dashed ${token('color.border')}`,
        borderRadius: token('radius.medium'),
      }}
    >
      <Stack space="space.150" alignInline="center">
        <Heading size="small" as={headingLevel}>
          {header}
        </Heading>
        <Text as="p" color="color.text.subtle">
          {description}
        </Text>
        {action}
      </Stack>
    </Box>
  );
}
