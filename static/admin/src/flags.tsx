/**
 * What became of an action, as Atlaskit flags (bottom left, like Jira's): successes dismiss themselves, errors
 * stay until dismissed. Flags use the normal appearance with a coloured icon, so the description and actions
 * (e.g. "View details") show at once instead of behind a bold flag's expander.
 */
import Flag, { AutoDismissFlag, FlagGroup } from '@atlaskit/flag';
import ErrorIcon from '@atlaskit/icon/core/status-error';
import InformationIcon from '@atlaskit/icon/core/status-information';
import SuccessIcon from '@atlaskit/icon/core/status-success';
import { token } from '@atlaskit/tokens';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { toDisplayError } from '../../shared/bridge';

export interface FlagAction {
  content: string;
  onClick: () => void;
}

export interface Notify {
  success: (title: string, description?: ReactNode, actions?: FlagAction[]) => void;
  info: (title: string, description?: ReactNode, actions?: FlagAction[]) => void;
  /**
   * An error: `error` may be what was thrown (its message is shown). It stays until dismissed, unless the page
   * shows the same thing where it happened (`alsoOnPage`).
   */
  error: (title: string, error?: unknown, actions?: FlagAction[], alsoOnPage?: boolean) => void;
}

let nextId = 0;

/** A flag shows five lines of description (more would scroll inside it): longer texts are cut. */
const DESCRIPTION_MAX = 200;
const clip = (d: ReactNode) => (typeof d === 'string' && d.length > DESCRIPTION_MAX ? `${d.slice(0, DESCRIPTION_MAX - 1).trimEnd()}…` : d);

interface Shown {
  id: string;
  appearance: 'success' | 'info' | 'error';
  sticky: boolean;
  title: string;
  description?: ReactNode;
  actions?: FlagAction[];
}

const ICONS = {
  success: <SuccessIcon label="Success" color={token('color.icon.success')} />,
  info: <InformationIcon label="Information" color={token('color.icon.information')} />,
  error: <ErrorIcon label="Error" color={token('color.icon.danger')} />,
};

const ShowContext = createContext<(flag: Shown) => void>(() => undefined);

/**
 * Keeps the flags and draws them in a "Notifications" landmark of their own (not in a portal outside every
 * landmark), above the page but under its modals (which show their own outcome), so a flag never covers a
 * modal's buttons.
 */
export function NotifyProvider({ children }: { children: ReactNode }) {
  const [flags, setFlags] = useState<Shown[]>([]);
  const show = useCallback((flag: Shown) => setFlags((current) => [flag, ...current]), []);
  const dismiss = useCallback((id: string | number) => setFlags((current) => current.filter((f) => f.id !== id)), []);
  return (
    <ShowContext.Provider value={show}>
      {children}
      <section aria-label="Notifications" style={{ position: 'relative', zIndex: 400 }}>
        <FlagGroup onDismissed={dismiss} shouldRenderToParent label="Notifications">
          {flags.map(({ id, appearance, sticky, title, description, actions }) => {
            const Type = sticky ? Flag : AutoDismissFlag;
            return (
              <Type
                key={id}
                id={id}
                icon={ICONS[appearance]}
                title={title}
                {...(description ? { description } : {})}
                {...(actions?.length ? { actions: actions.map((a) => ({ content: a.content, onClick: a.onClick })) } : {})}
              />
            );
          })}
        </FlagGroup>
      </section>
    </ShowContext.Provider>
  );
}

export function useNotify(): Notify {
  const showFlag = useContext(ShowContext);
  const show = useCallback(
    (appearance: 'success' | 'info' | 'error', title: string, description: ReactNode, actions: FlagAction[] | undefined, sticky = false) => {
      showFlag({ id: `testsync-flag-${++nextId}`, appearance, sticky, title, ...(description ? { description: clip(description) } : {}), ...(actions?.length ? { actions } : {}) });
    },
    [showFlag],
  );
  return useMemo(
    () => ({
      success: (title, description, actions) => show('success', title, description, actions),
      info: (title, description, actions) => show('info', title, description, actions),
      error: (title, error, actions, alsoOnPage) => {
        const shown = error === undefined ? undefined : typeof error === 'string' ? error : toDisplayError(error).message;
        show('error', title, shown, actions, !alsoOnPage);
      },
    }),
    [show],
  );
}
