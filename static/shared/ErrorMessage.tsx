/** A resolver or bridge error shown in full: title, message and error code. */
import SectionMessage from '@atlaskit/section-message';
import { Text } from '@atlaskit/primitives';
import type { ReactElement } from 'react';
import { toDisplayError } from './bridge';

interface Props {
  error: unknown;
  title?: string;
  actions?: ReactElement;
}

export function ErrorMessage({ error, title = 'Something went wrong', actions }: Props) {
  const { code, message } = toDisplayError(error);
  return (
    <SectionMessage appearance="error" title={title} actions={actions}>
      <div role="alert">
        <Text as="p">{message}</Text>
        <Text as="p" size="small" color="color.text.subtle">
          Error code: {code}
        </Text>
      </div>
    </SectionMessage>
  );
}
