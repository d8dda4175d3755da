/**
 * Starts the panel: its first resolver call at once, the theme and the user's locale and time zone alongside,
 * then the React tree in #root.
 */
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { startLocale } from '../../shared/locale';
import { enableTheme } from './theme';

/** How long the first render waits for the host's theme and context, to avoid a flash of the wrong theme or time zone. */
const THEME_WAIT_MS = 2000;

export function boot(app: ReactNode): void {
  const container = document.getElementById('root');
  if (!container) throw new Error('#root is missing from index.html');
  const ready = Promise.race([Promise.all([enableTheme(), startLocale()]), new Promise((resolve) => setTimeout(resolve, THEME_WAIT_MS))]);
  void ready.finally(() => {
    createRoot(container).render(<StrictMode>{app}</StrictMode>);
  });
}
