import { readDate, resolveDateFormat, type DateFormat } from '../../../src/connectors/qmetry/dates';
import { ConnectorError } from '../../../src/connectors/types';

const iso = (v: unknown, f: DateFormat) => {
  const r = readDate(v, f);
  return r.ok ? r.iso : `error: ${r.message}`;
};

/** The four formats getinfo offers (ids as the vendor's hints list them, smartbear-mcp tools/issue-tools.ts). */
const FORMATS = [
  { id: 1, name: 'MM-DD-YYYY', unique_value: 'MM-dd-yyyy' },
  { id: 2, name: 'DD-MM-YYYY', unique_value: 'dd-MM-yyyy' },
  { id: 3, name: 'YYYY-MM-DD', unique_value: 'yyyy-MM-dd' },
  { id: 4, name: 'DD-MMM-YYYY', unique_value: 'dd-MMM-yyyy' },
];

describe('QMetry dates in the project format', () => {
  it('reads each of the four formats, with and without a time', () => {
    expect(iso('02-16-2021 12:45:26', 'MM-dd-yyyy')).toBe('2021-02-16T12:45:26.000Z');
    expect(iso('16-02-2021 12:45:26', 'dd-MM-yyyy')).toBe('2021-02-16T12:45:26.000Z');
    expect(iso('2021-02-16 12:45:26', 'yyyy-MM-dd')).toBe('2021-02-16T12:45:26.000Z');
    expect(iso('16-Feb-2021 12:45:26', 'dd-MMM-yyyy')).toBe('2021-02-16T12:45:26.000Z');
    expect(iso('16-feb-2021', 'dd-MMM-yyyy')).toBe('2021-02-16T00:00:00.000Z');
    expect(iso('02-16-2021', 'MM-dd-yyyy')).toBe('2021-02-16T00:00:00.000Z');
    expect(iso('02-16-2021 01:05 PM', 'MM-dd-yyyy')).toBe('2021-02-16T13:05:00.000Z');
    expect(iso('02-16-2021 12:05 AM', 'MM-dd-yyyy')).toBe('2021-02-16T00:05:00.000Z');
  });

  it('reads an ambiguous-looking date by the project format: 03-04-2021 is 4 March or 3 April', () => {
    expect(iso('03-04-2021 10:00:00', 'MM-dd-yyyy')).toBe('2021-03-04T10:00:00.000Z');
    expect(iso('03-04-2021 10:00:00', 'dd-MM-yyyy')).toBe('2021-04-03T10:00:00.000Z');
    expect(iso('01-01-2024 10:00:00', 'MM-dd-yyyy')).toBe('2024-01-01T10:00:00.000Z');
  });

  it('refuses a date that is not real in the project format instead of guessing (16-02-2021 in MM-dd-yyyy)', () => {
    expect(iso('16-02-2021 12:45:26', 'MM-dd-yyyy')).toBe('error: "16-02-2021 12:45:26" is not a real date in the project\'s format MM-dd-yyyy');
    expect(iso('03-18-2026 10:47:52', 'dd-MM-yyyy')).toMatch(/^error: .*not a real date.*dd-MM-yyyy/);
    expect(iso('31-02-2021', 'dd-MM-yyyy')).toMatch(/not a real date/);
    expect(iso('29-02-2024', 'dd-MM-yyyy')).toBe('2024-02-29T00:00:00.000Z');
    expect(iso('29-02-2023', 'dd-MM-yyyy')).toMatch(/not a real date/);
    expect(iso('16-02-2021 25:00:00', 'dd-MM-yyyy')).toMatch(/not a real time of day/);
    expect(iso('16-Fbr-2021', 'dd-MMM-yyyy')).toMatch(/"Fbr" is not a month/);
  });

  it('refuses a day-month date in a project whose format does not say which comes first', () => {
    expect(iso('03-04-2021', 'yyyy-MM-dd')).toMatch(/day-month or month-day.*yyyy-MM-dd/);
    expect(iso('03-04-2021', 'dd-MMM-yyyy')).toMatch(/day-month or month-day/);
    expect(iso('04/03/2021', 'dd-MM-yyyy')).toMatch(/not a date in the project's format dd-MM-yyyy/);
  });

  it('reads the shapes that cannot be mistaken in any project: yyyy-MM-dd, dd-MMM-yyyy, ISO-8601, epoch ms', () => {
    for (const f of FORMATS.map((x) => x.unique_value as DateFormat)) {
      expect(iso('2021-02-16 12:45:26', f)).toBe('2021-02-16T12:45:26.000Z');
      expect(iso('16-Feb-2021 12:45:26', f)).toBe('2021-02-16T12:45:26.000Z');
      expect(iso('2024-10-15T10:30:00Z', f)).toBe('2024-10-15T10:30:00.000Z');
      expect(iso('2024-10-15T12:30:00+02:00', f)).toBe('2024-10-15T10:30:00.000Z');
      expect(iso(Date.parse('2024-10-15T10:30:00Z'), f)).toBe('2024-10-15T10:30:00.000Z');
    }
  });

  it('takes absent values as absent and other types as unreadable', () => {
    expect(readDate(null, 'dd-MM-yyyy')).toEqual({ ok: true });
    expect(readDate('', 'dd-MM-yyyy')).toEqual({ ok: true });
    expect(readDate(undefined, 'dd-MM-yyyy')).toEqual({ ok: true });
    expect(readDate(true, 'dd-MM-yyyy')).toEqual({ ok: false, message: 'expected a date, received boolean' });
    expect(readDate('soon', 'dd-MM-yyyy')).toMatchObject({ ok: false });
  });
});

describe("QMetry's date format from getinfo", () => {
  const problem = (info: Record<string, unknown>) => {
    try {
      resolveDateFormat(info, 'SHOPQA');
    } catch (e) {
      expect(e).toBeInstanceOf(ConnectorError);
      return e as ConnectorError;
    }
    throw new Error('expected a problem');
  };

  it('picks the entry of dateTimeFormatNew whose id is dateTimeFormatID', () => {
    expect(FORMATS.map((f) => resolveDateFormat({ dateTimeFormatID: f.id, dateTimeFormatNew: FORMATS }, 'P'))).toEqual([
      'MM-dd-yyyy',
      'dd-MM-yyyy',
      'yyyy-MM-dd',
      'dd-MMM-yyyy',
    ]);
    expect(resolveDateFormat({ dateTimeFormatID: '2', dateTimeFormatNew: FORMATS }, 'P')).toBe('dd-MM-yyyy');
  });

  it('names a missing, unknown or ambiguous format, the endpoint and the field', () => {
    const missing = problem({ dateTimeFormatNew: FORMATS });
    expect(missing).toMatchObject({ code: 'UNEXPECTED_RESPONSE', details: { endpoint: 'GET /rest/admin/project/getinfo', field: 'dateTimeFormatID' } });
    expect(missing.message).toMatch(/SHOPQA names no date format/);

    expect(problem({ dateTimeFormatID: 9, dateTimeFormatNew: FORMATS })).toMatchObject({
      details: { field: 'dateTimeFormatNew' },
      message: expect.stringMatching(/names date format 9, which getinfo's dateTimeFormatNew does not describe/),
    });

    const unknown = problem({ dateTimeFormatID: 5, dateTimeFormatNew: [...FORMATS, { id: 5, unique_value: 'dd/MM/yy' }] });
    expect(unknown).toMatchObject({ details: { field: 'dateTimeFormatNew[4].unique_value' } });
    expect(unknown.message).toMatch(/uses the date format "dd\/MM\/yy"; TestSync reads dates only in MM-dd-yyyy, dd-MM-yyyy, yyyy-MM-dd, dd-MMM-yyyy/);

    const twice = problem({ dateTimeFormatID: 1, dateTimeFormatNew: [...FORMATS, { id: 1, unique_value: 'dd-MM-yyyy' }] });
    expect(twice.message).toMatch(/describes date format 1 ambiguously \("MM-dd-yyyy" and "dd-MM-yyyy"\)/);
  });
});
