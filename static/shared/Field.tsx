/**
 * A labelled form field: label (tied to the control by id), the control, help text and an error
 * message, both announced through aria-describedby.
 */
import { Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import { useId, type ReactNode } from 'react';

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
  'aria-required'?: boolean;
}

interface Props {
  label: string;
  help?: ReactNode;
  error?: string;
  required?: boolean;
  children: (control: ControlProps) => ReactNode;
}

export function Field({ label, help, error, required, children }: Props) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : '', help ? helpId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <Stack space="space.050">
      <label
        htmlFor={id}
        style={{ font: token('font.body.small'), fontWeight: token('font.weight.semibold'), color: token('color.text.subtle') }}
      >
        {label}
        {required ? (
          <span aria-hidden="true" style={{ color: token('color.text.danger') }}>
            {' '}
            *
          </span>
        ) : null}
      </label>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined, 'aria-required': required || undefined })}
      {error ? (
        <Text id={errorId} size="small" color="color.text.danger">
          {error}
        </Text>
      ) : null}
      {help ? (
        <Text id={helpId} size="small" color="color.text.subtlest">
          {help}
        </Text>
      ) : null}
    </Stack>
  );
}
