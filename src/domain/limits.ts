/**
 * Jira's size limits and what the sync does about them: shorten with a visible note, never be rejected.
 * Links from a tool are data: only http(s) URLs become links.
 */

/** Characters Jira accepts in a summary. */
export const SUMMARY_MAX = 255;
/** Characters Jira accepts in a rich-text field (the description's stored ADF JSON). */
export const DESCRIPTION_MAX = 32_767;

/** Cuts text to `max` characters, marking the cut with an ellipsis. */
export function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** The URL when it is an absolute http(s) URL; undefined for anything else (`javascript:`, `data:`, relative). */
export function safeUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? value.trim() : undefined;
  } catch {
    return undefined;
  }
}
