/** A native checkbox with its label, coloured by design tokens (no @atlaskit/checkbox installed). */
import { Inline, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import { useId, type ReactNode } from 'react';

interface Props {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  help?: ReactNode;
  /** A validation message about this choice. */
  error?: string;
  disabled?: boolean;
  /** Presents the checkbox as an on/off switch to assistive technology. */
  asSwitch?: boolean;
}

export function Checkbox({ label, checked, onChange, help, error, disabled, asSwitch }: Props) {
  const id = useId();
  const describedBy = [error ? `${id}-error` : '', help ? `${id}-help` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <Inline space="space.100" alignBlock="center">
        <input
          id={id}
          type="checkbox"
          role={asSwitch ? 'switch' : undefined}
          checked={checked}
          disabled={disabled}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          onChange={(e) => onChange(e.target.checked)}
          style={{ width: 16, height: 16, margin: 0, accentColor: token('color.background.selected.bold') }}
        />
        <label htmlFor={id} style={{ color: token('color.text'), font: token('font.body') }}>
          {label}
        </label>
      </Inline>
      {error || help ? (
        <div style={{ paddingInlineStart: token('space.300') }}>
          {error ? (
            <Text as="p" id={`${id}-error`} size="small" color="color.text.danger">
              {error}
            </Text>
          ) : null}
          {help ? (
            <Text as="p" id={`${id}-help`} size="small" color="color.text.subtlest">
              {help}
            </Text>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
