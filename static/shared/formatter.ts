/**
 * Dates, times, relative times, durations and numbers in the user's Jira locale and time zone, with Intl alone.
 * A page makes one formatter from its Forge context (`locale`, `timezone` of `view.getContext()`); a locale or
 * time zone the context lacks, or one this browser does not know, falls back to the browser's own.
 * No React and no bridge here: the formatter is plain data in, text out.
 */

export interface FormatSettings {
  /** The user's Jira locale: BCP 47 ("de-DE") or Jira's Java form ("de_DE", "sr_RS_#Latn"). */
  locale?: string | null;
  /** The user's IANA time zone, e.g. "Europe/Berlin". */
  timezone?: string | null;
}

export interface Formatter {
  /** The locale in use (the user's, else the browser's). */
  readonly locale: string;
  /** The time zone in use (the user's, else the browser's). */
  readonly timeZone: string;
  /** True when the locale came from the settings, false when it fell back to the browser's. */
  readonly userLocale: boolean;
  /** True when the time zone came from the settings, false when it fell back to the browser's. */
  readonly userTimeZone: boolean;
  /** Date and time of an instant, e.g. "Jun 30, 2025, 08:45:10 PM"; `zone` adds the time zone ("… UTC"). */
  dateTime(iso: string | undefined, options?: { zone?: boolean }): string;
  /** A calendar day given as YYYY-MM-DD (no time zone applies), e.g. "Jun 30, 2025". */
  day(day: string | undefined): string;
  /** The clock time of an instant, e.g. "08:45 PM"; `zone` adds the time zone. */
  clock(iso: string | undefined, options?: { zone?: boolean }): string;
  /** An instant relative to now, e.g. "3 hours ago", "in 2 days", "yesterday". */
  relative(iso: string | undefined, now?: number): string;
  /** A whole number of days from today, always as a number: "in 3 days", "3 days ago", "in 0 days". */
  days(days: number): string;
  /** A number with the locale's grouping and decimal sign, e.g. "12,345" or "12.345"; `fractionDigits` fixes the decimals. */
  number(value: number, fractionDigits?: number): string;
  /** A duration in milliseconds as "850 ms", "12.4 s" or "3 min 5 s". */
  duration(ms: number | undefined): string;
  /** Whole seconds as "30 s", "2 min" or "2 min 5 s". */
  seconds(seconds: number): string;
  /** A count and its noun: "1 test", "1,234 tests" (the words stay as given). */
  plural(count: number, one: string, many?: string): string;
}

/** The browser's (or Node's) own locale and time zone. */
function hostDefaults(): { locale: string; timeZone: string } {
  const resolved = new Intl.DateTimeFormat().resolvedOptions();
  return { locale: resolved.locale, timeZone: resolved.timeZone || 'UTC' };
}

function isKnownLocale(tag: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0 && Intl.NumberFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    return false;
  }
}

/**
 * A locale as a BCP 47 tag this browser can format in, or undefined. Accepts Jira's Java form: "de_DE" → "de-DE",
 * "sr_RS_#Latn" → "sr-Latn-RS", "en_us" → "en-US"; a tag that is not well formed is shortened from the end
 * ("de-DE-xxxxxxxxxx" → "de-DE"); a language the browser does not know ("xx-YY") gives undefined.
 */
export function normaliseLocale(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  if (!text || text.length > 100) return undefined;
  const [main, javaExtension = ''] = text.split('#', 2);
  const parts = main.split(/[-_]/).filter(Boolean);
  if (parts.length === 0) return undefined;
  const script = /^[A-Za-z]{4}\b/.exec(javaExtension)?.[0];
  if (script) parts.splice(1, 0, script);
  for (let n = parts.length; n > 0; n--) {
    let tag: string;
    try {
      [tag] = Intl.getCanonicalLocales(parts.slice(0, n).join('-'));
    } catch {
      continue;
    }
    if (tag && isKnownLocale(tag)) return tag;
  }
  return undefined;
}

