/** A centred empty state (heading, explanation, optional action) drawn with design tokens. */
import Heading from '@atlaskit/heading';
import type { ReactNode } from 'react';

export function EmptyState({ header, children, testId }: { header: string; children: ReactNode; testId?: string }) {
  return (
    <section className="tsp-empty" aria-label={header} data-testid={testId}>
      <Heading size="small" as="h2">
        {header}
      </Heading>
      {children}
    </section>
  );
}
