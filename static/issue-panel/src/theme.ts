/**
 * Theming for the panel: asks Jira to apply its light/dark theme to this frame (Jira sets `data-color-mode` and
 * supplies the design tokens' CSS). Only when no token CSS arrives does the tokens' own theme loader run, loaded
 * on demand so the first load stays light.
 */
import { view } from '@forge/bridge';

const HOST_TOKENS_WAIT_MS = 1000;
const POLL_MS = 25;

function tokensPresent(): boolean {
  return getComputedStyle(document.documentElement).getPropertyValue('--ds-text').trim() !== '';
}

async function waitForTokens(): Promise<boolean> {
  const deadline = Date.now() + HOST_TOKENS_WAIT_MS;
  while (!tokensPresent()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}

export async function enableTheme(): Promise<void> {
  try {
    await view.theme.enable();
  } catch (e) {
    console.info('Theming is not available from the host:', e);
  }
  if (await waitForTokens()) return;
  try {
    const { setGlobalTheme } = await import('@atlaskit/tokens/set-global-theme');
    const mode = document.documentElement.getAttribute('data-color-mode');
    await setGlobalTheme({ colorMode: mode === 'dark' || mode === 'light' ? mode : 'auto' });
  } catch (e) {
    console.warn('Design tokens could not be loaded:', e);
  }
}
