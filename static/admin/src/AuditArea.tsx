/**
 * The audit log: every change an admin made (connections, secrets, mappings, status mappings, syncs started
 * or cancelled, failed items retried or skipped), newest first, twenty a page, of all connections or one.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Select from '@atlaskit/select';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { AuditPage, ConnectionView } from '../../../src/resolvers/contract';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { formatNumber, plural } from '../../shared/format';
import { adminApi } from './api';
import { AuditTable } from './AuditTable';

type Option = { label: string; value: string };

interface Props {
  connections: ConnectionView[];
  /** Changes whenever something the log shows may have changed. */
  version: number;
}

function ConnectionFilter({ connections, value, onChange }: { connections: ConnectionView[]; value?: string; onChange: (id?: string) => void }) {
  const id = useId();
  const options: Option[] = [{ value: '', label: 'All connections' }, ...connections.map((c) => ({ value: c.id, label: c.name }))];
  return (
    <Box style={{ width: 260 }}>
      <label htmlFor={id} style={{ font: token('font.body.small'), fontWeight: token('font.weight.semibold'), color: token('color.text.subtle'), display: 'block', marginBlockEnd: token('space.050') }}>
        Show changes to
      </label>
      <Select<Option>
        inputId={id}
        options={options}
        value={options.find((o) => o.value === (value ?? '')) ?? options[0]}
        onChange={(o) => onChange(o?.value || undefined)}
        spacing="compact"
        menuPortalTarget={document.body}
        styles={{ menuPortal: (base) => ({ ...base, zIndex: 510 }) }}
      />
    </Box>
  );
}

export function AuditArea({ connections, version }: Props) {
  const [connectionId, setConnectionId] = useState<string>();
  const [pageNo, setPageNo] = useState(1);
  const [page, setPage] = useState<AuditPage>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  // Only the answer to the latest request is shown.
  const latest = useRef(0);

  const load = useCallback(async () => {
    const request = ++latest.current;
    setLoading(true);
    try {
      const answer = await adminApi.listAudit({ ...(connectionId ? { connectionId } : {}), page: pageNo });
      if (request !== latest.current) return;
      setPage(answer);
      setError(undefined);
    } catch (e) {
      if (request === latest.current) setError(e);
    } finally {
      if (request === latest.current) setLoading(false);
    }
  }, [connectionId, pageNo]);

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
        <ConnectionFilter
          connections={connections}
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
