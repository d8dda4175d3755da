/** Links out of the panel: to a Jira issue (through the bridge's router) and to a test in its tool (new tab). */
import { router } from '@forge/bridge';
import type { MouseEvent, ReactNode } from 'react';
import type { PanelTest } from '../../../../src/resolvers/contract';

export function issueHref(issueKey: string, siteUrl?: string): string {
  return `${siteUrl ?? ''}/browse/${encodeURIComponent(issueKey)}`;
}

/** Where "Open in <tool>" goes: the tool's page, or the issue itself for Xray tests (they are Jira issues). */
export function toolHref(test: PanelTest, siteUrl?: string): string | undefined {
  if (test.url) return test.url;
  return test.issueKey ? issueHref(test.issueKey, siteUrl) : undefined;
}

/** A plain click navigates Jira's own tab through the bridge; a modified click follows the href. */
export function IssueLink({ issueKey, siteUrl, children }: { issueKey: string; siteUrl?: string; children?: ReactNode }) {
  const href = issueHref(issueKey, siteUrl);
  function onClick(e: MouseEvent<HTMLAnchorElement>) {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    router.navigate({ target: 'issue', issueKey }).catch(() => window.open(href, '_blank', 'noopener'));
  }
  return (
    <a className="tsp-link tsp-issue-link" href={href} onClick={onClick}>
      {children ?? issueKey}
    </a>
  );
}

/**
 * Opens outside the Jira frame in a new tab. `label` is the accessible name when the visible text is shorter
 * (it contains the visible text, so speech input finds it); `title` adds context on hover.
 */
export function ExternalLink({ href, children, label, title }: { href: string; children: ReactNode; label?: string; title?: string }) {
  return (
    <a className="tsp-link" href={href} target="_blank" rel="noopener noreferrer" aria-label={label} title={title}>
      {children}
      <span aria-hidden="true"> ↗</span>
    </a>
  );
}
