/**
 * The details of the connection opened from its row, under the table: its settings and credential, then one
 * of its project mappings, failed items, status mapping, version mapping and latest run at a time.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import { lazy, Suspense, forwardRef } from 'react';
import type { ConnectionView, JiraProjectView, RunSummary } from '../../../src/resolvers/contract';
import { Card } from '../../shared/Card';
import { Loading } from '../../shared/Loading';
import { formatNumber, toolName } from '../../shared/format';
import { ConnectionFacts } from './ConnectionFacts';
import { credentialOf } from './connectionTools';
import { ExpiryWarning, expiryText } from './ExpiryNotice';
import { FailedItemsSection } from './FailedItemsSection';
import { MappingSection } from './MappingSection';
import { RunResult } from './RunDetails';
import { Tabs } from './Tabs';

/** The status and version mapping forms (and the Select they bring) load only when their tab is opened. */
const StatusMappingForm = lazy(() => import('./StatusMappingForm').then((m) => ({ default: m.StatusMappingForm })));
const VersionMappingForm = lazy(() => import('./VersionMappingForm').then((m) => ({ default: m.VersionMappingForm })));

export type PanelTab = 'mappings' | 'failed' | 'statuses' | 'versions' | 'run';

interface Props {
  id: string;
  connection: ConnectionView;
  /** The connection's latest run, as fresh as the page knows it. */
  run?: RunSummary;
  jiraProjects: JiraProjectView[];
  tab: PanelTab;
  onTab: (tab: PanelTab) => void;
  onChanged: () => void;
  onOpenRun: (runId: string) => void;
  onClose: () => void;
}

export const ConnectionPanel = forwardRef<HTMLHeadingElement, Props>(function ConnectionPanel(
  { id, connection: c, run, jiraProjects, tab, onTab, onChanged, onOpenRun, onClose },
  headingRef,
) {
  const failed = c.failedCounts ? c.failedCounts.retrying + c.failedCounts.parked + c.failedCounts.skipped : 0;
  const credential = credentialOf(c);
  return (
    <div id={id}>
      <Card label={`Details of ${c.name}`} testId={`connection-panel-${c.id}`}>
        <Stack space="space.200">
          <Inline spread="space-between" alignBlock="start" shouldWrap space="space.100">
            <Stack space="space.050">
              <Inline space="space.100" alignBlock="center">
                <Heading size="small" as="h3" id={`${id}-heading`}>
                  <span ref={headingRef} tabIndex={-1} style={{ outline: 'none' }}>
                    {c.name}
                  </span>
                </Heading>
                <Lozenge appearance="new">{toolName(c.tool)}</Lozenge>
              </Inline>
              <ConnectionFacts connection={c} />
              <Text color="color.text.subtle">
                {credential.label}: {c.hasSecret ? 'stored' : 'not stored'} · {expiryText(c)}
              </Text>
            </Stack>
            <Button appearance="subtle" onClick={onClose} aria-label={`Close the details of ${c.name}`}>
              Close
            </Button>
          </Inline>
          <ExpiryWarning connection={c} />
          <Tabs<PanelTab>
            label={`Details of ${c.name}`}
            selected={tab}
            onSelect={onTab}
            tabs={[
              { key: 'mappings', label: `Project mappings (${formatNumber(c.mappings.length)})` },
              { key: 'failed', label: `Failed items (${failed})` },
              { key: 'statuses', label: 'Status mapping' },
              { key: 'versions', label: 'Version mapping' },
              { key: 'run', label: 'Latest run' },
            ]}
          >
            {tab === 'mappings' ? <MappingSection connection={c} jiraProjects={jiraProjects} onChanged={onChanged} /> : null}
            {tab === 'failed' ? <FailedItemsSection connection={c} onChanged={onChanged} /> : null}
            {tab === 'statuses' ? (
              <Suspense fallback={<Loading label="Loading the status mapping form" />}>
                <StatusMappingForm connectionId={c.id} connectionName={c.name} tool={c.tool} onClose={() => onTab('mappings')} />
              </Suspense>
            ) : null}
            {tab === 'versions' ? (
              <Suspense fallback={<Loading label="Loading the version mapping form" />}>
                <VersionMappingForm connectionId={c.id} connectionName={c.name} tool={c.tool} onClose={() => onTab('mappings')} />
              </Suspense>
            ) : null}
            {tab === 'run' ? (
              run ? (
                <Stack space="space.150">
                  <RunResult run={run} />
                  <span>
                    <Button onClick={() => onOpenRun(run.runId)}>Open run details</Button>
                  </span>
                </Stack>
              ) : (
                <Text as="p" color="color.text.subtle">
                  {c.name} has not synced yet.
                </Text>
              )
            ) : null}
          </Tabs>
        </Stack>
      </Card>
    </div>
  );
});
