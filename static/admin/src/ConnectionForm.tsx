/**
 * Adds or edits a connection of any tool, drawn from the tool's description (connectionTools.ts). Saving
 * checks the connection with what was entered first: a failed check shows its cause and fix here, and the form
 * stays open until the admin fixes the settings or explicitly keeps them anyway. The secret is write-only: it
 * is never shown or sent back. "Write defects to <tool>" (off until turned on) lets bugs created from failed runs be
 * linked to those runs in the tool; with it on, the check also asks whether the credential may write.
 */
import Button from '@atlaskit/button/new';
import { FormActions } from '../../shared/FormActions';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { Stack, Text } from '@atlaskit/primitives';
import { Inline } from '@atlaskit/primitives';
import { useRef, useState, type FormEvent } from 'react';
import { TOOL_LABELS, type Tool } from '../../../src/domain/model';
import type { ConnectionTestResult, ConnectionView } from '../../../src/resolvers/contract';
import { toDisplayError } from '../../shared/bridge';
import { Checkbox } from '../../shared/Checkbox';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { Field } from '../../shared/Field';
import { adminApi } from './api';
import { ConnectionTestMessage, checkTitle } from './ConnectionTestMessage';
import { baseLabel, describeTool, isVisible, valuesOf, type Option, type ToolField, type Values } from './connectionTools';
import { splitFieldErrors, type FieldSpec } from './fieldErrors';
import { FORM_MAX_WIDTH } from './layout';

export interface ConnectionFormProps {
  /** The tool of a new connection; an edited one keeps its own. */
  tool: Tool;
  /** The connection being edited; absent when adding one. */
  existing?: ConnectionView;
  /** Labels the form (the heading around it). */
  labelledBy: string;
  onSaved: (view: ConnectionView, check: ConnectionTestResult) => void;
  /** The check failed and nothing was saved (the form stays open with the cause and fix). */
  onCheckFailed: (check: ConnectionTestResult) => void;
  onCancel: () => void;
}

export function ConnectionForm({ tool, existing, labelledBy, onSaved, onCheckFailed, onCancel }: ConnectionFormProps) {
  const description = describeTool(existing?.tool ?? tool);
  const { fields } = description;
  const [values, setValues] = useState<Values>(() => valuesOf(fields, existing));
  const [writeDefects, setWriteDefects] = useState(existing?.settings.writeDefects === true);
  const toolLabel = TOOL_LABELS[existing?.tool ?? tool];
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string | undefined>>({});
  /** The failed check of the settings as they were last submitted. */
  const [failedCheck, setFailedCheck] = useState<ConnectionTestResult>();
  const problemRef = useRef<HTMLDivElement>(null);
  const keeping = useRef(false);

  const editing = existing !== undefined;
  /** Why the stored secret cannot be kept with what is entered now (another site, region or API key). */
  const secretMoved = editing && existing.hasSecret ? description.secretMoved(values, existing) : undefined;
  const set = (key: string, value: string | boolean) => {
    setValues((v) => ({ ...v, [key]: value }));
    setFailedCheck(undefined);
  };
  /** The fields shown with the values entered (another sign-in method's fields are hidden, and not sent). */
  const shown = fields.filter((f) => isVisible(f, values));
  const errorSpecs: FieldSpec<string>[] = shown.map((f) => ({ key: f.key, labels: [baseLabel(f.label), ...(f.aliases ?? [])] }));

  async function save(keepIfCheckFails: boolean) {
    setSaving(true);
    setError(undefined);
    setFieldErrors({});
    try {
      const answer = await adminApi.saveConnectionChecked({ connection: { ...description.toInput(values, existing?.id), writeDefects }, keepIfCheckFails });
      if (!answer.saved) {
        setFailedCheck(answer.check);
        onCheckFailed(answer.check);
        setTimeout(() => problemRef.current?.focus(), 0);
        return;
      }
      setValues((v) => {
        const cleared = { ...v };
        for (const f of fields) if (f.kind === 'secret') cleared[f.key] = '';
        return cleared;
      });
      onSaved(answer.connection, answer.check);
    } catch (err) {
      setFieldErrors(splitFieldErrors(toDisplayError(err).message, errorSpecs).fields);
      setError(err);
      setTimeout(() => problemRef.current?.focus(), 0);
    } finally {
      setSaving(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    void save(false);
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
    const isSecret = f.kind === 'secret';
    // A stored secret is kept only while the connection points where it was entered for.
    const stored = editing && existing.hasSecret && !secretMoved;
    const help = isSecret ? (!editing ? f.helpFor.add : secretMoved ?? (stored ? f.helpFor.stored : f.helpFor.missing)) : f.help;
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
    <form onSubmit={submit} noValidate aria-labelledby={labelledBy} style={{ maxWidth: FORM_MAX_WIDTH }}>
      <Stack space="space.200">
        <div ref={problemRef} tabIndex={-1} style={{ outline: 'none' }}>
          {error ? <ErrorMessage error={error} title="The connection was not saved" /> : null}
          {failedCheck ? (
            <Stack space="space.100">
              <ConnectionTestMessage result={failedCheck} title={`Not saved: ${checkTitle(failedCheck)}`} />
              <Text as="p" color="color.text.subtle">
                Fix the settings and save again, or keep them as they are (the connection will not sync until the check passes).
              </Text>
            </Stack>
          ) : null}
        </div>
        {shown.map((f, i) => renderField(f, i === 0))}
        <Checkbox
          label={`Write defects to ${toolLabel}`}
          checked={writeDefects}
          onChange={(c) => {
            setWriteDefects(c);
            setFailedCheck(undefined);
          }}
          help={`A bug created from a failed test is also linked to its run in ${toolLabel}. Saving checks that the credential may write there.`}
        />
        {!editing ? (
          <SectionMessage appearance="information">
            <Text as="p">{description.nextSteps}</Text>
          </SectionMessage>
        ) : null}
        <Inline space="space.100" shouldWrap>
          <FormActions submitLabel={failedCheck ? 'Check and save again' : 'Save connection'} saving={saving && !keeping.current} onCancel={onCancel} submitDisabled={saving} />
          {failedCheck ? (
            <Button
              appearance="subtle"
              isDisabled={saving}
              isLoading={saving && keeping.current}
              onClick={() => {
                keeping.current = true;
                void save(true).finally(() => (keeping.current = false));
              }}
            >
              Keep these settings anyway
            </Button>
          ) : null}
        </Inline>
      </Stack>
    </form>
  );
}
