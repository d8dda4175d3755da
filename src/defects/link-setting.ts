/**
 * How a bug created from a failed test is linked to the test and to the requirements it covers: an issue link
 * type of the site and the description the bug takes in it. An admin chooses it on the admin page; until then,
 * Jira's default "Blocks" with the bug blocking (a story cannot ship while its bug is open), else "Relates".
 */
import { z } from 'zod';
import type { BugLinkOption, BugLinkSetting, BugLinkSettingView } from '../resolvers/contract';
import { BugLinkSettingInput } from '../resolvers/contract';
import { kv } from '../platform/kv';
import type { BugLinkType, SiteLinkType } from '../jira/bugs';

const KEY = 'settings:bug-link';

const Stored = BugLinkSettingInput.extend({ updatedAt: z.iso.datetime(), updatedBy: z.string().max(128) });

/** The link types the sync uses between a test and its requirements ("tests"): never offered for bugs. */
const isTestLinkType = (t: SiteLinkType) => t.outward.trim().toLowerCase() === 'tests';

const symmetric = (t: SiteLinkType) => t.inward.trim().toLowerCase() === t.outward.trim().toLowerCase();

export function optionLabel(type: SiteLinkType, bugSide: BugLinkSetting['bugSide']): string {
  return `Bug ${bugSide === 'outward' ? type.outward : type.inward} the test and its requirements (${type.name})`;
}

/** Each link type of the site, once per description (a symmetric type such as "Relates" once). */
export function linkOptions(types: SiteLinkType[]): BugLinkOption[] {
  return types
    .filter((t) => !isTestLinkType(t))
    .flatMap((t) => (symmetric(t) ? (['outward'] as const) : (['outward', 'inward'] as const)).map((bugSide) => ({ linkType: t.name, bugSide, label: optionLabel(t, bugSide) })));
}

/** Jira's default: the bug blocks; on a site without "Blocks", it relates. */
function defaultSetting(types: SiteLinkType[]): BugLinkSetting | undefined {
  const blocks = types.find((t) => t.name.toLowerCase() === 'blocks');
  if (blocks) return { linkType: blocks.name, bugSide: 'outward' };
  const relates = types.find((t) => t.name.toLowerCase() === 'relates');
  return relates ? { linkType: relates.name, bugSide: 'outward' } : undefined;
}

async function storedSetting(): Promise<BugLinkSetting | undefined> {
  const parsed = Stored.safeParse(await kv().get(KEY));
  return parsed.success ? { linkType: parsed.data.linkType, bugSide: parsed.data.bugSide } : undefined;
}

/** The setting in force on this site: the admin's while its link type exists, else the default. */
export async function bugLinkSettingView(types: SiteLinkType[]): Promise<BugLinkSettingView> {
  const options = linkOptions(types);
  const stored = await storedSetting();
  const chosen = stored && options.find((o) => o.linkType.toLowerCase() === stored.linkType.toLowerCase() && o.bugSide === stored.bugSide);
  const fallback = defaultSetting(types);
  const current = chosen ?? (fallback && options.find((o) => o.linkType === fallback.linkType && o.bugSide === fallback.bugSide)) ?? options[0];
  if (!current) throw new Error('This Jira site has no issue link type to link a bug with');
  return { current, isDefault: !chosen, options };
}

/** The link type to link a bug with now. */
export async function bugLinkType(types: SiteLinkType[]): Promise<BugLinkType> {
  const { current } = await bugLinkSettingView(types);
  return { name: current.linkType, bugIsOutward: current.bugSide === 'outward' };
}

/** Stores an admin's choice; answers the option it is, or undefined when the site has no such link type. */
export async function saveBugLinkSetting(input: BugLinkSetting, types: SiteLinkType[], accountId: string, now = new Date()): Promise<BugLinkOption | undefined> {
  const option = linkOptions(types).find((o) => o.linkType.toLowerCase() === input.linkType.toLowerCase() && o.bugSide === input.bugSide);
  if (!option) return undefined;
  await kv().set(KEY, Stored.parse({ linkType: option.linkType, bugSide: option.bugSide, updatedAt: now.toISOString(), updatedBy: accountId }));
  return option;
}
