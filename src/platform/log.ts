/**
 * Structured, secret-free logs: one JSON line per event with the run, connection, phase and item it concerns
 * and the whole cause chain of an error, so `forge logs` tells an admin (or support) what failed and why.
 */

export interface LogFields {
  run?: string;
  connection?: string;
  phase?: string;
  item?: string;
  [field: string]: unknown;
}

/** Anything that looks like a credential is replaced before a line is written. */
const SECRET_PATTERNS = [
  /(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /((?:api[_-]?key|apikey|token|secret|password|authorization)["']?\s*[:=]\s*["']?)[^\s"',}]{4,}/gi,
];

export function redactSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((t, re) => t.replace(re, '$1[redacted]'), text);
}

/** An error and its causes, outermost first: `[{ name, message, status? }, …]`. */
export function causeChain(e: unknown, depth = 0): { name: string; message: string; code?: string; status?: number }[] {
  if (e === undefined || e === null || depth > 5) return [];
  if (!(e instanceof Error)) return [{ name: typeof e, message: redactSecrets(String(e)).slice(0, 500) }];
  const extra = e as Error & { code?: unknown; status?: unknown };
  return [
    {
      name: e.name,
      message: redactSecrets(e.message).slice(0, 500),
      ...(typeof extra.code === 'string' ? { code: extra.code } : {}),
      ...(typeof extra.status === 'number' ? { status: extra.status } : {}),
    },
    ...causeChain((e as { cause?: unknown }).cause, depth + 1),
  ];
}

type Level = 'info' | 'warn' | 'error';
type Sink = (level: Level, line: string) => void;

const consoleSink: Sink = (level, line) => {
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
};
let sink: Sink = consoleSink;

/** Sends log lines elsewhere (tests); answers a function that restores the previous sink. */
export function useLogSink(next: Sink): () => void {
  const previous = sink;
  sink = next;
  return () => {
    sink = previous;
  };
}

function write(level: Level, event: string, fields: LogFields, error?: unknown): void {
  const record = {
    level,
    event,
    ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? redactSecrets(v) : v])),
    ...(error !== undefined ? { causes: causeChain(error) } : {}),
  };
  sink(level, JSON.stringify(record));
}

export const log = {
  info: (event: string, fields: LogFields = {}) => write('info', event, fields),
  warn: (event: string, fields: LogFields = {}, error?: unknown) => write('warn', event, fields, error),
  error: (event: string, fields: LogFields = {}, error?: unknown) => write('error', event, fields, error),
};
