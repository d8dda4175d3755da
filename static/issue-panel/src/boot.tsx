/** Starts the panel: its first resolver call at once, the theme alongside, then the React tree in #root. */
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { enableTheme } from './theme';

/** How long the first render waits for the host's theme, to avoid a flash of the wrong theme. */
const THEME_WAIT_MS = 2000;

export function boot(app: ReactNode): void {
  const container = document.getElementById('root');
  if (!container) throw new Error('#root is missing from index.html');
  const themed = Promise.race([enableTheme(), new Promise((resolve) => setTimeout(resolve, THEME_WAIT_MS))]);
  void themed.finally(() => {
    createRoot(container).render(<StrictMode>{app}</StrictMode>);
  });
}
