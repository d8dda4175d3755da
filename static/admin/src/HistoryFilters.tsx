/** The history's filters: connection, state and trigger (each "any" by default), and a way to clear them. */
import Button from '@atlaskit/button/new';
import Select from '@atlaskit/select';
import { Box, Inline } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import { useId } from 'react';
import type { ConnectionView, HistoryQuery, RunState } from '../../../src/resolvers/contract';

type Option = { label: string; value: string };
export type HistoryFilter = Pick<HistoryQuery, 'connectionId' | 'state' | 'trigger'>;

const STATES: { value: RunState; label: string }[] = [
  { value: 'queued', label: 'Queued' },
  { value: 'running', label: 'Running' },
  { value: 'succeeded', label: 'Succeeded' },
  { value: 'partial', label: 'Partly failed' },
  { value: 'failed', label: 'Failed' },
  { value: 'cancelled', label: 'Cancelled' },
];
const TRIGGERS: Option[] = [
  { value: 'schedule', label: 'Scheduled sync' },
  { value: 'manual', label: 'Manual sync' },
  { value: 'dryRun', label: 'Dry run' },
];
const ANY = (what: string): Option => ({ value: '', label: `Any ${what}` });

function Filter({ label, options, value, onChange, width = 220 }: { label: string; options: Option[]; value?: string; onChange: (v?: string) => void; width?: number }) {
  const id = useId();
  const all = [ANY(label.toLowerCase()), ...options];
  return (
    <Box style={{ width }}>
      <label htmlFor={id} style={{ font: token('font.body.small'), fontWeight: token('font.weight.semibold'), color: token('color.text.subtle'), display: 'block', marginBlockEnd: token('space.050') }}>
        {label}
      </label>
      <Select<Option>
        inputId={id}
        options={all}
        value={all.find((o) => o.value === (value ?? '')) ?? all[0]}
        onChange={(o) => onChange(o?.value || undefined)}
        spacing="compact"
        menuPortalTarget={document.body}
        styles={{ menuPortal: (base) => ({ ...base, zIndex: 510 }) }}
      />
    </Box>
  );
}

interface Props {
  connections: ConnectionView[];
  filter: HistoryFilter;
  onChange: (filter: HistoryFilter) => void;
}

export function HistoryFilters({ connections, filter, onChange }: Props) {
  const any = !filter.connectionId && !filter.state && !filter.trigger;
  return (
    <Inline space="space.150" alignBlock="end" shouldWrap>
      <Filter
        label="Connection"
        width={260}
        options={connections.map((c) => ({ value: c.id, label: c.name }))}
        value={filter.connectionId}
        onChange={(v) => onChange({ ...filter, connectionId: v })}
      />
      <Filter label="State" options={STATES} value={filter.state} onChange={(v) => onChange({ ...filter, state: v as RunState | undefined })} />
      <Filter label="Trigger" options={TRIGGERS} value={filter.trigger} onChange={(v) => onChange({ ...filter, trigger: v as HistoryFilter['trigger'] })} />
      <Button appearance="subtle" isDisabled={any} onClick={() => onChange({})}>
        Clear filters
      </Button>
    </Inline>
  );
}
