/**
 * A link to a Jira issue. A plain click navigates Jira's own tab through the bridge's router; a
 * modified click (new tab/window) follows the href.
 */
import { router } from '@forge/bridge';
import { token } from '@atlaskit/tokens';
import type { MouseEvent } from 'react';

export function IssueLink({ issueKey, siteUrl }: { issueKey: string; siteUrl?: string }) {
  const href = `${siteUrl ?? ''}/browse/${encodeURIComponent(issueKey)}`;
  function onClick(e: MouseEvent<HTMLAnchorElement>) {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    router.navigate({ target: 'issue', issueKey }).catch(() => window.open(href, '_blank', 'noopener'));
  }
  return (
    <a href={href} onClick={onClick} style={{ color: token('color.link'), fontWeight: token('font.weight.medium') }}>
      {issueKey}
    </a>
  );
}
