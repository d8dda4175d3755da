/**
 * The shared formatter of the admin page and the issue panel (static/shared/formatter.ts): the user's Jira locale
 * (BCP 47 or Jira's Java form) and time zone from the Forge context, the browser's when the context lacks them
 * or names ones the browser does not know; instants shifted into the user's zone (across midnight too), calendar
 * days never shifted, relative times, durations and counts in the user's locale.
 */
import { createFormatter, normaliseLocale, normaliseTimeZone } from '../../static/shared/formatter';
import { formatDateTime, formatNumber, pageFormatter, plural, setPageFormatter } from '../../static/shared/format';

const host = new Intl.DateTimeFormat().resolvedOptions();
/** 20:45:10 UTC on 30 June 2025: already 1 July in Tokyo, still 30 June in New York. */
const LATE_EVENING_UTC = '2025-06-30T20:45:10Z';

describe('locale normalisation', () => {
  it.each([
    ['de-DE', 'de-DE'],
    ['de_DE', 'de-DE'],
    ['en_us', 'en-US'],
    ['  fr_FR ', 'fr-FR'],
    ['pt_BR', 'pt-BR'],
    ['zh_CN', 'zh-CN'],
    ['sr_RS_#Latn', 'sr-Latn-RS'],
    ['ja_JP_JP_#u-ca-japanese', 'ja-JP'],
    ['de-DE-notavariantatall', 'de-DE'],
  ])('reads %j as %s', (raw, tag) => {
    expect(normaliseLocale(raw)).toBe(tag);
  });

  it.each([[undefined], [null], [''], ['   '], ['xx-YY'], ['xx_YY'], ['123'], ['_'], [42], [{}]])('gives no locale for %j', (raw) => {
    expect(normaliseLocale(raw)).toBeUndefined();
  });

  it('keeps IANA time zones the browser knows and drops the rest', () => {
    expect(normaliseTimeZone('Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(normaliseTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(normaliseTimeZone('UTC')).toBe('UTC');
    expect(normaliseTimeZone('Mars/Olympus_Mons')).toBeUndefined();
    expect(normaliseTimeZone('')).toBeUndefined();
    expect(normaliseTimeZone(undefined)).toBeUndefined();
  });
});

describe('fallback to the browser', () => {
  it('uses the browser locale and zone when the context has none', () => {
    const f = createFormatter({});
    expect(f).toMatchObject({ locale: host.locale, timeZone: host.timeZone, userLocale: false, userTimeZone: false });
    expect(f.dateTime(LATE_EVENING_UTC)).toBe(new Date(LATE_EVENING_UTC).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' }));
  });

  it('falls back one setting at a time: an unknown zone keeps the known locale, an unknown locale keeps the known zone', () => {
    const zoneless = createFormatter({ locale: 'de_DE', timezone: 'Mars/Olympus_Mons' });
    expect(zoneless).toMatchObject({ locale: 'de-DE', timeZone: host.timeZone, userLocale: true, userTimeZone: false });
    const localeless = createFormatter({ locale: 'xx_YY', timezone: 'Asia/Tokyo' });
    expect(localeless).toMatchObject({ locale: host.locale, timeZone: 'Asia/Tokyo', userLocale: false, userTimeZone: true });
    expect(() => localeless.dateTime(LATE_EVENING_UTC)).not.toThrow();
  });

  it('answers a dash for a missing or unreadable instant', () => {
    const f = createFormatter({ locale: 'de-DE', timezone: 'Asia/Tokyo' });
    expect(f.dateTime(undefined)).toBe('—');
    expect(f.dateTime('not a date')).toBe('—');
    expect(f.relative('')).toBe('—');
    expect(f.clock('nope')).toBe('—');
    expect(f.duration(undefined)).toBe('—');
    expect(f.day(undefined)).toBe('—');
  });
});

describe('time zones', () => {
  it('shows an instant in the user zone, across midnight forwards (Tokyo) and backwards (New York)', () => {
    const tokyo = createFormatter({ locale: 'en-US', timezone: 'Asia/Tokyo' });
    expect(tokyo.dateTime(LATE_EVENING_UTC)).toBe('Jul 1, 2025, 05:45:10 AM');
    expect(tokyo.clock(LATE_EVENING_UTC)).toBe('05:45 AM');
    const newYork = createFormatter({ locale: 'en-US', timezone: 'America/New_York' });
    expect(newYork.dateTime('2025-07-01T02:15:00Z')).toBe('Jun 30, 2025, 10:15:00 PM');
    const utc = createFormatter({ locale: 'en-US', timezone: 'UTC' });
    expect(utc.dateTime(LATE_EVENING_UTC)).toBe('Jun 30, 2025, 08:45:10 PM');
  });

  it('follows daylight saving time of the user zone', () => {
    const berlin = createFormatter({ locale: 'de-DE', timezone: 'Europe/Berlin' });
    expect(berlin.clock('2025-01-15T12:00:00Z')).toBe('13:00');
    expect(berlin.clock('2025-07-15T12:00:00Z')).toBe('14:00');
  });

  it('names the zone when asked', () => {
    expect(createFormatter({ locale: 'de-DE', timezone: 'Asia/Tokyo' }).dateTime(LATE_EVENING_UTC, { zone: true })).toBe('1. Juli 2025, 05:45:10 GMT+9');
    expect(createFormatter({ locale: 'en-US', timezone: 'UTC' }).dateTime(LATE_EVENING_UTC, { zone: true })).toBe('Jun 30, 2025, 08:45:10 PM UTC');
    expect(createFormatter({ locale: 'en-US', timezone: 'Asia/Tokyo' }).clock(LATE_EVENING_UTC, { zone: true })).toBe('05:45 AM GMT+9');
  });

  it('never shifts a calendar day (an expiry date) into another day', () => {
    for (const timezone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC', 'Asia/Tokyo']) {
      expect(createFormatter({ locale: 'en-US', timezone }).day('2025-06-30')).toBe('Jun 30, 2025');
      expect(createFormatter({ locale: 'de-DE', timezone }).day('2025-06-30')).toBe('30. Juni 2025');
    }
    expect(createFormatter({ locale: 'en-US' }).day('someday')).toBe('someday');
  });
});

describe('relative times', () => {
  const now = Date.parse('2025-06-30T12:00:00Z');
  const ago = (ms: number) => new Date(now - ms).toISOString();
  const MIN = 60_000;
  const HOUR = 60 * MIN;
  const DAY = 24 * HOUR;

  it('says how long ago or how soon in the user locale', () => {
    const en = createFormatter({ locale: 'en-US', timezone: 'UTC' });
    expect(en.relative(ago(3 * HOUR), now)).toBe('3 hours ago');
    expect(en.relative(ago(-2 * DAY), now)).toBe('in 2 days');
    expect(en.relative(ago(DAY), now)).toBe('yesterday');
    expect(en.relative(ago(0), now)).toBe('now');
    const de = createFormatter({ locale: 'de_DE', timezone: 'Asia/Tokyo' });
    expect(de.relative(ago(3 * HOUR), now)).toBe('vor 3 Stunden');
    expect(de.relative(ago(5 * MIN), now)).toBe('vor 5 Minuten');
    expect(de.relative(ago(-2 * DAY), now)).toBe('übermorgen');
    expect(de.relative(ago(-5 * DAY), now)).toBe('in 5 Tagen');
    expect(de.relative(ago(400 * DAY), now)).toBe('letztes Jahr');
  });

  it('counts whole days from today as numbers', () => {
    const en = createFormatter({ locale: 'en-US', timezone: 'UTC' });
    expect([en.days(-3), en.days(-1), en.days(1), en.days(14)]).toEqual(['3 days ago', '1 day ago', 'in 1 day', 'in 14 days']);
    const de = createFormatter({ locale: 'de-DE', timezone: 'UTC' });
    expect([de.days(-3), de.days(1)]).toEqual(['vor 3 Tagen', 'in 1 Tag']);
  });
});

describe('numbers and durations', () => {
  it('groups counts and writes decimals as the locale does', () => {
    const en = createFormatter({ locale: 'en-US', timezone: 'UTC' });
    const de = createFormatter({ locale: 'de-DE', timezone: 'UTC' });
    const fr = createFormatter({ locale: 'fr_FR', timezone: 'UTC' });
    expect([en.number(12345), de.number(12345), fr.number(12345)]).toEqual(['12,345', '12.345', '12\u202f345']);
    expect([en.number(0.45, 1), de.number(0.45, 1)]).toEqual(['0.5', '0,5']);
    expect([en.plural(1, 'test'), en.plural(1234, 'test'), de.plural(1234, 'entry', 'entries')]).toEqual(['1 test', '1,234 tests', '1.234 entries']);
  });

  it('writes durations with the locale decimal sign and carries a rounded minute', () => {
    const en = createFormatter({ locale: 'en-US', timezone: 'UTC' });
    const de = createFormatter({ locale: 'de-DE', timezone: 'UTC' });
    expect([en.duration(850), en.duration(12_400), en.duration(185_400)]).toEqual(['850 ms', '12.4 s', '3 min 5 s']);
    expect([de.duration(1_234), de.duration(12_400), de.duration(185_400)]).toEqual(['1,2 s', '12,4 s', '3 min 5 s']);
    expect([en.duration(59_960), en.duration(179_600)]).toEqual(['1 min 0 s', '3 min 0 s']);
    expect([en.seconds(30), en.seconds(120), en.seconds(125), de.seconds(-4)]).toEqual(['30 s', '2 min', '2 min 5 s', '0 s']);
  });
});

describe('the page formatter', () => {
  const before = pageFormatter();
  afterEach(() => setPageFormatter(before));

  it('is the browser default until the page sets the user one, which every format function then uses', () => {
    expect(pageFormatter()).toMatchObject({ locale: host.locale, timeZone: host.timeZone });
    setPageFormatter(createFormatter({ locale: 'de-DE', timezone: 'Asia/Tokyo' }));
    expect(formatDateTime(LATE_EVENING_UTC)).toBe('1. Juli 2025, 05:45:10');
    expect(formatNumber(12345)).toBe('12.345');
    expect(plural(2500, 'run')).toBe('2.500 runs');
  });
});
