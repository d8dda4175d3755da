/**
 * The site's licence as the resolvers report it: every resolver answers the code LICENCE_INACTIVE while TestSync's
 * licence for the site is not active (src/resolvers/guard.ts). The bridge notes such an answer here, so a page
 * shows the licence message in place of its content, whichever call met it. No Atlaskit here: the issue panel
 * loads the message component (LicenceMessage.tsx) only when it is needed.
 */
import { useSyncExternalStore } from 'react';

export const LICENCE_INACTIVE_CODE = 'LICENCE_INACTIVE';

export const LICENCE_TITLE = "TestSync's licence for this site is not active";

/** What the message says, to a Jira admin on the admin page or to whoever opened the issue panel. */
export const LICENCE_WORDS = {
  admin: [
    'TestSync does not sync, and its settings cannot be viewed or changed, while its licence is inactive. ' +
      'Scheduled syncs are paused. The Jira issues, links and results it already synced stay as they are, and so do its connections and mappings.',
    'To use TestSync again, renew or subscribe to it in Jira settings → Apps → Manage apps. Syncs start again by themselves once the licence is active.',
  ],
  viewer: [
    'Test results from TestSync are not shown while its licence is inactive. The Jira issues it synced stay as they are.',
    'Ask a Jira admin to renew TestSync in Jira settings → Apps → Manage apps.',
  ],
} as const;

export type LicenceAudience = keyof typeof LICENCE_WORDS;

/** Whether an error (a resolver's answer, as the bridge throws it) says the licence is not active. */
export function isLicenceInactive(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === LICENCE_INACTIVE_CODE;
}

let inactive = false;
const listeners = new Set<() => void>();

function set(value: boolean): void {
  if (inactive === value) return;
  inactive = value;
  for (const listener of listeners) listener();
}

/** Called by the bridge when a resolver answered LICENCE_INACTIVE. */
export function noteLicenceInactive(): void {
  set(true);
}

/** Before looking again ("Check again"): the next answer says whether it still is. */
export function forgetLicenceInactive(): void {
  set(false);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True once any resolver call of the page answered LICENCE_INACTIVE (until forgotten). */
export function useLicenceInactive(): boolean {
  return useSyncExternalStore(subscribe, () => inactive);
}
