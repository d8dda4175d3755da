/** The "Tests" issue panel: coverage on a requirement, steps and history on a synced test. */
import Button from '@atlaskit/button/new';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import { useEffect, useState } from 'react';
import { getContext } from '../../shared/bridge';
import { EmptyState } from '../../shared/EmptyState';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { Loading } from '../../shared/Loading';
import { useResource } from '../../shared/useResource';
import { panelApi } from './api';
import { RequirementView } from './RequirementView';
import { TestView } from './TestView';

export function App() {
  const panel = useResource(panelApi.getPanel);
  const [siteUrl, setSiteUrl] = useState<string>();
  const [refreshing, setRefreshing] = useState(false);

  useEffect(() => {
    getContext()
      .then((c) => setSiteUrl(c.siteUrl))
      .catch(() => undefined);
  }, []);

  async function refresh() {
    setRefreshing(true);
    try {
      await panel.reload(panelApi.refresh);
    } finally {
      setRefreshing(false);
    }
  }

  const view = panel.data;
  const configured = view !== undefined && view.kind !== 'not-configured';

  return (
    <Box padding="space.100" style={{ color: token('color.text') }}>
      <Stack space="space.200">
        {configured || panel.error ? (
          <Inline spread="space-between" alignBlock="center">
            <Text size="small" color="color.text.subtlest">
              From qTest, Xray and QMetry
            </Text>
            <Button spacing="compact" onClick={() => void refresh()} isLoading={refreshing} isDisabled={panel.loading && !refreshing}>
              Refresh
            </Button>
          </Inline>
        ) : null}
        {panel.error ? (
          <ErrorMessage
            error={panel.error}
            title="Tests could not be loaded"
            actions={<Button onClick={() => void panel.reload()}>Try again</Button>}
          />
        ) : null}
        {panel.loading && !view ? <Loading label="Loading tests" /> : null}
        {view?.kind === 'not-configured' ? (
          <EmptyState
            header="TestSync is not set up yet"
            description="A Jira admin can connect qTest, Xray or QMetry in Jira settings → Apps → TestSync. Tests then appear here."
          />
        ) : null}
        {view?.kind === 'empty' ? (
          <EmptyState header="No tests yet" description="No tests from qTest, Xray or QMetry cover this issue yet." />
        ) : null}
        {view?.kind === 'requirement' ? <RequirementView view={view} siteUrl={siteUrl} /> : null}
        {view?.kind === 'test' ? <TestView view={view} siteUrl={siteUrl} /> : null}
      </Stack>
    </Box>
  );
}
