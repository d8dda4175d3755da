/** A section message drawn like Atlaskit's (tinted surface, icon, title, text, actions) with design tokens. */
import type { ReactNode } from 'react';

export type BannerAppearance = 'information' | 'warning' | 'error' | 'success';

const ICON: Record<BannerAppearance, ReactNode> = {
  information: <path d="M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20Zm0 8a1 1 0 0 0-1 1v5a1 1 0 1 0 2 0v-5a1 1 0 0 0-1-1Zm0-4a1.25 1.25 0 1 0 0 2.5A1.25 1.25 0 0 0 12 6Z" />,
  warning: <path d="M10.3 3.2a2 2 0 0 1 3.4 0l8.1 14.3A2 2 0 0 1 20.1 20.5H3.9a2 2 0 0 1-1.7-3L10.3 3.2ZM12 8a1 1 0 0 0-1 1v4a1 1 0 1 0 2 0V9a1 1 0 0 0-1-1Zm0 7.5a1.25 1.25 0 1 0 0 2.5 1.25 1.25 0 0 0 0-2.5Z" />,
  error: <path d="M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20Zm0 4a1 1 0 0 0-1 1v6a1 1 0 1 0 2 0V7a1 1 0 0 0-1-1Zm0 9.5a1.25 1.25 0 1 0 0 2.5 1.25 1.25 0 0 0 0-2.5Z" />,
  success: <path d="M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20Zm4.7 6.3a1 1 0 0 0-1.4 0L10.5 13l-1.8-1.8a1 1 0 0 0-1.4 1.4l2.5 2.5a1 1 0 0 0 1.4 0l5.5-5.4a1 1 0 0 0 0-1.4Z" />,
};

interface Props {
  appearance: BannerAppearance;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  /** `alert` for failures that just happened, `status` for states, none for what was there on load. */
  role?: 'alert' | 'status';
  testId?: string;
  headingLevel?: 'h2' | 'h3';
}

export function Banner({ appearance, title, children, actions, role, testId, headingLevel = 'h2' }: Props) {
  const Heading = headingLevel;
  return (
    <section className="tsp-banner" data-appearance={appearance} data-testid={testId} aria-label={title}>
      <svg className="tsp-banner-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
        {ICON[appearance]}
      </svg>
      <div className="tsp-banner-body" role={role}>
        <Heading className="tsp-banner-title">{title}</Heading>
        {children}
        {actions ? <div className="tsp-banner-actions">{actions}</div> : null}
      </div>
    </section>
  );
}
