/** A time shown relative ("3 hours ago"), with the exact time on hover. */
import { formatDateTime, formatRelative } from './format';

export function Time({ iso }: { iso?: string }) {
  if (!iso) return <span>—</span>;
  const exact = formatDateTime(iso);
  return (
    <time dateTime={iso} title={exact}>
      {formatRelative(iso)}
    </time>
  );
}
