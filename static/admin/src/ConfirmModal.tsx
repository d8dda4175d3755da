/** A confirmation in a modal: what will happen, and a danger button that does it (Cancel has focus first). */
import Button from '@atlaskit/button/new';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import { useRef, type ReactNode } from 'react';
import { ErrorMessage } from '../../shared/ErrorMessage';

interface Props {
  isOpen: boolean;
  title: string;
  confirmLabel: string;
  busy: boolean;
  error?: unknown;
  errorTitle: string;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}

export function ConfirmModal({ isOpen, title, confirmLabel, busy, error, errorTitle, onConfirm, onClose, children, testId }: Props) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <ModalTransition>
      {isOpen ? (
        <ModalDialog onClose={busy ? undefined : onClose} width="medium" autoFocus={cancelRef} shouldReturnFocus={false} label={title} testId={testId}>
          <ModalHeader>
            <ModalTitle appearance="danger">{title}</ModalTitle>
          </ModalHeader>
          <ModalBody>
            {children}
            {error ? (
              <div style={{ marginBlockStart: 16 }}>
                <ErrorMessage error={error} title={errorTitle} />
              </div>
            ) : null}
          </ModalBody>
          <ModalFooter>
            <Button ref={cancelRef} appearance="subtle" onClick={onClose} isDisabled={busy}>
              Cancel
            </Button>
            <Button appearance="danger" onClick={onConfirm} isLoading={busy}>
              {confirmLabel}
            </Button>
          </ModalFooter>
        </ModalDialog>
      ) : null}
    </ModalTransition>
  );
}
