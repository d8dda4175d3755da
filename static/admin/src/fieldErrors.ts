/**
 * Splits a resolver's validation message into per-field messages. The message may list several
 * problems (separated by new lines or "; "), each either prefixed by the field's key ("baseUrl: …")
 * or starting with the field's label ("Site URL must …"), or followed by a line "→ at baseUrl" (zod's
 * pretty format). What matches no field stays form-level.
 */
export interface FieldSpec<K extends string> {
  key: K;
  /** Label words the message may start with, e.g. "Site URL". */
  labels: string[];
}

export interface SplitErrors<K extends string> {
  fields: Partial<Record<K, string>>;
  rest: string[];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function startsWith(part: string, prefix: string): boolean {
  return new RegExp(`^\\s*["'\`]?${escape(prefix)}(?![a-z0-9])`, 'i').test(part);
}

/**
 * Drops a leading "key:" and a leading "Label:" that only repeats a label the rest starts with, as in
 * "Site URL: QMetry URL must …" → "QMetry URL must …".
 */
function withoutPrefix<K extends string>(part: string, spec: FieldSpec<K>): string {
  const text = part.replace(new RegExp(`^\\s*["'\`]?${escape(spec.key)}["'\`]?\\s*:\\s*`, 'i'), '');
  for (const label of spec.labels) {
    const rest = text.replace(new RegExp(`^\\s*${escape(label)}\\s*:\\s*`, 'i'), '');
    if (rest !== text && spec.labels.some((l) => startsWith(rest, l))) return rest;
  }
  return text;
}

export function splitFieldErrors<K extends string>(message: string, specs: FieldSpec<K>[]): SplitErrors<K> {
  const fields: Partial<Record<K, string>> = {};
  const rest: string[] = [];
  const parts = message
    .split(/\n|;\s+/)
    .map((p) => p.trim().replace(/^[✖•-]\s*/, ''))
    .filter(Boolean);
  for (const part of parts) {
    const at = /^(?:→\s*)?at\s+([\w.]+)$/.exec(part);
    if (at) {
      const target = specs.find((s) => s.key === at[1]);
      const previous = rest[rest.length - 1];
      if (target && previous !== undefined) {
        rest.pop();
        fields[target.key] = previous;
      }
      continue;
    }
    const spec = specs.find((s) => [s.key, ...s.labels].some((prefix) => startsWith(part, prefix)));
    if (!spec) {
      rest.push(part);
      continue;
    }
    const text = withoutPrefix(part, spec);
    fields[spec.key] = fields[spec.key] ? `${fields[spec.key]} ${text}` : text;
  }
  return { fields, rest };
}
