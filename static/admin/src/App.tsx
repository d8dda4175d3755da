/** The TestSync admin page: connections with their mappings, then the sync history. */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import { useEffect, useState } from 'react';
import type { Tool } from '../../../src/domain/model';
import { Card } from '../../shared/Card';
import { EmptyState } from '../../shared/EmptyState';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { Loading } from '../../shared/Loading';
import { useResource } from '../../shared/useResource';
import { adminApi } from './api';
import { ConnectionCard } from './ConnectionCard';
import { CONNECTABLE_TOOLS, describeTool } from './connectionTools';
import { LazyConnectionForm } from './LazyConnectionForm';
import { SyncHistory } from './SyncHistory';

/** While a run is queued or running in the background, the overview is fetched again this often. */
const POLL_UNFINISHED_MS = 3000;

export function App() {
  const overview = useResource(adminApi.getOverview);
  /** The tool of the connection being added, while its form is open. */
  const [adding, setAdding] = useState<Tool>();
  const reload = () => void overview.reload();
  const data = overview.data;

  const unfinished = data?.history.some((r) => r.state === 'queued' || r.state === 'running') ?? false;
  useEffect(() => {
    if (!unfinished || overview.loading) return undefined;
    const timer = setTimeout(() => void overview.reload(), POLL_UNFINISHED_MS);
    return () => clearTimeout(timer);
  }, [unfinished, overview.loading, overview.reload]);

  return (
    <Box padding="space.300" style={{ maxWidth: 1200, marginInline: 'auto', color: token('color.text') }}>
      <Stack space="space.300">
        <Stack space="space.100">
          <Heading size="xlarge" as="h1">
            TestSync
          </Heading>
          <Text as="p" color="color.text.subtle">
            Bring test cases and results from qTest, Xray and QMetry into Jira. Connect a tool, map its projects to Jira
            projects, and TestSync creates one Jira issue per test case, links it to the requirements it covers and keeps
            the latest results on each issue. Credentials are stored encrypted and never shown again.
          </Text>
        </Stack>

        {overview.error ? (
          <ErrorMessage
            error={overview.error}
            title="TestSync settings could not be loaded"
            actions={<Button onClick={reload}>Try again</Button>}
          />
        ) : null}
        {overview.loading && !data ? <Loading label="Loading TestSync settings" /> : null}

        {data ? (
          <>
            <section aria-labelledby="connections-heading">
              <Stack space="space.200">
                <Inline spread="space-between" alignBlock="center" shouldWrap space="space.100">
                  <Heading size="large" as="h2" id="connections-heading">
                    Connections
                  </Heading>
                  <Inline space="space.100" shouldWrap>
                    {CONNECTABLE_TOOLS.map((tool) => (
                      <Button key={tool} onClick={() => setAdding(tool)} isSelected={adding === tool}>
                        Connect {describeTool(tool).name}
                      </Button>
                    ))}
                  </Inline>
                </Inline>
                {adding ? (
                  <Card label={`New ${describeTool(adding).name} connection`}>
                    <LazyConnectionForm
                      key={adding}
                      tool={adding}
                      headingLevel="h3"
                      onSaved={() => {
                        setAdding(undefined);
                        reload();
                      }}
                      onCancel={() => setAdding(undefined)}
                    />
                  </Card>
                ) : null}
                {data.connections.length === 0 && !adding ? (
                  <EmptyState
                    header="No connections yet"
                    description="Connect qTest, Xray or QMetry to start syncing tests into Jira."
                    headingLevel="h3"
                  />
                ) : null}
                {data.connections.map((c) => (
                  <ConnectionCard key={c.id} connection={c} jiraProjects={data.jiraProjects} onChanged={reload} />
                ))}
              </Stack>
            </section>

            <section aria-labelledby="history-heading">
              <Stack space="space.200">
                <Inline spread="space-between" alignBlock="center">
                  <Heading size="large" as="h2" id="history-heading">
                    Sync history
                  </Heading>
                  <Button appearance="subtle" onClick={reload} isLoading={overview.loading}>
                    Refresh
                  </Button>
                </Inline>
                <SyncHistory history={data.history} connections={data.connections} onChanged={reload} />
              </Stack>
            </section>
          </>
        ) : null}
      </Stack>
    </Box>
  );
}
