/**
 * The release readiness gadget: in Jira's edit mode, the form that chooses its project, version and environment
 * (saved with `view.submit`); otherwise the readiness of what was chosen, refreshed while the dashboard is shown.
 */
import { view } from '@forge/bridge';
import { Box } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import { lazy, Suspense, useEffect, useState } from 'react';
import { storedConfig, type StoredConfig } from '../../../src/gadget/config';
import { getContext } from '../../shared/bridge';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { Loading } from '../../shared/Loading';
import { GadgetView } from './GadgetView';
import { Unconfigured } from './Unconfigured';

// The edit mode's pickers (Atlaskit's select) load only in edit mode: the view does without them.
const Edit = lazy(() => import('./Edit').then((m) => ({ default: m.Edit })));

interface GadgetContext {
  edit: boolean;
  stored: StoredConfig;
}

export function App() {
  const [context, setContext] = useState<GadgetContext>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    getContext()
      .then((c) => setContext({ edit: c.extension?.entryPoint === 'edit', stored: storedConfig(c.extension?.gadgetConfiguration) }))
      .catch(setError);
  }, []);

  return (
    <Box as="main" padding="space.150" style={{ color: token('color.text') }}>
      {error ? <ErrorMessage error={error} title="The gadget could not read where it is" /> : null}
      {!context && !error ? <Loading label="Loading the gadget" /> : null}
      {context?.edit ? (
        <Suspense fallback={<Loading label="Loading the gadget's settings" />}>
          <Edit initial={context.stored.state === 'ok' ? context.stored.config : undefined} submit={(config) => view.submit(config)} />
        </Suspense>
      ) : null}
      {context && !context.edit && context.stored.state === 'ok' ? <GadgetView config={context.stored.config} /> : null}
      {context && !context.edit && context.stored.state !== 'ok' ? <Unconfigured problem={context.stored.state === 'invalid' ? context.stored.problem : undefined} /> : null}
    </Box>
  );
}
