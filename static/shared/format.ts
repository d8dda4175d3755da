/** Display formatting shared by the apps: tools, dates, durations. */
import type { Tool } from '../../src/domain/model';

export const TOOL_NAMES: Record<Tool, string> = {
  xray: 'Xray',
  qtest: 'qTest',
  qmetry: 'QMetry',
};

export function toolName(tool: Tool | string): string {
  return (TOOL_NAMES as Record<string, string>)[tool] ?? tool;
}

function toDate(iso: string | undefined): Date | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Exact local date and time, e.g. "21 Nov 2025, 14:03:12". */
export function formatDateTime(iso: string | undefined): string {
  const date = toDate(iso);
  if (!date) return '—';
  return date.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** A date without time, for expiry dates given as YYYY-MM-DD. */
export function formatDay(day: string | undefined): string {
  if (!day) return '—';
  const date = toDate(`${day}T00:00:00`);
  return date ? date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }) : day;
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** Relative time such as "3 hours ago" or "in 2 days". */
export function formatRelative(iso: string | undefined, now: number = Date.now()): string {
  const date = toDate(iso);
  if (!date) return '—';
  let value = (date.getTime() - now) / 1000;
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(value) < size) return format.format(Math.round(value), unit);
    value /= size;
  }
  return formatDateTime(iso);
}

/** A duration in milliseconds as "850 ms", "12.4 s" or "3 min 5 s". */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A wait in whole seconds as "30 s" or "2 min 5 s". */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  return s % 60 === 0 ? `${minutes} min` : `${minutes} min ${s % 60} s`;
}

/** The local clock time of an instant, e.g. "10:02". */
export function formatClock(iso: string | undefined): string {
  const date = toDate(iso);
  return date ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }) : '—';
}
