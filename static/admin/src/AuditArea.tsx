/**
 * The audit log: every change an admin made (connections, secrets, mappings, status mappings, syncs started
 * or cancelled, failed items retried or skipped), newest first, twenty a page, of all connections or one.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import { useEffect, useState } from 'react';
import type { AuditPage, ConnectionView } from '../../../src/resolvers/contract';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { formatNumber, plural } from '../../shared/format';
import { adminApi } from './api';
import { AuditTable } from './AuditTable';
import { SelectFilter } from './SelectFilter';
import { useLatestLoad } from '../../shared/useLatestLoad';

interface Props {
  connections: ConnectionView[];
  /** Changes whenever something the log shows may have changed. */
  version: number;
}

export function AuditArea({ connections, version }: Props) {
  const [connectionId, setConnectionId] = useState<string>();
  const [pageNo, setPageNo] = useState(1);
  const { data: page, loading, error, load } = useLatestLoad<AuditPage>(() => adminApi.listAudit({ ...(connectionId ? { connectionId } : {}), page: pageNo }), [connectionId, pageNo]);

  useEffect(() => {
    void load();
  }, [load, version]);

  const retention = page?.retention;
  return (
    <section aria-labelledby="audit-heading">
      <Stack space="space.200">
        <Inline spread="space-between" alignBlock="center">
          <Heading size="large" as="h2" id="audit-heading">
            Audit log
          </Heading>
          <Button appearance="subtle" onClick={() => void load()} isLoading={loading} aria-label="Refresh the audit log">
            Refresh
          </Button>
        </Inline>
        <SelectFilter
          label="Show changes to"
          anyLabel="All connections"
          width={260}
          options={connections.map((c) => ({ value: c.id, label: c.name }))}
          value={connectionId}
          onChange={(id) => {
            setConnectionId(id);
            setPageNo(1);
          }}
        />
        {error ? <ErrorMessage error={error} title="The audit log could not be loaded" actions={<Button onClick={() => void load()}>Try again</Button>} /> : null}
        <div aria-live="polite">
          <Text as="p" color="color.text.subtle">
            {page ? `${plural(page.total, 'change')} recorded${connectionId ? ' for this connection' : ''}.` : ''}
            {page?.unreadable ? ` ${plural(page.unreadable, 'entry', 'entries')} on this page could not be read and ${page.unreadable === 1 ? 'is' : 'are'} left out.` : ''}
            {retention ? ` Changes of the last ${plural(retention.days, 'day')} and the newest ${formatNumber(retention.newest)} are kept (at most ${formatNumber(retention.max)}).` : ''}
          </Text>
        </div>
        <AuditTable page={page} loading={loading} onPage={setPageNo} />
      </Stack>
    </section>
  );
}
