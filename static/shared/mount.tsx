/** Starts a Custom UI app: theme and the user's locale and time zone first, then the React tree in #root. */
import '@atlaskit/css-reset';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { token } from '@atlaskit/tokens';
import { startLocale } from './locale';
import { enableTheme } from './theme';

/**
 * How long the first render waits for the host's theme and the context (locale, time zone), to avoid a flash of
 * the wrong theme or of dates in the browser's zone.
 */
const THEME_WAIT_MS = 2000;

export function mount(app: ReactNode): void {
  const container = document.getElementById('root');
  if (!container) throw new Error('#root is missing from index.html');
  document.body.style.backgroundColor = token('elevation.surface');
  document.body.style.color = token('color.text');
  const ready = Promise.race([Promise.all([enableTheme(), startLocale()]), new Promise((resolve) => setTimeout(resolve, THEME_WAIT_MS))]);
  void ready.finally(() => {
    createRoot(container).render(<StrictMode>{app}</StrictMode>);
  });
}
