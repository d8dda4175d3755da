/** Whether the host (Jira) has supplied its design-token CSS to this frame, and waiting a little for it. */

export function tokensPresent(): boolean {
  return getComputedStyle(document.documentElement).getPropertyValue('--ds-text').trim() !== '';
}

/** Answers true once the host's tokens are there, false when `waitMs` passed without them. */
export async function waitForTokens(waitMs: number, pollMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  while (!tokensPresent()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return true;
}
