/** Plain-text tables for the benches' output. */

export function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

/** A table with a header rule; columns from `rightFrom` on are right-aligned. */
export function table(headers: string[], rows: string[][], rightFrom = 1): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], i >= rightFrom)).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The same table as GitHub Markdown (for pasting into the README). */
export function markdownTable(headers: string[], rows: string[][], rightFrom = 1): string {
  const rule = headers.map((_, i) => (i >= rightFrom ? '---:' : '---'));
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(headers), `|${rule.join('|')}|`, ...rows.map(line)].join('\n');
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** 12345 → "12,345". */
export const n = (v: number) => Math.round(v).toLocaleString('en-US');

/** A ratio to a floor: "1.07×", "—" when the floor is 0 and so is the value, "∞" when only the floor is 0. */
export function ratio(value: number, floor: number): string {
  if (floor === 0) return value === 0 ? '—' : '∞';
  return `${(value / floor).toFixed(2)}×`;
}
