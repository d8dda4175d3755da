/**
 * TestSync's Marketplace licence on this site, as Forge reports it to an invocation, and whether TestSync may work.
 *
 * What Forge gives, from Atlassian's pages (read September 2026) and the SDKs in package-lock.json:
 * - Resolvers: `context.license`, "only present for paid apps in the production environment"; "`license` is
 *   `undefined` for free apps, apps not listed on the Atlassian Marketplace, and apps in development and staging
 *   environments" — https://developer.atlassian.com/platform/forge/runtime-reference/custom-ui-resolver/ (and
 *   .../runtime-reference/forge-resolver/). @forge/resolver 2.0 copies it from the platform's invocation payload
 *   (`backendRuntimePayload.license`) over whatever the page sent, so a page cannot claim a licence.
 * - Every other function, scheduled triggers and queue consumers included: "Forge functions receive two arguments:
 *   a module-specific payload, and an object containing contextual information"; "Context is the same for all
 *   modules", with `license?: License` and the same undefined cases —
 *   https://developer.atlassian.com/platform/forge/function-reference/arguments/ ; and, anywhere in an invocation,
 *   `getAppContext().license` of @forge/api (8.3: `AppContext.license`) —
 *   https://developer.atlassian.com/platform/forge/runtime-reference/app-context-api/ .
 * - The flag is `active`; `isActive` is its older name, still sent and deprecated —
 *   https://developer.atlassian.com/platform/forge/forge-remote-invocation-contract/ (`app.license.active`).
 * - Not used: the License REST API (`GET /forge/app/v1/license` through `asApp().requestAtlassian`; the path was
 *   `/forge/installation/v1/license` until May 2026) allows 1 request per 5 minutes per installation and asks apps
 *   to cache it for about an hour — https://developer.atlassian.com/platform/forge/apis-reference/license-api/ —
 *   while every invocation already carries the same facts for free.
 * - Not used: `filter: { appIsLicensed: true }` on the scheduled trigger, which makes Forge skip it on unlicensed
 *   sites — https://developer.atlassian.com/platform/forge/manifest-reference/modules/scheduled-trigger/ — since
 *   the trigger is what records, once, in the sync history that scheduled syncs are paused.
 * - Other licence states on a development or staging install: `forge install --license active|inactive|trial` —
 *   https://developer.atlassian.com/platform/forge/cli-reference/install/ .
 *
 * The decision: a licence that says it is active → active; one that says it is not → inactive; no licence data
 * (undefined, null, or an object without the flag: a free, unlisted, development or staging install) → none, which
 * works as licensed. With `app.licensing.enabled` every production install of the paid app carries the object, so
 * "none" is never a lapsed subscription.
 */
import { getAppContext } from '@forge/api';

export type LicenceState = 'active' | 'inactive' | 'none';

/** What a licence object may hold that TestSync reads (the rest — billing period, trial end… — is not used). */
interface LicenceFlags {
  active?: unknown;
  isActive?: unknown;
}

/** The state a licence object (as Forge passes it, or anything else) stands for. */
export function licenceStateOf(license: unknown): LicenceState {
  if (license === null || typeof license !== 'object') return 'none';
  const { active, isActive } = license as LicenceFlags;
  const flag = typeof active === 'boolean' ? active : typeof isActive === 'boolean' ? isActive : undefined;
  if (flag === undefined) return 'none';
  return flag ? 'active' : 'inactive';
}

/** Whether TestSync works in this state: everything but a licence that says it is not active. */
export function mayWork(state: LicenceState): boolean {
  return state !== 'inactive';
}

/**
 * The licence of the running invocation: from the handler's context argument when it has one, else from
 * `getAppContext()` (the same object). No runtime at all counts as no licence data.
 */
export function invocationLicence(context?: unknown): LicenceState {
  if (context !== null && typeof context === 'object' && (context as { license?: unknown }).license !== undefined) {
    return licenceStateOf((context as { license?: unknown }).license);
  }
  try {
    return licenceStateOf(getAppContext().license);
  } catch {
    return 'none';
  }
}

/** The words every licence message starts with. */
export const LICENCE_INACTIVE = "TestSync's licence for this site is not active";

/** What a resolver answers (with the code LICENCE_INACTIVE) instead of doing anything. */
export const LICENCE_RESOLVER_MESSAGE =
  `${LICENCE_INACTIVE}. TestSync's settings and test results are not available until it is active again; ` +
  'the Jira issues it synced stay as they are.';

/** The cause of a run that a queued step ended. */
export const LICENCE_RUN_CAUSE =
  `${LICENCE_INACTIVE}: this sync stopped before its next step. Nothing it already synced was removed or changed; ` +
  'syncs start again once the licence is active.';

/** What the sync history says, once, when the scheduled syncs stop. */
export const LICENCE_SCHEDULE_NOTICE =
  `${LICENCE_INACTIVE}: scheduled syncs are paused and start again by themselves once it is active. ` +
  'Nothing already synced was removed or changed.';
