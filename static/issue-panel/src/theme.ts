/**
 * Theming for the panel: asks Jira to apply its light/dark theme to this frame (Jira sets `data-color-mode` and
 * supplies the design tokens' CSS). Only when no token CSS arrives does the tokens' own theme loader run, loaded
 * on demand so the first load stays light.
 */
import { view } from '@forge/bridge';
import { waitForTokens } from '../../shared/host-tokens';

const HOST_TOKENS_WAIT_MS = 1000;
const POLL_MS = 25;



export async function enableTheme(): Promise<void> {
  try {
    await view.theme.enable();
  } catch (e) {
    console.info('Theming is not available from the host:', e);
  }
  if (await waitForTokens(HOST_TOKENS_WAIT_MS, POLL_MS)) return;
  try {
    const { setGlobalTheme } = await import('@atlaskit/tokens/set-global-theme');
    const mode = document.documentElement.getAttribute('data-color-mode');
    await setGlobalTheme({ colorMode: mode === 'dark' || mode === 'light' ? mode : 'auto' });
  } catch (e) {
    console.warn('Design tokens could not be loaded:', e);
  }
}
