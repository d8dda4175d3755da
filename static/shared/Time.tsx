/** Times in the user's locale and time zone, each with the exact time and its time zone on hover. */
import { formatDateTime, formatRelative } from './format';

/** A time shown relative ("3 hours ago"). */
export function Time({ iso }: { iso?: string }) {
  if (!iso) return <span>—</span>;
  const exact = formatDateTime(iso, { zone: true });
  return (
    <time dateTime={iso} title={exact}>
      {formatRelative(iso)}
    </time>
  );
}

/** A time shown exactly ("Jun 30, 2025, 08:45:10 PM"), its time zone named on hover. */
export function DateTime({ iso }: { iso?: string }) {
  if (!iso) return <span>—</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso, { zone: true })}>
      {formatDateTime(iso)}
    </time>
  );
}
