/**
 * The "Tests" issue panel: on a story its coverage and covering tests, on a synced test its steps and runs, and
 * a distinct state for everything else. Refresh shows its progress and, when it fails, keeps what is shown and
 * says why. While TestSync's licence for the site is not active (any call answered LICENCE_INACTIVE) the panel
 * shows only the licence message, loaded on demand so it adds nothing to the panel's first download.
 */
import Spinner from '@atlaskit/spinner';
import { useEffect, useRef, useState } from 'react';
import type { PanelView } from '../../../src/resolvers/contract';
import { getContext } from '../../shared/bridge';
import { LICENCE_TITLE, LICENCE_WORDS, useLicenceInactive } from '../../shared/licence';
import { PAGE_SIZE, type RowsRequest } from './api';
import { describeError } from './errors';
import { BugsProvider } from './bugs/BugsContext';
import { RequirementView } from './RequirementView';
import { LoadError, NeverSynced, NotConfigured, NotCovered, SyncBanner, syncedWords } from './States';
import { Banner } from './ui/Banner';
import { Button } from './ui/Button';
import { usePanel } from './usePanel';
import { lazyComponent } from './lazy';

/** The view of a synced test: its own chunk, fetched as soon as the first answer says this issue is a test. */
export const testView = lazyComponent(() => import('./TestView'));

function LazyTestView(props: { view: Extract<PanelView, { kind: 'test' }>; siteUrl?: string }) {
  const { Component, error } = testView.useComponent();
  if (error) return <LoadError error={error} onRetry={() => window.location.reload()} busy={false} />;
  return Component ? <Component {...props} /> : <Loading label="Loading the test" />;
}

/** The shared licence message (Atlaskit's section message), in its own chunk. */
const licenceMessage = lazyComponent(() => import('../../shared/LicenceMessage'));

function LicenceInactive() {
  const { Component, error } = licenceMessage.useComponent();
  const checkAgain = () => window.location.reload();
  if (Component) return <Component audience="viewer" onCheckAgain={checkAgain} />;
  if (!error) return <Loading label="Loading" />;
  // The chunk could not be loaded: the same words in the panel's own section message.
  return (
    <Banner appearance="warning" title={LICENCE_TITLE} testId="licence-inactive" actions={<Button onClick={checkAgain}>Check again</Button>}>
      {LICENCE_WORDS.viewer.map((words) => (
        <p key={words}>{words}</p>
      ))}
    </Banner>
  );
}

function Loading({ label }: { label: string }) {
  return (
    <div className="tsp-loading" role="status">
      <Spinner size="large" label={label} />
    </div>
  );
}

export function App({ first }: { first: Promise<PanelView> }) {
  const panel = usePanel(first);
  const licenceInactive = useLicenceInactive();
  const [siteUrl, setSiteUrl] = useState<string>();
  const shown = useRef<RowsRequest | undefined>(undefined);
  useEffect(() => {
    getContext()
      .then((c) => setSiteUrl(c.siteUrl))
      .catch(() => undefined);
  }, []);

  const view = panel.view;
  const { refresh } = panel;
  const canRefresh = view !== undefined && view.kind !== 'not-configured' && view.kind !== 'never-synced';
  const refreshError = refresh.error ? describeError(refresh.error) : undefined;
  const sync = view && 'sync' in view ? view.sync : undefined;

  if (licenceInactive) {
    return (
      <main className="tsp-panel">
        <h1 className="tsp-sr-only">Tests</h1>
        <LicenceInactive />
      </main>
    );
  }

  return (
    <main className="tsp-panel">
      <h1 className="tsp-sr-only">Tests{view && 'issueKey' in view ? ` of ${view.issueKey}` : ''}</h1>
      {canRefresh ? (
        <div className="tsp-header">
          <span className="tsp-subtle" aria-live="polite">
            {refresh.running ? 'Refreshing…' : (syncedWords(sync) ?? '')}
          </span>
          <Button
            spacing="compact"
            onClick={() => void panel.runRefresh(view.kind === 'requirement' ? (shown.current ?? { filter: view.filter, limit: PAGE_SIZE }) : { filter: {}, limit: PAGE_SIZE })}
            isLoading={refresh.running}
            disabled={refresh.running || panel.loading}
            title={view.kind === 'test' ? 'Read this test again from its tool now' : 'Count this issue’s coverage again now'}
          >
            Refresh
          </Button>
        </div>
      ) : null}
      {refreshError ? (
        <Banner
          appearance="warning"
          title="Refresh did not complete"
          role="alert"
          actions={
            <>
              {refreshError.retry ? <Button onClick={() => void panel.runRefresh(shown.current ?? { filter: {}, limit: PAGE_SIZE })}>Try again</Button> : null}
              <Button appearance="subtle" onClick={panel.dismissRefreshError}>
                Dismiss
              </Button>
            </>
          }
        >
          <p>{refreshError.message} The results below are the ones loaded before.</p>
        </Banner>
      ) : null}
      {sync ? <SyncBanner sync={sync} neverSynced={view?.kind === 'never-synced'} /> : null}
      {panel.error && !view ? <LoadError error={panel.error} onRetry={() => void panel.reload()} busy={panel.loading} /> : null}
      {panel.loading && !view && !panel.error ? <Loading label="Loading tests" /> : null}
      {view?.kind === 'not-configured' ? <NotConfigured /> : null}
      {view?.kind === 'never-synced' ? <NeverSynced view={view} onCheck={() => void panel.reload()} busy={panel.loading} /> : null}
      {view?.kind === 'empty' ? <NotCovered issueKey={view.issueKey} /> : null}
      {view?.kind === 'requirement' || view?.kind === 'test' ? (
        <BugsProvider bugs={view.bugs}>
          {view.kind === 'requirement' ? <RequirementView view={view} siteUrl={siteUrl} shown={shown} /> : <LazyTestView view={view} siteUrl={siteUrl} />}
        </BugsProvider>
      ) : null}
    </main>
  );
}
