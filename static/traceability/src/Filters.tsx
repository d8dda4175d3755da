/** The page's filters: version (always one), environment, epic, component and readiness (each "any" by default). */
import Select from '@atlaskit/select';
import { Box, Inline } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import { useId } from 'react';
import { READINESS_ORDER, READINESS_LABELS, type Readiness } from '../../../src/domain/readiness';
import type { TraceabilityFilter, TraceabilityView } from '../../../src/resolvers/traceability-contract';
import { formatDay } from '../../shared/format';

type Option = { label: string; value: string };

interface PickerProps {
  label: string;
  /** The option standing for no filter; absent when a value is required. */
  anyLabel?: string;
  options: Option[];
  value?: string;
  onChange: (value?: string) => void;
  width?: number;
}

function Picker({ label, anyLabel, options, value, onChange, width = 200 }: PickerProps) {
  const id = useId();
  const all = anyLabel ? [{ value: '', label: anyLabel }, ...options] : options;
  return (
    <Box style={{ width }}>
      <label
        htmlFor={id}
        style={{ font: token('font.body.small'), fontWeight: token('font.weight.semibold'), color: token('color.text.subtle'), display: 'block', marginBlockEnd: token('space.050') }}
      >
        {label}
      </label>
      <Select<Option>
        inputId={id}
        options={all}
        value={all.find((o) => o.value === (value ?? '')) ?? (anyLabel ? all[0] : null)}
        onChange={(o) => onChange(o?.value || undefined)}
        spacing="compact"
        menuPortalTarget={document.body}
        styles={{ menuPortal: (base) => ({ ...base, zIndex: 510 }) }}
      />
    </Box>
  );
}

function versionLabel(v: TraceabilityView['versions'][number]): string {
  const state = v.archived ? 'archived' : v.released ? 'released' : 'unreleased';
  return `${v.name} (${state}${v.releaseDate ? `, ${formatDay(v.releaseDate)}` : ''})`;
}

interface Props {
  view: TraceabilityView;
  filter: TraceabilityFilter;
  onChange: (filter: TraceabilityFilter) => void;
}

export function Filters({ view, filter, onChange }: Props) {
  const set = (change: Partial<TraceabilityFilter>) => {
    const next: TraceabilityFilter = { ...filter, ...change };
    for (const k of Object.keys(next) as (keyof TraceabilityFilter)[]) if (next[k] === undefined) delete next[k];
    onChange(next);
  };
  const versions = view.versions.filter((v) => !v.archived || v.name === view.version);
  const environments = [...new Set([...view.facets.environments, ...(filter.environment ? [filter.environment] : [])])];
  return (
    <Inline space="space.200" shouldWrap alignBlock="end" testId="trace-filters">
      <Picker
        label="Version"
        options={versions.map((v) => ({ value: v.name, label: versionLabel(v) }))}
        value={view.version}
        // Another version has other environments, epics and components: those filters start again.
        onChange={(version) => onChange({ ...(version ? { version } : {}), ...(filter.readiness ? { readiness: filter.readiness } : {}) })}
        width={300}
      />
      <Picker label="Environment" anyLabel="Every environment" options={environments.map((e) => ({ value: e, label: e }))} value={filter.environment} onChange={(environment) => set({ environment })} />
      <Picker
        label="Epic"
        anyLabel="Every epic"
        options={view.facets.epics.map((e) => ({ value: e.key, label: `${e.key} ${e.summary}` }))}
        value={filter.epic}
        onChange={(epic) => set({ epic })}
        width={240}
      />
      <Picker
        label="Component"
        anyLabel="Every component"
        options={view.facets.components.map((c) => ({ value: c.name, label: c.name }))}
        value={filter.component}
        onChange={(component) => set({ component })}
      />
      <Picker
        label="Readiness"
        anyLabel="Any readiness"
        options={READINESS_ORDER.map((r) => ({ value: r, label: READINESS_LABELS[r] }))}
        value={filter.readiness}
        onChange={(readiness) => set({ readiness: readiness as Readiness | undefined })}
        width={180}
      />
    </Inline>
  );
}
