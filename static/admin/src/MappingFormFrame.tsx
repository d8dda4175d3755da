/**
 * What a connection's mapping forms (status mapping, version mapping) show around their own notices and table: the
 * bordered form with its heading and introduction, the mapping's loading and load error, the text shown when there is
 * no row to map, the save's error and success, and the Save / Cancel buttons.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import { Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { FormActions } from '../../shared/FormActions';
import { Loading } from '../../shared/Loading';
import type { Resource } from '../../shared/useResource';
import type { MappingSave } from './useMappingSave';

const frameStyle = {
  padding: token('space.200'),
  border: `${token('border.width')} solid ${token('color.border')}`,
  borderRadius: token('radius.medium'),
};

interface Props<View extends { rows: readonly unknown[] }> {
  /** The form's heading, accessible name and table caption, e.g. "Status mapping of Acme". */
  title: string;
  /** What is mapped, in the messages' words: "status mapping", "version mapping". */
  subject: string;
  intro: ReactNode;
  mapping: Resource<View>;
  /** The save flow's state and submit; the edits stay with the form, which turns them into its table's draft. */
  save: Pick<MappingSave<unknown>, 'saving' | 'error' | 'saved' | 'submit'>;
  /** Shown once the mapping is saved: when the new mapping takes effect. */
  savedText: string;
  /** Shown in place of the table while the loaded mapping has no row. */
  noRowsText: ReactNode;
  /** The table of rows, shown only when there is at least one. */
  table: (view: View) => ReactNode;
  onClose: () => void;
  /** The form's own notices about the loaded mapping, shown above the table. */
  children?: ReactNode;
}

export function MappingFormFrame<View extends { rows: readonly unknown[] }>({
  title,
  subject,
  intro,
  mapping,
  save,
  savedText,
  noRowsText,
  table,
  onClose,
  children,
}: Props<View>) {
  const view = mapping.data;

  return (
    <form onSubmit={save.submit} noValidate aria-label={title} style={frameStyle}>
      <Stack space="space.200">
        <Stack space="space.050">
          <Heading size="xsmall" as="h4">
            {title}
          </Heading>
          <Text as="p" color="color.text.subtle">
            {intro}
          </Text>
        </Stack>

        {mapping.error ? (
          <ErrorMessage
            error={mapping.error}
            title={`The ${subject} could not be loaded`}
            actions={<Button onClick={() => void mapping.reload()}>Try again</Button>}
          />
        ) : null}
        {mapping.loading && !view ? <Loading label={`Loading the ${subject}`} /> : null}

        {children}

        {view && view.rows.length > 0 ? table(view) : null}
        {view && view.rows.length === 0 ? (
          <Text as="p" color="color.text.subtle">
            {noRowsText}
          </Text>
        ) : null}

        {save.error ? <ErrorMessage error={save.error} title={`The ${subject} was not saved`} /> : null}
        <div aria-live="polite">
          {save.saved ? (
            <SectionMessage appearance="success">
              <Text as="p">{savedText}</Text>
            </SectionMessage>
          ) : null}
        </div>

        <FormActions
          submitLabel={`Save ${subject}`}
          saving={save.saving}
          onCancel={onClose}
          submitDisabled={!view || view.rows.length === 0}
        />
      </Stack>
    </form>
  );
}
