/**
 * Dates as the simulated QMetry writes them: in the project's configured format (getinfo `dateTimeFormatID`, an id
 * into `dateTimeFormatNew`) followed by `HH:mm:ss`, in UTC, to the second, like `16-02-2021 12:45:26` in SmartBear's
 * QMetry client tests (smartbear-mcp src/qmetry/api/project.test.ts). The ids follow the vendor's hint "id=1 →
 * MM-dd-yyyy, id=2 → dd-MM-yyyy, id=3 → yyyy-MM-dd, id=4 → dd-MMM-yyyy" (src/qmetry/client/tools/issue-tools.ts).
 * Written independently of the connector's reader, so that each checks the other.
 */

export const SIM_DATE_FORMATS: Record<number, string> = { 1: 'MM-dd-yyyy', 2: 'dd-MM-yyyy', 3: 'yyyy-MM-dd', 4: 'dd-MMM-yyyy' };
/** The format a project without one configured uses. */
export const DEFAULT_FORMAT_ID = 1;

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** `ms` in the project's format with the time, e.g. `16-02-2021 12:45:26`. */
export function simDate(ms: number, formatId: number = DEFAULT_FORMAT_ID): string {
  const t = new Date(ms);
  const y = String(t.getUTCFullYear()).padStart(4, '0');
  const m = two(t.getUTCMonth() + 1);
  const d = two(t.getUTCDate());
  const day = (() => {
    switch (SIM_DATE_FORMATS[formatId] ?? SIM_DATE_FORMATS[DEFAULT_FORMAT_ID]) {
      case 'dd-MM-yyyy':
        return `${d}-${m}-${y}`;
      case 'yyyy-MM-dd':
        return `${y}-${m}-${d}`;
      case 'dd-MMM-yyyy':
        return `${d}-${MON[t.getUTCMonth()]}-${y}`;
      default:
        return `${m}-${d}-${y}`;
    }
  })();
  return `${day} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())}`;
}

/** A filter value: ISO-8601, or a date (with an optional time) in the project's format; NaN when neither. */
export function simParseDate(value: string, formatId: number = DEFAULT_FORMAT_ID): number {
  const iso = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value) ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) : NaN;
  if (!Number.isNaN(iso)) return iso;
  const m = /^(\d{2})-(\w{2,3})-(\d{4})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(value.trim());
  if (!m) return NaN;
  const format = SIM_DATE_FORMATS[formatId];
  const month = format === 'MM-dd-yyyy' ? Number(m[1]) : format === 'dd-MMM-yyyy' ? MON.indexOf(m[2]) + 1 : Number(m[2]);
  const day = format === 'MM-dd-yyyy' ? Number(m[2]) : Number(m[1]);
  return Date.UTC(Number(m[3]), month - 1, day, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
}

/** getinfo's `dateTimeFormatNew`: every format the site offers. */
export const dateFormatList = () => Object.entries(SIM_DATE_FORMATS).map(([id, v]) => ({ id: Number(id), name: v.toUpperCase(), unique_value: v }));
