/**
 * The TestSync admin page: the connections (a compact table with details on demand), the sync history, then the audit log of admin changes.
 * While TestSync's licence for the site is not active (any call answered LICENCE_INACTIVE) the page shows only the licence message.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useState } from 'react';
import type { RunSummary } from '../../../src/resolvers/contract';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { LicenceMessage } from '../../shared/LicenceMessage';
import { forgetLicenceInactive, isLicenceInactive, useLicenceInactive } from '../../shared/licence';
import { formatNumber as n, plural } from '../../shared/format';
import { Loading } from '../../shared/Loading';
import { useResource } from '../../shared/useResource';
import { adminApi } from './api';
import { AuditArea } from './AuditArea';
import { BugLinkSetting } from './BugLinkSetting';
import { ConfigTransferArea } from './ConfigTransferArea';
import { ConnectionsArea } from './ConnectionsArea';
import { NotifyProvider, useNotify } from './flags';
import { HistoryArea } from './HistoryArea';
import { RunDetailsModal } from './RunDetailsModal';
import { useRunWatch } from './useRunWatch';

/** How often the page reads the connections and history again on its own. */
const REFRESH_MS = 60_000;

function Page() {
  const overview = useResource(adminApi.getOverview);
  const licenceInactive = useLicenceInactive();
  const notify = useNotify();
  const [runId, setRunId] = useState<string>();
  /** Bumped whenever the history may have changed. */
  const [version, setVersion] = useState(0);
  const data = overview.data;

  const reload = useCallback(async () => {
    setVersion((v) => v + 1);
    await overview.reload();
  }, [overview.reload]);

  /** Asks again while the licence message shows: the page comes back once the licence is active. */
  const checkLicence = useCallback(async () => {
    try {
      overview.set(await adminApi.getOverview());
      setVersion((v) => v + 1);
      forgetLicenceInactive();
    } catch (e) {
      if (isLicenceInactive(e)) return;
      forgetLicenceInactive();
      await overview.reload();
    }
  }, [overview.set, overview.reload]);

  const nameOf = (id: string) => data?.connections.find((c) => c.id === id)?.name ?? 'a connection';
  const onEnded = (run: RunSummary) => {
    const what = `${run.dryRun ? 'Dry run' : 'Sync'} of ${nameOf(run.connectionId)}`;
    const c = run.counts;
    const summary = run.dryRun
      ? `Would create ${n(c.created)}, update ${n(c.updated)} and link ${n(c.linked)}.`
      : `${n(c.created)} created, ${n(c.updated)} updated, ${n(c.linked)} linked${c.failed ? `, ${plural(c.failed, 'item')} failed` : ''}.`;
    const actions = [{ content: run.dryRun ? 'View the plan' : 'View details', onClick: () => setRunId(run.runId) }];
    if (run.state === 'failed') notify.error(`${what} failed`, run.errors[run.errors.length - 1]?.message ?? summary, actions);
    else if (run.state === 'cancelled') notify.info(`${what} was cancelled`, summary, actions);
    else if (run.state === 'partial') notify.error(`${what} finished with errors`, summary, actions);
    else notify.success(`${what} finished`, summary, actions);
    void reload();
  };
  // Scheduled syncs start on their own: the page looks again now and then while it is shown.
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState !== 'visible') return;
      if (licenceInactive) void checkLicence();
      else if (!runId) void reload();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload, runId, licenceInactive, checkLicence]);
  const runs = useRunWatch(data?.connections.flatMap((c) => (c.lastRun ? [c.lastRun] : [])) ?? [], onEnded);

  return (
    <Box as="main" padding="space.300" style={{ maxWidth: 1280, marginInline: 'auto', color: token('color.text') }}>
      <Stack space="space.400">
        <Stack space="space.100">
          <Heading size="xlarge" as="h1">
            TestSync
          </Heading>
          <Text as="p" color="color.text.subtle">
            Bring test cases and results from qTest, Xray and QMetry into Jira. Connect a tool, map its projects to Jira projects, and TestSync
            creates one Jira issue per test case, links it to the requirements it covers and keeps the latest results on each issue. Credentials
            are stored encrypted and never shown again.
          </Text>
        </Stack>

        {licenceInactive ? <LicenceMessage audience="admin" onCheckAgain={() => void checkLicence()} /> : null}
        {overview.error && !licenceInactive ? (
          <ErrorMessage error={overview.error} title="TestSync settings could not be loaded" actions={<Button onClick={() => void reload()}>Try again</Button>} />
        ) : null}
        {overview.loading && !data && !licenceInactive ? <Loading label="Loading TestSync settings" /> : null}

        {data && !licenceInactive ? (
          <>
            <ConnectionsArea overview={data} notify={notify} latest={runs.latest} watch={runs.watch} reload={reload} openRun={setRunId} />
            <HistoryArea connections={data.connections} version={version} onOpen={setRunId} />
            <BugLinkSetting notify={notify} onSaved={() => setVersion((v) => v + 1)} />
            <AuditArea connections={data.connections} version={version} />
            <ConfigTransferArea notify={notify} onImported={() => void reload()} />
          </>
        ) : null}
      </Stack>
      <RunDetailsModal runId={licenceInactive ? undefined : runId} notify={notify} onClose={() => setRunId(undefined)} onChanged={() => void reload()} />
    </Box>
  );
}

export function App() {
  return (
    <NotifyProvider>
      <Page />
    </NotifyProvider>
  );
}
