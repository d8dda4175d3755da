/** The history's filters: connection, state and trigger (each "any" by default), and a way to clear them. */
import Button from '@atlaskit/button/new';
import { Inline } from '@atlaskit/primitives';
import { SelectFilter, type FilterOption } from './SelectFilter';
import type { ConnectionView, HistoryQuery, RunState } from '../../../src/resolvers/contract';

export type HistoryFilter = Pick<HistoryQuery, 'connectionId' | 'state' | 'trigger'>;

const STATES: { value: RunState; label: string }[] = [
  { value: 'queued', label: 'Queued' },
  { value: 'running', label: 'Running' },
  { value: 'succeeded', label: 'Succeeded' },
  { value: 'partial', label: 'Partly failed' },
  { value: 'failed', label: 'Failed' },
  { value: 'cancelled', label: 'Cancelled' },
];
const TRIGGERS: FilterOption[] = [
  { value: 'schedule', label: 'Scheduled sync' },
  { value: 'manual', label: 'Manual sync' },
  { value: 'dryRun', label: 'Dry run' },
];

interface Props {
  connections: ConnectionView[];
  filter: HistoryFilter;
  onChange: (filter: HistoryFilter) => void;
}

export function HistoryFilters({ connections, filter, onChange }: Props) {
  const any = !filter.connectionId && !filter.state && !filter.trigger;
  return (
    <Inline space="space.150" alignBlock="end" shouldWrap>
      <SelectFilter
        label="Connection"
        anyLabel="Any connection"
        width={260}
        options={connections.map((c) => ({ value: c.id, label: c.name }))}
        value={filter.connectionId}
        onChange={(v) => onChange({ ...filter, connectionId: v })}
      />
      <SelectFilter label="State" anyLabel="Any state" options={STATES} value={filter.state} onChange={(v) => onChange({ ...filter, state: v as RunState | undefined })} />
      <SelectFilter label="Trigger" anyLabel="Any trigger" options={TRIGGERS} value={filter.trigger} onChange={(v) => onChange({ ...filter, trigger: v as HistoryFilter['trigger'] })} />
      <Button appearance="subtle" isDisabled={any} onClick={() => onChange({})}>
        Clear filters
      </Button>
    </Inline>
  );
}
