/**
 * What became of an action, as Atlaskit flags (bottom left, like Jira's): successes dismiss themselves, errors
 * stay until dismissed. A flag may carry actions (e.g. "View details").
 */
import Flag, { AutoDismissFlag, FlagGroup } from '@atlaskit/flag';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { toDisplayError } from '../../shared/bridge';

export interface FlagAction {
  content: string;
  onClick: () => void;
}

export interface Notify {
  success: (title: string, description?: ReactNode, actions?: FlagAction[]) => void;
  info: (title: string, description?: ReactNode, actions?: FlagAction[]) => void;
  /** An error: `error` may be what was thrown (its message and code are shown). */
  error: (title: string, error?: unknown, actions?: FlagAction[]) => void;
}

let nextId = 0;

interface Shown {
  id: string;
  appearance: 'success' | 'info' | 'error';
  title: string;
  description?: ReactNode;
  actions?: FlagAction[];
}

const ShowContext = createContext<(flag: Shown) => void>(() => undefined);

/**
 * Keeps the flags and draws them in a "Notifications" landmark of their own (not in a portal outside every
 * landmark), above the page and its modals.
 */
export function NotifyProvider({ children }: { children: ReactNode }) {
  const [flags, setFlags] = useState<Shown[]>([]);
  const show = useCallback((flag: Shown) => setFlags((current) => [flag, ...current]), []);
  const dismiss = useCallback((id: string | number) => setFlags((current) => current.filter((f) => f.id !== id)), []);
  return (
    <ShowContext.Provider value={show}>
      {children}
      <section aria-label="Notifications" style={{ position: 'relative', zIndex: 600 }}>
        <FlagGroup onDismissed={dismiss} shouldRenderToParent label="Notifications">
          {flags.map(({ id, appearance, title, description, actions }) => {
            const Type = appearance === 'error' ? Flag : AutoDismissFlag;
            return (
              <Type
                key={id}
                id={id}
                appearance={appearance}
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
    (appearance: 'success' | 'info' | 'error', title: string, description: ReactNode, actions: FlagAction[] | undefined) => {
      showFlag({ id: `testsync-flag-${++nextId}`, appearance, title, ...(description ? { description } : {}), ...(actions?.length ? { actions } : {}) });
    },
    [showFlag],
  );
  return useMemo(
    () => ({
      success: (title, description, actions) => show('success', title, description, actions),
      info: (title, description, actions) => show('info', title, description, actions),
      error: (title, error, actions) => {
        const shown = error === undefined ? undefined : typeof error === 'string' ? error : toDisplayError(error).message;
        show('error', title, shown, actions);
      },
    }),
    [show],
  );
}
