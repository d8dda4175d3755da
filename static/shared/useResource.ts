/** Loads a resolver answer and keeps loading / error / data for a view; `reload` fetches again. */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload: (next?: () => Promise<T>) => Promise<void>;
  /** Replaces the data without fetching, e.g. with an answer that already holds the new state. */
  set: (data: T) => void;
}

export function useResource<T>(load: () => Promise<T>): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async (next?: () => Promise<T>) => {
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const answer = await (next ?? loadRef.current)();
      if (ticket !== latest.current) return;
      setData(answer);
      setError(undefined);
    } catch (e) {
      if (ticket !== latest.current) return;
      setError(e);
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, []);

  const set = useCallback((value: T) => {
    latest.current++;
    setData(value);
    setError(undefined);
    setLoading(false);
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, error, loading, reload, set };
}
