/**
 * A component in its own chunk, loaded on demand without React's Suspense (whose reveal of loaded content is
 * throttled by some 300 ms): `preload` starts the download as early as it is known to be needed, and
 * `useComponent` answers the component once loaded (undefined until then, or an error if it could not load).
 */
import { useEffect, useState, type ComponentType } from 'react';

export function lazyComponent<P>(load: () => Promise<{ default: ComponentType<P> }>) {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  const preload = (): Promise<ComponentType<P>> => {
    pending ??= load().then(
      (m) => (loaded = m.default),
      (e) => {
        pending = undefined;
        throw e;
      },
    );
    return pending;
  };
  function useComponent(): { Component?: ComponentType<P>; error?: unknown } {
    const [state, setState] = useState<{ Component?: ComponentType<P>; error?: unknown }>({ Component: loaded });
    useEffect(() => {
      // Loaded between this render and now (a preload finished): render again with it.
      if (loaded) {
        setState({ Component: loaded });
        return;
      }
      let live = true;
      preload().then(
        (Component) => live && setState({ Component }),
        (error) => live && setState({ error }),
      );
      return () => {
        live = false;
      };
    }, []);
    return loaded ? { Component: loaded } : state;
  }
  return { preload, useComponent };
}
