/**
 * Theming: asks the host (Jira) to apply its light/dark theme to this frame. The host sets
 * `data-color-mode` on <html> and supplies the design-token CSS. When the host answers without
 * supplying the token CSS (a bare local host, for instance), the tokens' own theme loader fills in,
 * following the colour mode the host set, or the OS setting when it set none.
 */
import { view } from '@forge/bridge';
import { waitForTokens } from './host-tokens';
import { setGlobalTheme } from '@atlaskit/tokens/set-global-theme';


/** How long the host's token stylesheet may take to arrive before the local fallback loads. */
const HOST_TOKENS_WAIT_MS = 1000;
const POLL_MS = 50;


async function loadTokensLocally(): Promise<void> {
  const mode = document.documentElement.getAttribute('data-color-mode');
  await setGlobalTheme({ colorMode: mode === 'dark' || mode === 'light' ? mode : 'auto' });
}

export async function enableTheme(): Promise<void> {
  try {
    await view.theme.enable();
  } catch (e) {
    console.warn('Theming is not available from the host:', e);
  }
  if (!(await waitForTokens(HOST_TOKENS_WAIT_MS, POLL_MS))) {
    try {
      await loadTokensLocally();
    } catch (e) {
      console.warn('Design tokens could not be loaded:', e);
    }
  }
}
