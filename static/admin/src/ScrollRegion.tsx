/**
 * A table's horizontal scroll container: on a narrow page a wide table scrolls inside it, and the container
 * can take focus (named after the table) so keyboard users can scroll it too.
 */
import type { ReactNode } from 'react';

export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto', maxWidth: '100%' }}>
      {children}
    </div>
  );
}
