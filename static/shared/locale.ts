/**
 * The page's locale and time zone: read once from the Forge context (`locale`, `timezone` of view.getContext())
 * when the page starts, and made the page's formatter. When the context cannot be read, or names a locale or
 * time zone this browser does not know, the browser's own stay in use.
 */
import { getContext } from './bridge';
import { setPageFormatter } from './format';
import { createFormatter, type Formatter } from './formatter';

let started: Promise<Formatter | undefined> | undefined;

/** Reads the context and sets the page's formatter (once per page; later calls answer the same promise). */
export function startLocale(): Promise<Formatter | undefined> {
  started ??= getContext().then(
    (context) => {
      const formatter = createFormatter({ locale: context?.locale, timezone: context?.timezone });
      setPageFormatter(formatter);
      return formatter;
    },
    (e: unknown) => {
      console.info('The locale and time zone are not available from the host; the browser’s are used:', e);
      return undefined;
    },
  );
  return started;
}