/** An IANA time zone this browser knows (as it names it), or undefined. */
export function normaliseTimeZone(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  if (!text || text.length > 100) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function toDate(iso: string | undefined): Date | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

const NONE = '—';

/** A formatter for the settings; Intl objects are made on first use and kept. */
export function createFormatter(settings: FormatSettings = {}): Formatter {
  const host = hostDefaults();
  const userLocale = normaliseLocale(settings.locale);
  const userTimeZone = normaliseTimeZone(settings.timezone);
  const locale = userLocale ?? host.locale;
  const timeZone = userTimeZone ?? host.timeZone;

  const cache = new Map<string, unknown>();
  function once<T>(key: string, make: () => T): T {
    let value = cache.get(key) as T | undefined;
    if (value === undefined) {
      value = make();
      cache.set(key, value);
    }
    return value;
  }
  const dateTimeFormat = (zone: boolean) =>
    once(`dateTime:${zone}`, () =>
      new Intl.DateTimeFormat(locale, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        timeZone,
        ...(zone ? { timeZoneName: 'short' as const } : {}),
      }),
    );
  const clockFormat = (zone: boolean) =>
    once(`clock:${zone}`, () => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone, ...(zone ? { timeZoneName: 'short' as const } : {}) }));
  // A calendar day is the same day everywhere: formatted at UTC midnight, in UTC.
  const dayFormat = () => once('day', () => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }));
  const relativeFormat = (numeric: 'auto' | 'always') => once(`relative:${numeric}`, () => new Intl.RelativeTimeFormat(locale, { numeric }));
  const numberFormat = (fractionDigits: number | undefined) =>
    once(`number:${fractionDigits ?? ''}`, () =>
      new Intl.NumberFormat(locale, fractionDigits === undefined ? {} : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }),
    );

  const number = (value: number, fractionDigits?: number) => numberFormat(fractionDigits).format(value);

  const formatter: Formatter = {
    locale,
    timeZone,
    userLocale: userLocale !== undefined,
    userTimeZone: userTimeZone !== undefined,

    dateTime(iso, options = {}) {
      const date = toDate(iso);
      return date ? dateTimeFormat(options.zone === true).format(date) : NONE;
    },

    day(day) {
      if (!day) return NONE;
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
      if (!m) return day;
      const at = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
      return Number.isNaN(at) ? day : dayFormat().format(new Date(at));
    },

    clock(iso, options = {}) {
      const date = toDate(iso);
      return date ? clockFormat(options.zone === true).format(date) : NONE;
    },

    relative(iso, now = Date.now()) {
      const date = toDate(iso);
      if (!date) return NONE;
      let value = (date.getTime() - now) / 1000;
      for (const [unit, size] of RELATIVE_STEPS) {
        if (Math.abs(value) < size) return relativeFormat('auto').format(Math.round(value), unit);
        value /= size;
      }
      return formatter.dateTime(iso);
    },

    days(days) {
      return relativeFormat('always').format(Math.round(days), 'day');
    },

    number,

    duration(ms) {
      if (ms === undefined || ms === null || Number.isNaN(ms)) return NONE;
      if (ms < 1000) return `${number(Math.round(ms))} ms`;
      const seconds = ms / 1000;
      if (Math.round(seconds * 10) < 600) return `${number(seconds, 1)} s`;
      const whole = Math.round(seconds);
      const minutes = Math.floor(whole / 60);
      return `${number(minutes)} min ${number(whole - minutes * 60)} s`;
    },

    seconds(seconds) {
      const s = Math.max(0, Math.round(seconds));
      if (s < 60) return `${number(s)} s`;
      const minutes = Math.floor(s / 60);
      return s % 60 === 0 ? `${number(minutes)} min` : `${number(minutes)} min ${number(s % 60)} s`;
    },

    plural(count, one, many = `${one}s`) {
      return `${number(count)} ${count === 1 ? one : many}`;
    },
  };
  return formatter;
}
