/**
 * The admin page's one setting for bugs created from failed tests: the issue link type (and the bug's side of it)
 * that links a bug to its test and to the requirements the test covers.
 */
import { bugLinkSettingView, saveBugLinkSetting } from '../defects/link-setting';
import { siteLinkTypes } from '../jira/bugs';
import { BugLinkSettingInput, type BugLinkSettingView } from './contract';
import { ApiFailure } from './guard';

export async function getBugLinkSetting(): Promise<BugLinkSettingView> {
  return bugLinkSettingView(await siteLinkTypes());
}

export async function saveBugLink(raw: unknown, accountId: string | undefined): Promise<BugLinkSettingView> {
  const input = BugLinkSettingInput.parse(raw);
  const types = await siteLinkTypes();
  const saved = await saveBugLinkSetting(input, types, accountId ?? 'unknown');
  if (!saved) {
    throw new ApiFailure('INVALID_INPUT', `This Jira site has no issue link type "${input.linkType}" that TestSync can link a bug with; choose one of the list.`);
  }
  return bugLinkSettingView(types);
}
