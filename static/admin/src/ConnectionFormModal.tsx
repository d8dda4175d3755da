/** Adding or editing a connection, in a modal: the form (loaded when first opened), which checks before it saves. */
import ModalDialog, { ModalBody, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import { useId } from 'react';
import type { Tool } from '../../../src/domain/model';
import type { ConnectionTestResult, ConnectionView } from '../../../src/resolvers/contract';
import { describeTool } from './connectionTools';
import { LazyConnectionForm } from './LazyConnectionForm';

export type FormTarget = { kind: 'add'; tool: Tool } | { kind: 'edit'; connection: ConnectionView };

interface Props {
  target?: FormTarget;
  onSaved: (view: ConnectionView, check: ConnectionTestResult) => void;
  onCheckFailed: (name: string, check: ConnectionTestResult) => void;
  onClose: () => void;
}

export function ConnectionFormModal({ target, onSaved, onCheckFailed, onClose }: Props) {
  const titleId = useId();
  const tool = target ? (target.kind === 'add' ? target.tool : target.connection.tool) : undefined;
  const title = target ? (target.kind === 'add' ? `Add ${describeTool(target.tool).name} connection` : `Edit ${target.connection.name}`) : '';
  return (
    <ModalTransition>
      {target && tool ? (
        <ModalDialog onClose={onClose} width="medium" shouldScrollInViewport shouldReturnFocus={false} label={title} testId="connection-form-modal">
          <ModalHeader>
            <ModalTitle>
              <span id={titleId}>{title}</span>
            </ModalTitle>
          </ModalHeader>
          <ModalBody>
            <div style={{ paddingBlockEnd: 16 }}>
              <LazyConnectionForm
                tool={tool}
                {...(target.kind === 'edit' ? { existing: target.connection } : {})}
                labelledBy={titleId}
                onSaved={onSaved}
                onCheckFailed={(check) => onCheckFailed(target.kind === 'edit' ? target.connection.name : title, check)}
                onCancel={onClose}
              />
            </div>
          </ModalBody>
        </ModalDialog>
      ) : null}
    </ModalTransition>
  );
}
