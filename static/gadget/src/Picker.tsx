/** A labelled Atlaskit select of the edit mode; with `search`, it asks for its options as the user types. */
import Select, { AsyncSelect } from '@atlaskit/select';
import { Box } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import { useId } from 'react';

export type Option = { label: string; value: string };

interface Props {
  label: string;
  options: Option[];
  value?: Option | null;
  onChange: (value?: string) => void;
  /** Options for what the user typed (the first `options` are shown before). */
  search?: (text: string) => Promise<Option[]>;
  isLoading?: boolean;
  isDisabled?: boolean;
  placeholder?: string;
}

export function Picker({ label, options, value, onChange, search, isLoading, isDisabled, placeholder }: Props) {
  const id = useId();
  const common = {
    inputId: id,
    value: value ?? null,
    onChange: (o: Option | null) => onChange(o?.value || undefined),
    isLoading,
    isDisabled,
    placeholder,
    menuPortalTarget: document.body,
    styles: { menuPortal: (base: object) => ({ ...base, zIndex: 510 }) },
  };
  return (
    <Box>
      <label
        htmlFor={id}
        style={{ font: token('font.body.small'), fontWeight: token('font.weight.semibold'), color: token('color.text.subtle'), display: 'block', marginBlockEnd: token('space.050') }}
      >
        {label}
      </label>
      {search ? <AsyncSelect<Option> {...common} defaultOptions={options} loadOptions={search} cacheOptions /> : <Select<Option> {...common} options={options} />}
    </Box>
  );
}
