/**
 * Display formatting shared by the apps: tools, dates, durations, counts. Dates, times and numbers follow the
 * page's formatter (formatter.ts): the user's Jira locale and time zone once the page has read its context
 * (locale.ts), the browser's until then.
 */
import type { Tool } from '../../src/domain/model';
import { createFormatter, type Formatter } from './formatter';

export const TOOL_NAMES: Record<Tool, string> = {
  xray: 'Xray',
  qtest: 'qTest',
  qmetry: 'QMetry',
};

export function toolName(tool: Tool | string): string {
  return (TOOL_NAMES as Record<string, string>)[tool] ?? tool;
}

let page: Formatter = createFormatter();

/** Makes `formatter` the page's: every format function below uses it from then on. */
export function setPageFormatter(formatter: Formatter): void {
  page = formatter;
}

/** The page's formatter (the browser's locale and time zone until the context has been read). */
export function pageFormatter(): Formatter {
  return page;
}

/** Exact date and time in the user's time zone, e.g. "Nov 21, 2025, 02:03:12 PM"; `zone` names the zone. */
export function formatDateTime(iso: string | undefined, options?: { zone?: boolean }): string {
  return page.dateTime(iso, options);
}

/** A date without time, for expiry dates given as YYYY-MM-DD (the same day in every time zone). */
export function formatDay(day: string | undefined): string {
  return page.day(day);
}

/** Relative time such as "3 hours ago" or "in 2 days", in the user's locale. */
export function formatRelative(iso: string | undefined, now: number = Date.now()): string {
  return page.relative(iso, now);
}

/** Whole days from today as "in 3 days" or "3 days ago", in the user's locale. */
export function formatDays(days: number): string {
  return page.days(days);
}

/** A duration in milliseconds as "850 ms", "12.4 s" or "3 min 5 s". */
export function formatDuration(ms: number | undefined): string {
  return page.duration(ms);
}

/** A count or other number with the locale's grouping, e.g. "12,345" ("12.345" in German); `fractionDigits` fixes the decimals. */
export function formatNumber(value: number, fractionDigits?: number): string {
  return page.number(value, fractionDigits);
}

/** "1 test", "1,234 tests": the count in the user's locale, the words as given. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return page.plural(count, one, many);
}

/** A wait in whole seconds as "30 s" or "2 min 5 s". */
export function formatSeconds(seconds: number): string {
  return page.seconds(seconds);
}

/** The clock time of an instant in the user's time zone, e.g. "10:02 AM"; `zone` names the zone. */
export function formatClock(iso: string | undefined, options?: { zone?: boolean }): string {
  return page.clock(iso, options);
}

/** A percentage as the totals show it: whole when it is whole, else one decimal, e.g. "50 %" or "83.3 %". */
export function formatPercent(value: number): string {
  return `${page.number(value, value % 1 === 0 ? 0 : 1)} %`;
}
