/** A connection row's actions, in one menu: edit, test, sync, dry run, status mapping, cancel, disconnect, delete. */
import Button from '@atlaskit/button/new';
import DropdownMenu, { DropdownItem, DropdownItemGroup } from '@atlaskit/dropdown-menu';
import type { ConnectionView, RunSummary } from '../../../src/resolvers/contract';
import { isActive } from './runs';

export type RowAction = 'edit' | 'test' | 'sync' | 'dry' | 'statuses' | 'cancel' | 'disconnect' | 'delete';

interface Props {
  connection: ConnectionView;
  /** The connection's latest run, as fresh as the page knows it. */
  run?: RunSummary;
  busy?: RowAction;
  onAction: (action: RowAction) => void;
}

/** Why "Sync now" and "Dry run" cannot run, if they cannot. */
export function syncBlocker(c: ConnectionView, run: RunSummary | undefined): string | undefined {
  if (!c.hasSecret && c.health?.status === 'disconnected') return 'Disconnected: edit it to connect again';
  if (!c.hasSecret) return 'No credential stored';
  if (!c.enabled) return 'Disabled: edit it to enable';
  if (c.mappings.length === 0) return 'Map a project first';
  if (run && isActive(run)) return 'A sync is under way';
  return undefined;
}

export function ConnectionRowMenu({ connection: c, run, busy, onAction }: Props) {
  const blocker = syncBlocker(c, run);
  const active = run && isActive(run) && !run.cancelRequested;
  return (
    <DropdownMenu<HTMLButtonElement>
      placement="bottom-end"
      shouldRenderToParent
      trigger={({ triggerRef, isSelected: _selected, ...props }) => (
        <Button {...props} ref={triggerRef} spacing="compact" aria-label={`Actions for ${c.name}`} isLoading={!!busy} testId={`row-actions-${c.id}`}>
          Actions
        </Button>
      )}
      label={`Actions for ${c.name}`}
    >
      <DropdownItemGroup>
        <DropdownItem onClick={() => onAction('edit')}>Edit</DropdownItem>
        <DropdownItem onClick={() => onAction('test')} isDisabled={!c.hasSecret} {...(!c.hasSecret ? { description: 'No credential stored' } : {})}>
          Test connection
        </DropdownItem>
        <DropdownItem onClick={() => onAction('sync')} isDisabled={!!blocker} {...(blocker ? { description: blocker } : {})}>
          Sync now
        </DropdownItem>
        <DropdownItem onClick={() => onAction('dry')} isDisabled={!!blocker} {...(blocker ? { description: blocker } : {})}>
          Dry run
        </DropdownItem>
        <DropdownItem onClick={() => onAction('statuses')}>Status mapping</DropdownItem>
        {active ? <DropdownItem onClick={() => onAction('cancel')}>Cancel sync</DropdownItem> : null}
      </DropdownItemGroup>
      <DropdownItemGroup hasSeparator>
        {c.hasSecret || c.health?.status !== 'disconnected' ? <DropdownItem onClick={() => onAction('disconnect')}>Disconnect</DropdownItem> : null}
        <DropdownItem onClick={() => onAction('delete')}>Delete</DropdownItem>
      </DropdownItemGroup>
    </DropdownMenu>
  );
}
