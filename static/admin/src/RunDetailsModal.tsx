/**
 * One run opened from the history (or from a flag): what it did or, for a dry run, would do (its whole plan,
 * paged and as CSV), its progress while it is under way (polled), and what it met: failed items, waits,
 * warnings, errors.
 */
import Button from '@atlaskit/button/new';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import { useEffect, useState } from 'react';
import type { RunDetailsView } from '../../../src/resolvers/contract';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { formatDuration, toolName } from '../../shared/format';
import { Loading } from '../../shared/Loading';
import { DateTime } from '../../shared/Time';
import { useSiteUrl } from '../../shared/useSiteUrl';
import { adminApi } from './api';
import type { Notify } from './flags';
import { PlanSection } from './PlanSection';
import { phaseText, soFarText } from './progress';
import { RunErrorsTable, RunFailedItems, RunWaitsTable, RunWarningsList } from './RunMessages';
import { countsLine, isActive, RunStateLozenge, triggerLabel } from './runs';
import { POLL_MS } from './useRunWatch';

interface Props {
  runId?: string;
  notify: Notify;
  onClose: () => void;
  /** The run was cancelled from here. */
  onChanged: () => void;
}

function Body({ details, notify }: { details: RunDetailsView; notify: Notify }) {
  const { run } = details;
  const siteUrl = useSiteUrl();
  const tool = details.connection ? toolName(details.connection.tool) : 'the tool';
  return (
    <Stack space="space.300">
      <Stack space="space.100">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <RunStateLozenge state={run.state} cancelRequested={run.cancelRequested} />
          <Text>
            {triggerLabel(run)} {run.dryRun ? 'dry run' : 'sync'} · started <DateTime iso={run.startedAt} />
            {run.finishedAt ? (
              <>
                {' · ended '}
                <DateTime iso={run.finishedAt} /> ({formatDuration(run.durationMs)})
              </>
            ) : null}
          </Text>
        </Inline>
        {isActive(run) ? (
          <div aria-live="polite" data-testid="run-progress">
            <Text as="p" weight="semibold">
              {phaseText(run)}
            </Text>
            <Text as="p">{soFarText(run)}</Text>
          </div>
        ) : (
          <Text as="p">{countsLine(run)}</Text>
        )}
        {!run.dryRun ? (
          <Text as="p" size="small" color="color.text.subtle">
            A sync keeps its counts; the item by item list of what would be created, updated and linked is kept for dry runs.
          </Text>
        ) : null}
      </Stack>
      {run.dryRun ? <PlanSection run={run} siteUrl={siteUrl} notify={notify} /> : null}
      <RunFailedItems items={details.failedItems} toolName={tool} siteUrl={siteUrl} />
      <RunWaitsTable waits={run.waits} />
      <RunWarningsList warnings={run.warnings} />
      <RunErrorsTable errors={run.errors} />
    </Stack>
  );
}

export function RunDetailsModal({ runId, notify, onClose, onChanged }: Props) {
  const [details, setDetails] = useState<RunDetailsView>();
  const [error, setError] = useState<unknown>();
  const [cancelling, setCancelling] = useState(false);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    setDetails(undefined);
    setError(undefined);
  }, [runId]);

  useEffect(() => {
    if (!runId) return undefined;
    let live = true;
    adminApi
      .getRunDetails(runId)
      .then((d) => live && setDetails(d))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [runId, tick]);

  const active = details && isActive(details.run);
  useEffect(() => {
    if (!active) return undefined;
    const timer = setTimeout(() => setTick((t) => t + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [active, details]);

  async function cancel() {
    if (!details) return;
    setCancelling(true);
    try {
      await adminApi.cancelRun(details.run.runId);
      notify.success('The sync is being cancelled');
      setTick((t) => t + 1);
      onChanged();
    } catch (e) {
      notify.error('The sync was not cancelled', e);
    } finally {
      setCancelling(false);
    }
  }

  const name = details?.connection?.name ?? 'a deleted connection';
  const title = details ? `${details.run.dryRun ? 'Dry run' : 'Sync'} of ${name}` : 'Run details';
  return (
    <ModalTransition>
      {runId ? (
        <ModalDialog onClose={onClose} width="x-large" label={title} testId="run-details-modal">
          <ModalHeader>
            <ModalTitle>{title}</ModalTitle>
          </ModalHeader>
          <ModalBody>
            {error ? <ErrorMessage error={error} title="The run could not be loaded" /> : null}
            {!details && !error ? <Loading label="Loading the run" /> : null}
            {details ? <Body details={details} notify={notify} /> : null}
          </ModalBody>
          <ModalFooter>
            {active && !details?.run.cancelRequested ? (
              <Button appearance="subtle" onClick={() => void cancel()} isLoading={cancelling}>
                Cancel sync
              </Button>
            ) : null}
            <Button appearance="primary" onClick={onClose}>
              Close
            </Button>
          </ModalFooter>
        </ModalDialog>
      ) : null}
    </ModalTransition>
  );
}
