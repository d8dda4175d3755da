/** Adds or edits a qTest connection. The API token is write-only: it is never shown or sent back. */
import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import { useState, type FormEvent } from 'react';
import type { ConnectionView, QtestConnectionInput } from '../../../src/resolvers/contract';
import { toDisplayError } from '../../shared/bridge';
import { Checkbox } from '../../shared/Checkbox';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { Field } from '../../shared/Field';
import { adminApi } from './api';
import { splitFieldErrors, type FieldSpec } from './fieldErrors';

export const FORM_MAX_WIDTH = 640;

type FieldKey = 'name' | 'baseUrl' | 'apiToken' | 'expiresOn';

const FIELDS: FieldSpec<FieldKey>[] = [
  { key: 'name', labels: ['Name'] },
  { key: 'baseUrl', labels: ['Site URL', 'Base URL', 'URL'] },
  { key: 'apiToken', labels: ['API token', 'Token'] },
  { key: 'expiresOn', labels: ['Expiry date', 'Expiry', 'expires'] },
];

interface Props {
  /** The connection being edited; absent when adding one. */
  existing?: ConnectionView;
  onSaved: (view: ConnectionView) => void;
  onCancel: () => void;
}

export function ConnectionForm({ existing, onSaved, onCancel }: Props) {
  const [name, setName] = useState(existing?.name ?? '');
  const [baseUrl, setBaseUrl] = useState(existing?.baseUrl ?? '');
  const [apiToken, setApiToken] = useState('');
  const [expiresOn, setExpiresOn] = useState(existing?.expiresOn ?? '');
  const [enabled, setEnabled] = useState(existing?.enabled ?? true);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldKey, string>>>({});

  const editing = existing !== undefined;
  const tokenHelp = editing
    ? existing.hasSecret
      ? 'A token is stored (it is never shown). Leave this empty to keep the stored token, or enter a new one to replace it.'
      : 'No token is stored for this connection. Enter the qTest API token (Resources → API & SDK in qTest).'
    : 'The bearer token from qTest (Resources → API & SDK). It is stored encrypted and never shown again.';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError(undefined);
    setFieldErrors({});
    const input: QtestConnectionInput = {
      id: existing?.id,
      tool: 'qtest',
      name: name.trim(),
      baseUrl: baseUrl.trim(),
      apiToken: apiToken.trim() || undefined,
      expiresOn: expiresOn || '',
      enabled,
    };
    try {
      const saved = await adminApi.saveConnection(input);
      setApiToken('');
      onSaved(saved);
    } catch (err) {
      setFieldErrors(splitFieldErrors(toDisplayError(err).message, FIELDS).fields);
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={editing ? `Edit connection ${existing.name}` : 'Add qTest connection'}
      style={{ maxWidth: FORM_MAX_WIDTH }}
    >
      <Stack space="space.200">
        {error ? <ErrorMessage error={error} title="The connection was not saved" /> : null}
        <Field label="Name" required error={fieldErrors.name} help="How this connection is called on this page and in the history.">
          {(p) => (
            <Textfield
              {...p}
              name="name"
              value={name}
              autoComplete="off"
              autoFocus
              onChange={(e) => setName(e.currentTarget.value)}
              isInvalid={!!fieldErrors.name}
            />
          )}
        </Field>
        <Field label="Site URL" required error={fieldErrors.baseUrl} help="Your qTest Manager site, like https://<site>.qtestnet.com">
          {(p) => (
            <Textfield
              {...p}
              name="baseUrl"
              type="url"
              placeholder="https://mysite.qtestnet.com"
              value={baseUrl}
              onChange={(e) => setBaseUrl(e.currentTarget.value)}
              isInvalid={!!fieldErrors.baseUrl}
            />
          )}
        </Field>
        <Field label="API token" required={!editing || !existing.hasSecret} error={fieldErrors.apiToken} help={tokenHelp}>
          {(p) => (
            <Textfield
              {...p}
              name="apiToken"
              type="password"
              autoComplete="new-password"
              placeholder={editing && existing.hasSecret ? '•••••••• (stored)' : undefined}
              value={apiToken}
              onChange={(e) => setApiToken(e.currentTarget.value)}
              isInvalid={!!fieldErrors.apiToken}
            />
          )}
        </Field>
        <Field label="Expiry date (optional)" error={fieldErrors.expiresOn} help="When the token lapses. TestSync warns on this page 14 days before.">
          {(p) => (
            <Textfield
              {...p}
              name="expiresOn"
              type="date"
              value={expiresOn}
              onChange={(e) => setExpiresOn(e.currentTarget.value)}
              isInvalid={!!fieldErrors.expiresOn}
            />
          )}
        </Field>
        <Checkbox
          label="Enabled"
          asSwitch
          checked={enabled}
          onChange={setEnabled}
          help="A disabled connection keeps its settings but is skipped by scheduled syncs."
        />
        {!editing ? (
          <SectionMessage appearance="information">
            <Text as="p">After saving, use “Test connection” to check the token, then map a qTest project to a Jira project.</Text>
          </SectionMessage>
        ) : null}
        <Inline space="space.100">
          <Button type="submit" appearance="primary" isLoading={saving}>
            Save connection
          </Button>
          <Button onClick={onCancel} isDisabled={saving}>
            Cancel
          </Button>
        </Inline>
      </Stack>
    </form>
  );
}
