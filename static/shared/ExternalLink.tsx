/** A link that opens outside the Jira frame in a new tab. */
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';

/** `title` adds context on hover (e.g. which test) without changing the link's visible, accessible name. */
export function ExternalLink({ href, children, title }: { href: string; children: ReactNode; title?: string }) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      title={title}
      style={{ color: token('color.link') }}
    >
      {children}
      <span aria-hidden="true"> ↗</span>
    </a>
  );
}
