/**
 * The connections: "Add connection" (the area's one primary action), the table of connections, the details
 * of the one opened from its row, and the forms and confirmations its row menu opens.
 */
import Button from '@atlaskit/button/new';
import DropdownMenu, { DropdownItem, DropdownItemGroup } from '@atlaskit/dropdown-menu';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import { useEffect, useId, useRef, useState } from 'react';
import type { AdminOverview, ConnectionView, RunSummary } from '../../../src/resolvers/contract';
import { EmptyState } from '../../shared/EmptyState';
import { plural } from '../../shared/format';
import { ConnectionFormModal, type FormTarget } from './ConnectionFormModal';
import { ConnectionPanel, type PanelTab } from './ConnectionPanel';
import { ConnectionsTable } from './ConnectionsTable';
import { checkTitle } from './ConnectionTestMessage';
import { CONNECTABLE_TOOLS, describeTool } from './connectionTools';
import type { Notify } from './flags';
import { RemoveConnectionModals } from './RemoveConnectionModals';
import { useConnectionActions } from './useConnectionActions';

interface Props {
  overview: AdminOverview;
  notify: Notify;
  latest: (run: RunSummary) => RunSummary;
  watch: (run: RunSummary) => void;
  reload: () => Promise<void>;
  openRun: (runId: string) => void;
}

export function ConnectionsArea({ overview, notify, latest, watch, reload, openRun }: Props) {
  const [formTarget, setFormTarget] = useState<FormTarget>();
  const [open, setOpen] = useState<{ id: string; tab: PanelTab }>();
  const panelId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const panelHeadingRef = useRef<HTMLHeadingElement>(null);
  /** Where focus goes once the page shows what changed. */
  const [focusTarget, setFocusTarget] = useState<{ row?: string; panel?: boolean }>();

  useEffect(() => {
    if (!focusTarget) return undefined;
    let tries = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Waits for a closing modal to let go of focus and for the row to be drawn.
    const attempt = () => {
      const target = focusTarget.panel
        ? panelHeadingRef.current
        : focusTarget.row
          ? document.querySelector<HTMLElement>(`[data-connection-id="${CSS.escape(focusTarget.row)}"]`)
          : headingRef.current;
      if (target && !document.querySelector('[role="dialog"]')) {
        target.focus();
        if (focusTarget.panel) target.scrollIntoView({ block: 'nearest' });
        setFocusTarget(undefined);
      } else if (++tries < 60) timer = setTimeout(attempt, 50);
      else setFocusTarget(undefined);
    };
    attempt();
    return () => clearTimeout(timer);
  }, [focusTarget, overview]);

  const focusRow = (id?: string) => setFocusTarget(id ? { row: id } : {});
  const actions = useConnectionActions({ notify, watch, reload, openRun, focusRow });
  const connections = overview.connections;
  const opened = connections.find((c) => c.id === open?.id);

  function openPanel(c: ConnectionView, tab: PanelTab) {
    setOpen({ id: c.id, tab });
    setFocusTarget({ panel: true });
  }

  function onSaved(view: ConnectionView, check: { ok: boolean; message: string; cause: string; fix?: string }) {
    setFormTarget(undefined);
    if (check.ok) notify.success(`${view.name} is saved`, `Connection works: ${check.message}`);
    else notify.error(`${view.name} is saved, but its check failed`, `${check.message} The fix is on its row.`, undefined, true);
    void reload().then(() => focusRow(view.id));
  }

  return (
    <section aria-labelledby="connections-heading">
      <Stack space="space.200">
        <Inline spread="space-between" alignBlock="center" shouldWrap space="space.100">
          <Heading size="large" as="h2" id="connections-heading">
            <span ref={headingRef} tabIndex={-1} style={{ outline: 'none' }}>
              Connections
            </span>
          </Heading>
          <DropdownMenu<HTMLButtonElement>
            placement="bottom-end"
            shouldRenderToParent
            label="Add connection"
            trigger={({ triggerRef, isSelected: _selected, ...props }) => (
              <Button {...props} ref={triggerRef} appearance="primary">
                Add connection
              </Button>
            )}
          >
            <DropdownItemGroup>
              {CONNECTABLE_TOOLS.map((tool) => (
                <DropdownItem key={tool} onClick={() => setFormTarget({ kind: 'add', tool })}>
                  {describeTool(tool).name}
                </DropdownItem>
              ))}
            </DropdownItemGroup>
          </DropdownMenu>
        </Inline>
        {connections.length === 0 ? (
          <EmptyState header="No connections yet" description="Add a qTest, Xray or QMetry connection to start syncing tests into Jira." headingLevel="h3" />
        ) : (
          <>
            <Text as="p" color="color.text.subtle">
              {plural(connections.length, 'connection')}. Open one by its name for its mappings, failed items and status
              mapping; its actions are in its row's menu.
            </Text>
            <ConnectionsTable
              connections={connections}
              latest={latest}
              openId={open?.id}
              panelId={panelId}
              busy={actions.busy}
              onToggle={(c) => (open?.id === c.id ? setOpen(undefined) : openPanel(c, 'mappings'))}
              onAction={(c, action) => {
                if (action === 'edit') setFormTarget({ kind: 'edit', connection: c });
                else if (action === 'statuses') openPanel(c, 'statuses');
                else actions.run(c, action, c.lastRun ? latest(c.lastRun) : undefined);
              }}
            />
          </>
        )}
        {opened ? (
          <ConnectionPanel
            ref={panelHeadingRef}
            id={panelId}
            connection={opened}
            run={opened.lastRun ? latest(opened.lastRun) : undefined}
            jiraProjects={overview.jiraProjects}
            tab={open!.tab}
            onTab={(tab) => setOpen({ id: opened.id, tab })}
            onChanged={() => void reload()}
            onOpenRun={openRun}
            onClose={() => {
              setOpen(undefined);
              focusRow(opened.id);
            }}
          />
        ) : null}
      </Stack>
      <ConnectionFormModal
        target={formTarget}
        onSaved={onSaved}
        onCheckFailed={(name, check) => notify.error(`${name} was not saved: ${checkTitle(check).toLowerCase()}`, 'The form shows the cause and how to fix it.', undefined, true)}
        onClose={() => {
          const editing = formTarget?.kind === 'edit' ? formTarget.connection.id : undefined;
          setFormTarget(undefined);
          focusRow(editing);
        }}
      />
      <RemoveConnectionModals
        removal={actions.removal}
        jiraProjects={overview.jiraProjects}
        busy={actions.removing}
        error={actions.removalError}
        onConfirm={actions.confirmRemoval}
        onClose={actions.closeRemoval}
      />
    </section>
  );
}
