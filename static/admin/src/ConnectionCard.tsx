/**
 * One connection: its state, credential, actions (test, sync, dry run, cancel, edit, disconnect), status
 * mapping, the items that failed to sync and the project mappings.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import { lazy, Suspense, useRef, useState } from 'react';
import type { ConnectionTestResult, ConnectionView, JiraProjectView, RunSummary } from '../../../src/resolvers/contract';
import { Card } from '../../shared/Card';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { Loading } from '../../shared/Loading';
import { toolName } from '../../shared/format';
import { Time } from '../../shared/Time';
import { adminApi } from './api';
import { CancelRunButton } from './CancelRunButton';
import { ConnectionFacts } from './ConnectionFacts';
import { ConnectionTestMessage } from './ConnectionTestMessage';
import { describeTool } from './connectionTools';
import { DisconnectConfirm } from './DisconnectConfirm';
import { EXPIRY_WARNING_DAYS, ExpiryWarning, expiryText } from './ExpiryNotice';
import { FailedItemsSection } from './FailedItemsSection';
import { LazyConnectionForm } from './LazyConnectionForm';
import { MappingSection } from './MappingSection';
import { RunResult } from './RunDetails';
import { RunStateLozenge } from './runs';
import { useCancelRun } from './useCancelRun';

/** The status mapping form (and the Select it brings) loads only when it is opened. */
const StatusMappingForm = lazy(() => import('./StatusMappingForm').then((m) => ({ default: m.StatusMappingForm })));

type Busy = 'test' | 'sync' | 'dry' | 'disconnect' | undefined;

interface Props {
  connection: ConnectionView;
  jiraProjects: JiraProjectView[];
  onChanged: () => void;
}

