/** A native checkbox with its label, coloured by design tokens (no @atlaskit/checkbox installed). */
import { Inline, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import { useId, type ReactNode } from 'react';

interface Props {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  help?: ReactNode;
  disabled?: boolean;
  /** Presents the checkbox as an on/off switch to assistive technology. */
  asSwitch?: boolean;
}

export function Checkbox({ label, checked, onChange, help, disabled, asSwitch }: Props) {
  const id = useId();
  return (
    <div>
      <Inline space="space.100" alignBlock="center">
        <input
          id={id}
          type="checkbox"
          role={asSwitch ? 'switch' : undefined}
          checked={checked}
          disabled={disabled}
          aria-describedby={help ? `${id}-help` : undefined}
          onChange={(e) => onChange(e.target.checked)}
          style={{ width: 16, height: 16, margin: 0, accentColor: token('color.background.selected.bold') }}
        />
        <label htmlFor={id} style={{ color: token('color.text'), font: token('font.body') }}>
          {label}
        </label>
      </Inline>
      {help ? (
        <div style={{ paddingInlineStart: token('space.300') }}>
          <Text id={`${id}-help`} size="small" color="color.text.subtlest">
            {help}
          </Text>
        </div>
      ) : null}
    </div>
  );
}
