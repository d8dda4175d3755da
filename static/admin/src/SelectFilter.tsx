/** A labelled single-choice filter (Atlaskit Select) whose first option means "any". */
import Select from '@atlaskit/select';
import { Box } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import { useId } from 'react';

export type FilterOption = { label: string; value: string };

interface Props {
  label: string;
  /** The first option's label, standing for no filter. */
  anyLabel: string;
  options: FilterOption[];
  value?: string;
  onChange: (value?: string) => void;
  width?: number;
}

export function SelectFilter({ label, anyLabel, options, value, onChange, width = 220 }: Props) {
  const id = useId();
  const all = [{ value: '', label: anyLabel }, ...options];
  return (
    <Box style={{ width }}>
      <label htmlFor={id} style={{ font: token('font.body.small'), fontWeight: token('font.weight.semibold'), color: token('color.text.subtle'), display: 'block', marginBlockEnd: token('space.050') }}>
        {label}
      </label>
      <Select<FilterOption>
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
