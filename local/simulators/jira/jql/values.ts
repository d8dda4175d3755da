/** Value parsing for JQL comparisons: dates (absolute and relative), numbers, issue keys. */

const PERIOD_UNITS: Record<string, number> = {
  w: 7 * 24 * 3600_000,
  d: 24 * 3600_000,
  h: 3600_000,
  m: 60_000,
};

export function dateFormatError(value: string, field: string): string {
  return (
    `Date value '${value}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', ` +
    `'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`
  );
}

/**
 * Parses a JQL date value to epoch ms (UTC), or null if invalid. Accepts Jira's absolute formats,
 * ISO timestamps, and periods relative to `now` such as `-5d`, `-4w 2d`, `1h`.
 */
export function parseJqlDate(value: string, now: number): number | null {
  const trimmed = value.trim();
  const period = /^([-+]?)((?:\d+[wdhm]\s*)+)$/i.exec(trimmed);
  if (period) {
    const sign = period[1] === '-' ? -1 : 1;
    let total = 0;
    for (const part of period[2].matchAll(/(\d+)([wdhm])/gi)) total += Number(part[1]) * PERIOD_UNITS[part[2].toLowerCase()];
    return now + sign * total;
  }
  const abs = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(trimmed);
  if (abs) {
    const [, y, mo, d, h, mi] = abs;
    return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0));
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(trimmed)) {
    const ms = Date.parse(trimmed.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

/** Parses a date stored in an entity property (ISO 8601, Jira format, or epoch ms). */
export function parseStoredDate(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return null;
  return parseJqlDate(value, 0);
}

export function parseNumber(value: string): number | null {
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value.trim())) return null;
  return Number(value);
}

/** Splits an issue key into project key and number, or null if malformed. */
export function parseIssueKey(value: string): { project: string; number: number } | null {
  const m = /^([A-Za-z][A-Za-z0-9_]*)-(\d+)$/.exec(value.trim());
  return m ? { project: m[1].toUpperCase(), number: Number(m[2]) } : null;
}

/** Values at a dotted path; arrays contribute each element, as Jira indexes them. */
export function valuesAtPath(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const segment of path === '' ? [] : path.split('.')) {
    const next: unknown[] = [];
    for (const v of current) {
      const items = Array.isArray(v) ? v : [v];
      for (const item of items) {
        if (item && typeof item === 'object' && segment in (item as Record<string, unknown>)) {
          next.push((item as Record<string, unknown>)[segment]);
        }
      }
    }
    current = next;
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v) => v !== null && v !== undefined);
}
