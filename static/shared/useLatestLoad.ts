/**
 * Loads a page of data that depends on the view's choices (filters, sort, page). Answers can arrive out of order
 * (a filter chosen while the first page is still loading): only the answer to the latest request is shown.
 * `load(true)` reads again quietly (no loading state), for polling.
 */
import { useCallback, useRef, useState } from 'react';

export interface LatestLoad<T> {
  data?: T;
  loading: boolean;
  error?: unknown;
  load: (quiet?: boolean) => Promise<void>;
}

export function useLatestLoad<T>(fetch: () => Promise<T>, deps: readonly unknown[]): LatestLoad<T> {
  const [data, setData] = useState<T>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const latest = useRef(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const fetchLatest = useCallback(fetch, deps);

  const load = useCallback(
    async (quiet = false) => {
      const request = ++latest.current;
      if (!quiet) setLoading(true);
      try {
        const answer = await fetchLatest();
        if (request !== latest.current) return;
        setData(answer);
        setError(undefined);
      } catch (e) {
        if (request === latest.current) setError(e);
      } finally {
        if (request === latest.current) setLoading(false);
      }
    },
    [fetchLatest],
  );
  return { data, loading, error, load };
}