export function ConnectionCard({ connection, jiraProjects, onChanged }: Props) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [mappingStatuses, setMappingStatuses] = useState(false);
  const [busy, setBusy] = useState<Busy>();
  const [error, setError] = useState<{ title: string; error: unknown }>();
  const [test, setTest] = useState<ConnectionTestResult>();
  const [run, setRun] = useState<RunSummary>();
  const resultRef = useRef<HTMLDivElement>(null);
  const cancelling = useCancelRun(
    (cancelled) => {
      setRun(cancelled);
      onChanged();
      // The button is gone with the run's new state: focus goes to the message saying so.
      setTimeout(() => resultRef.current?.focus(), 0);
    },
    (e) => {
      setError({ title: 'The sync was not cancelled', error: e });
      onChanged();
    },
  );

  async function act<T>(kind: Exclude<Busy, undefined>, title: string, action: () => Promise<T>): Promise<T | undefined> {
    setBusy(kind);
    setError(undefined);
    try {
      return await action();
    } catch (e) {
      setError({ title, error: e });
      return undefined;
    } finally {
      setBusy(undefined);
    }
  }

  async function testConnection() {
    setTest(undefined);
    const result = await act('test', 'The connection could not be tested', () => adminApi.testConnection(connection.id));
    if (result) setTest(result);
  }

  async function sync(dryRun: boolean) {
    setRun(undefined);
    const result = await act(dryRun ? 'dry' : 'sync', dryRun ? 'The dry run failed' : 'The sync failed', () =>
      adminApi.syncNow(connection.id, dryRun),
    );
    if (result) setRun(result);
    onChanged();
  }

  async function disconnect() {
    const done = await act('disconnect', 'The connection was not disconnected', async () => {
      await adminApi.disconnect(connection.id);
      return true;
    });
    if (done) {
      setConfirming(false);
      onChanged();
    }
  }

  /** The answer of "Sync now" is replaced by the same run's newer state once the overview has it. */
  const shownRun = run && connection.lastRun?.runId === run.runId ? connection.lastRun : run;
  const credential = describeTool(connection.tool).credential;
  const expiring = connection.expiresInDays !== undefined && connection.expiresInDays <= EXPIRY_WARNING_DAYS;

  return (
    <Card label={`${toolName(connection.tool)} connection ${connection.name}`} testId={`connection-${connection.id}`}>
      <Stack space="space.200">
        <Inline spread="space-between" alignBlock="start" shouldWrap space="space.100">
          <Stack space="space.050">
            <Inline space="space.100" alignBlock="center" shouldWrap>
              <Heading size="small" as="h3">
                {connection.name}
              </Heading>
              <Lozenge appearance="new">{toolName(connection.tool)}</Lozenge>
              <Lozenge appearance={connection.enabled ? 'success' : 'default'}>{connection.enabled ? 'Enabled' : 'Disabled'}</Lozenge>
              <Lozenge appearance={connection.hasSecret ? 'success' : 'removed'}>
                {connection.hasSecret ? 'Credential stored' : 'No credential'}
              </Lozenge>
            </Inline>
            <ConnectionFacts connection={connection} />
            <Text color={expiring ? 'color.text.warning' : 'color.text.subtle'}>
              {credential.label}: {expiryText(connection)}
            </Text>
            {connection.lastRun ? (
              <Inline space="space.100" alignBlock="center">
                <Text color="color.text.subtle">
                  Last sync: <Time iso={connection.lastRun.startedAt} />
                </Text>
                <RunStateLozenge state={connection.lastRun.state} cancelRequested={connection.lastRun.cancelRequested} />
                <CancelRunButton
                  run={connection.lastRun}
                  label={`Cancel sync of ${connection.name}`}
                  busy={cancelling.busyRunId === connection.lastRun.runId}
                  onCancel={(r) => {
                    setError(undefined);
                    void cancelling.cancel(r);
                  }}
                />
              </Inline>
            ) : (
              <Text color="color.text.subtle">Not synced yet</Text>
            )}
          </Stack>
        </Inline>

        <ExpiryWarning connection={connection} />
        {!connection.hasSecret && !editing ? (
          <Text as="p" color="color.text.warning">
            No {credential.noun} is stored: edit the connection and enter one to resume syncing.
          </Text>
        ) : null}

        {editing ? (
          <LazyConnectionForm
            tool={connection.tool}
            existing={connection}
            headingLevel="h4"
            onSaved={() => {
              setEditing(false);
              onChanged();
            }}
            onCancel={() => setEditing(false)}
          />
        ) : (
          <Inline space="space.100" shouldWrap>
            <Button onClick={() => void testConnection()} isLoading={busy === 'test'} isDisabled={!!busy && busy !== 'test'}>
              Test connection
            </Button>
            <Button appearance="primary" onClick={() => void sync(false)} isLoading={busy === 'sync'} isDisabled={!!busy && busy !== 'sync'}>
              Sync now
            </Button>
            <Button onClick={() => void sync(true)} isLoading={busy === 'dry'} isDisabled={!!busy && busy !== 'dry'}>
              Dry run
            </Button>
            <Button onClick={() => setMappingStatuses((open) => !open)} isSelected={mappingStatuses} aria-expanded={mappingStatuses}>
              Status mapping
            </Button>
            <Button appearance="subtle" onClick={() => setEditing(true)} isDisabled={!!busy}>
              Edit connection
            </Button>
            {!confirming ? (
              <Button appearance="subtle" onClick={() => setConfirming(true)} isDisabled={!!busy}>
                Disconnect
              </Button>
            ) : null}
          </Inline>
        )}

        {confirming ? (
          <DisconnectConfirm
            name={connection.name}
            busy={busy === 'disconnect'}
            onConfirm={() => void disconnect()}
            onCancel={() => setConfirming(false)}
          />
        ) : null}
        {error ? <ErrorMessage error={error.error} title={error.title} /> : null}
        <div aria-live="polite" ref={resultRef} tabIndex={-1} style={{ outline: 'none' }}>
          <Stack space="space.150">
            {test ? <ConnectionTestMessage result={test} /> : null}
            {shownRun ? <RunResult run={shownRun} /> : null}
          </Stack>
        </div>

        {mappingStatuses ? (
          <Suspense fallback={<Loading label="Loading the status mapping form" />}>
            <StatusMappingForm
              connectionId={connection.id}
              connectionName={connection.name}
              tool={connection.tool}
              onClose={() => setMappingStatuses(false)}
            />
          </Suspense>
        ) : null}

        <FailedItemsSection connection={connection} onChanged={onChanged} />

        <MappingSection connection={connection} jiraProjects={jiraProjects} onChanged={onChanged} />
      </Stack>
    </Card>
  );
}
