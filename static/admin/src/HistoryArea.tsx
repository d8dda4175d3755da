/**
 * The sync history: filtered by connection, state and trigger, sorted and paged by the backend, read again
 * while runs on the page are under way and whenever a run ends. Each run opens to what it did.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import { useEffect, useState } from 'react';
import type { ConnectionView, HistoryPage, HistorySortKey } from '../../../src/resolvers/contract';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { formatNumber, plural } from '../../shared/format';
import { adminApi } from './api';
import { HistoryFilters, type HistoryFilter } from './HistoryFilters';
import { HistoryTable } from './HistoryTable';
import { isActive } from './runs';
import { useLatestLoad } from '../../shared/useLatestLoad';

const PAGE_SIZE = 20;
const POLL_ACTIVE_MS = 3000;

interface Props {
  connections: ConnectionView[];
  /** Changes whenever something the history shows may have changed (a run started or ended). */
  version: number;
  onOpen: (runId: string) => void;
}

export function HistoryArea({ connections, version, onOpen }: Props) {
  const [filter, setFilter] = useState<HistoryFilter>({});
  const [sort, setSort] = useState<{ key: HistorySortKey; order: 'ASC' | 'DESC' }>({ key: 'started', order: 'DESC' });
  const [pageNo, setPageNo] = useState(1);
  const [tick, setTick] = useState(0);
  const { data: page, loading, error, load } = useLatestLoad<HistoryPage>(
    () => adminApi.listHistory({ ...filter, sortKey: sort.key, sortOrder: sort.order, page: pageNo, pageSize: PAGE_SIZE }),
    [filter, sort, pageNo],
  );

  useEffect(() => {
    void load();
  }, [load, version]);
  // While runs on the page are under way, their rows are read again quietly.
  useEffect(() => {
    if (tick > 0) void load(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tick]);

  const active = page?.rows.some(isActive) ?? false;
  useEffect(() => {
    if (!active || loading) return undefined;
    const timer = setTimeout(() => setTick((t) => t + 1), POLL_ACTIVE_MS);
    return () => clearTimeout(timer);
  }, [active, loading]);

  const retention = page?.retention;
  return (
    <section aria-labelledby="history-heading">
      <Stack space="space.200">
        <Inline spread="space-between" alignBlock="center">
          <Heading size="large" as="h2" id="history-heading">
            Sync history
          </Heading>
          <Button appearance="subtle" onClick={() => void load()} isLoading={loading}>
            Refresh
          </Button>
        </Inline>
        <HistoryFilters
          connections={connections}
          filter={filter}
          onChange={(f) => {
            setFilter(f);
            setPageNo(1);
          }}
        />
        {error ? <ErrorMessage error={error} title="The sync history could not be loaded" actions={<Button onClick={() => void load()}>Try again</Button>} /> : null}
        <div aria-live="polite">
          <Text as="p" color="color.text.subtle">
            {page ? `${plural(page.total, 'run')}${filter.connectionId || filter.state || filter.trigger ? ' match the filters' : ''}.` : ''}
            {retention ? ` Each connection's runs are kept for ${plural(retention.days, 'day')} back from its latest run, at most ${formatNumber(retention.perConnection)}, of which at most ${formatNumber(retention.quietKept)} scheduled runs that changed nothing.` : ''}
          </Text>
        </div>
        <HistoryTable
          page={page}
          loading={loading}
          connections={connections}
          sortKey={sort.key}
          sortOrder={sort.order}
          onSort={(key, order) => {
            setSort({ key, order });
            setPageNo(1);
          }}
          onPage={setPageNo}
          onOpen={(row) => onOpen(row.runId)}
        />
      </Stack>
    </section>
  );
}
