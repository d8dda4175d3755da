/** A form's submit and Cancel buttons. */
import Button from '@atlaskit/button/new';
import { Inline } from '@atlaskit/primitives';

export function FormActions({
  submitLabel,
  saving,
  onCancel,
  submitDisabled = false,
}: {
  submitLabel: string;
  saving: boolean;
  onCancel: () => void;
  submitDisabled?: boolean;
}) {
  return (
    <Inline space="space.100">
      <Button type="submit" appearance="primary" isLoading={saving} isDisabled={submitDisabled}>
        {submitLabel}
      </Button>
      <Button onClick={onCancel} isDisabled={saving}>
        Cancel
      </Button>
    </Inline>
  );
}
