/**
 * Adds or edits a connection of any tool, drawn from the tool's description (connectionTools.ts).
 * The secret is write-only: it is never shown or sent back.
 */
import { FormActions } from '../../shared/FormActions';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { Stack, Text } from '@atlaskit/primitives';
import { useId, useState, type FormEvent } from 'react';
import type { Tool } from '../../../src/domain/model';
import type { ConnectionView } from '../../../src/resolvers/contract';
import { toDisplayError } from '../../shared/bridge';
import { Checkbox } from '../../shared/Checkbox';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { Field } from '../../shared/Field';
import { adminApi } from './api';
import { baseLabel, describeTool, type Option, type ToolField, type Values } from './connectionTools';
import { splitFieldErrors, type FieldSpec } from './fieldErrors';
import { FORM_MAX_WIDTH } from './layout';

export interface ConnectionFormProps {
  /** The tool of a new connection; an edited one keeps its own. */
  tool: Tool;
  /** The connection being edited; absent when adding one. */
  existing?: ConnectionView;
  headingLevel: 'h3' | 'h4';
  onSaved: (view: ConnectionView) => void;
  onCancel: () => void;
}

function initialValues(fields: ToolField[], existing: ConnectionView | undefined): Values {
  const values: Values = {};
  for (const f of fields) values[f.key] = f.kind === 'secret' ? '' : f.initial(existing);
  return values;
}

export function ConnectionForm({ tool, existing, headingLevel, onSaved, onCancel }: ConnectionFormProps) {
  const description = describeTool(existing?.tool ?? tool);
  const { fields } = description;
  const [values, setValues] = useState<Values>(() => initialValues(fields, existing));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string | undefined>>({});
  const headingId = useId();

  const editing = existing !== undefined;
  const set = (key: string, value: string | boolean) => setValues((v) => ({ ...v, [key]: value }));
  const errorSpecs: FieldSpec<string>[] = fields.map((f) => ({ key: f.key, labels: [baseLabel(f.label), ...(f.aliases ?? [])] }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError(undefined);
    setFieldErrors({});
    try {
      const saved = await adminApi.saveConnection(description.toInput(values, existing?.id));
      setValues((v) => {
        const cleared = { ...v };
        for (const f of fields) if (f.kind === 'secret') cleared[f.key] = '';
        return cleared;
      });
      onSaved(saved);
    } catch (err) {
      setFieldErrors(splitFieldErrors(toDisplayError(err).message, errorSpecs).fields);
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  function renderField(f: ToolField, first: boolean) {
    const fieldError = fieldErrors[f.key];
    const value = values[f.key];
    if (f.kind === 'checkbox') {
      return (
        <Checkbox
          key={f.key}
          label={f.label}
          asSwitch={f.asSwitch}
          checked={value === true}
          onChange={(c) => set(f.key, c)}
          help={f.help}
          error={fieldError}
        />
      );
    }
    if (f.kind === 'select') {
      return (
        <Field key={f.key} label={f.label} required error={fieldError} help={f.help}>
          {(p) => (
            <Select<Option>
              inputId={p.id}
              descriptionId={p['aria-describedby']}
              options={f.options}
              value={f.options.find((o) => o.value === value) ?? null}
              onChange={(o) => set(f.key, o?.value ?? '')}
              isInvalid={!!fieldError}
            />
          )}
        </Field>
      );
    }
    const stored = editing && existing.hasSecret;
    const isSecret = f.kind === 'secret';
    const help = isSecret ? (!editing ? f.helpFor.add : stored ? f.helpFor.stored : f.helpFor.missing) : f.help;
    return (
      <Field key={f.key} label={f.label} required={isSecret ? !stored : f.required} error={fieldError} help={help}>
        {(p) => (
          <Textfield
            {...p}
            name={f.key}
            type={isSecret ? 'password' : f.kind}
            autoComplete={isSecret ? 'new-password' : 'off'}
            autoFocus={first}
            placeholder={isSecret ? (stored ? '•••••••• (stored)' : undefined) : f.placeholder}
            value={String(value ?? '')}
            onChange={(e) => set(f.key, e.currentTarget.value)}
            isInvalid={!!fieldError}
          />
        )}
      </Field>
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby={headingId} style={{ maxWidth: FORM_MAX_WIDTH }}>
      <Stack space="space.200">
        <Heading size={headingLevel === 'h3' ? 'small' : 'xsmall'} as={headingLevel} id={headingId}>
          {editing ? `Edit ${existing.name}` : `Add ${description.name} connection`}
        </Heading>
        {error ? <ErrorMessage error={error} title="The connection was not saved" /> : null}
        {fields.map((f, i) => renderField(f, i === 0))}
        {!editing ? (
          <SectionMessage appearance="information">
            <Text as="p">{description.nextSteps}</Text>
          </SectionMessage>
        ) : null}
        <FormActions submitLabel="Save connection" saving={saving} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
