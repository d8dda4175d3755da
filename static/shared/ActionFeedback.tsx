/**
 * What became of an action (retry, skip, cancel): a success message or the error, announced politely.
 * The message can take focus when the control that started the action is gone.
 */
import SectionMessage from '@atlaskit/section-message';
import { Text } from '@atlaskit/primitives';
import { forwardRef } from 'react';
import { ErrorMessage } from './ErrorMessage';

export type Feedback = { kind: 'success'; text: string } | { kind: 'error'; title: string; error: unknown };

export const ActionFeedback = forwardRef<HTMLDivElement, { feedback?: Feedback }>(function ActionFeedback({ feedback }, ref) {
  return (
    <div aria-live="polite" ref={ref} tabIndex={-1} style={{ outline: 'none' }}>
      {feedback?.kind === 'success' ? (
        <SectionMessage appearance="success">
          <Text as="p">{feedback.text}</Text>
        </SectionMessage>
      ) : null}
      {feedback?.kind === 'error' ? <ErrorMessage error={feedback.error} title={feedback.title} /> : null}
    </div>
  );
});
