/**
 * Filters where testers need them: the version (every test by its result in that version), the tool, and the
 * cycle or environment a result came from (the list then shows each test by its latest run there). Native selects drawn with design tokens: light, and at home on a
 * phone-narrow panel. Only filters with a choice to make are shown.
 */
import type { Tool } from '../../../src/domain/model';
import type { PanelFacets, PanelFilter } from '../../../src/resolvers/contract';
import { formatNumber, toolName } from '../../shared/format';

interface Props {
  facets: PanelFacets;
  /** The story's fix versions: offered first, even before any test ran in them. */
  fixVersions?: string[];
  filter: PanelFilter;
  onChange: (filter: PanelFilter) => void;
  disabled?: boolean;
}

function Select({ label, all, value, options, onChange, disabled }: {
  label: string;
  all: string;
  value?: string;
  options: { value: string; text: string }[];
  onChange: (value: string | undefined) => void;
  disabled?: boolean;
}) {
  return (
    <label className="tsp-select">
      <span className="tsp-select-label">{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)} disabled={disabled}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </label>
  );
}

export function hasFilters(facets: PanelFacets, fixVersions: string[] = []): boolean {
  return facets.tools.length > 1 || facets.cycles.length > 0 || facets.environments.length > 0 || facets.versions.length > 0 || fixVersions.length > 0;
}

/** The story's fix versions first (marked), then the versions its tests ran in, most recent first. */
function versionOptions(facets: PanelFacets, fixVersions: string[]): { value: string; text: string }[] {
  const counts = new Map(facets.versions.map((v) => [v.name, v.count]));
  const names = [...new Set([...fixVersions, ...facets.versions.map((v) => v.name)])];
  return names.map((name) => ({
    value: name,
    text: `${name}${fixVersions.includes(name) ? ' (fix version)' : ''} (${formatNumber(counts.get(name) ?? 0)})`,
  }));
}

export function Filters({ facets, fixVersions = [], filter, onChange, disabled }: Props) {
  const set = (patch: Partial<PanelFilter>) => {
    const next: PanelFilter = { ...filter, ...patch };
    for (const k of Object.keys(next) as (keyof PanelFilter)[]) if (next[k] === undefined) delete next[k];
    onChange(next);
  };
  return (
    <div className="tsp-filters" role="group" aria-label="Filter tests">
      {facets.versions.length > 0 || fixVersions.length > 0 || filter.version ? (
        <Select
          label="Version"
          all="Latest results"
          value={filter.version}
          options={versionOptions(facets, fixVersions)}
          onChange={(v) => set({ version: v })}
          disabled={disabled}
        />
      ) : null}
      {facets.tools.length > 1 || filter.tool ? (
        <Select
          label="Tool"
          all="All tools"
          value={filter.tool}
          options={facets.tools.map((t) => ({ value: t.tool, text: `${toolName(t.tool)} (${formatNumber(t.count)})` }))}
          onChange={(v) => set({ tool: v as Tool | undefined })}
          disabled={disabled}
        />
      ) : null}
      {facets.cycles.length > 0 ? (
        <Select
          label="Cycle"
          all="Any cycle"
          value={filter.cycle}
          options={facets.cycles.map((c) => ({ value: c.name, text: `${c.name} (${formatNumber(c.count)})` }))}
          onChange={(v) => set({ cycle: v })}
          disabled={disabled}
        />
      ) : null}
      {facets.environments.length > 0 ? (
        <Select
          label="Environment"
          all="Any environment"
          value={filter.environment}
          options={facets.environments.map((e) => ({ value: e.name, text: `${e.name} (${formatNumber(e.count)})` }))}
          onChange={(v) => set({ environment: v })}
          disabled={disabled}
        />
      ) : null}
    </div>
  );
}
