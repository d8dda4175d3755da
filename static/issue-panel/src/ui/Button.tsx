/**
 * A button drawn like Atlaskit's (default and subtle appearances, compact spacing, selected and loading states)
 * with the design tokens in panel.css, so the panel does not load Atlaskit's button runtime.
 */
import Spinner from '@atlaskit/spinner';
import { forwardRef, type ButtonHTMLAttributes, type ReactNode } from 'react';

interface Props extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'className'> {
  appearance?: 'default' | 'subtle' | 'link';
  spacing?: 'default' | 'compact';
  isLoading?: boolean;
  /** Shown as pressed (a toggle): sets aria-pressed. */
  isSelected?: boolean;
  children: ReactNode;
}

export const Button = forwardRef<HTMLButtonElement, Props>(function Button(
  { appearance = 'default', spacing = 'default', isLoading, isSelected, children, disabled, type = 'button', ...rest },
  ref,
) {
  return (
    <button
      ref={ref}
      type={type}
      className="tsp-button"
      data-appearance={appearance}
      data-spacing={spacing}
      aria-pressed={isSelected}
      aria-busy={isLoading || undefined}
      disabled={disabled}
      {...rest}
    >
      {isLoading ? (
        <span className="tsp-button-spinner" aria-hidden="true">
          <Spinner size="small" />
        </span>
      ) : null}
      <span className="tsp-button-label">{children}</span>
    </button>
  );
});
