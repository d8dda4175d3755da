/** The Jira site's URL from the module context, for links to issues (undefined until the context answers). */
import { useEffect, useState } from 'react';
import { getContext } from './bridge';

export function useSiteUrl(): string | undefined {
  const [siteUrl, setSiteUrl] = useState<string>();
  useEffect(() => {
    let live = true;
    getContext()
      .then((c) => {
        if (live) setSiteUrl(c.siteUrl);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return siteUrl;
}
