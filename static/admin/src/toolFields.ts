/**
 * The parts the connection form's tool descriptions (connectionTools.ts) are made of: the form's values, its
 * kinds of field, the words for a credential, and the fields and rules every tool shares.
 */
import type { Tool } from '../../../src/domain/model';
import type { ConnectionPayload, ConnectionView } from '../../../src/resolvers/contract';

/** The form's values by field key: text for text-like fields, true/false for checkboxes. */
export type Values = Record<string, string | boolean>;

export interface Option {
  value: string;
  label: string;
}

interface FieldBase {
  key: string;
  label: string;
  /** Other words a resolver message may start with when it is about this field. */
  aliases?: string[];
  help?: string;
  /** Shown (and sent) only while this holds, e.g. a secret of one sign-in method while that method is chosen. */
  visibleWhen?: (values: Values) => boolean;
}

export type ToolField =
  | (FieldBase & {
      kind: 'text' | 'url' | 'date';
      required?: boolean;
      placeholder?: string;
      initial: (c?: ConnectionView) => string;
    })
  | (FieldBase & { kind: 'select'; options: Option[]; initial: (c?: ConnectionView) => string })
  | (FieldBase & { kind: 'checkbox'; asSwitch?: boolean; initial: (c?: ConnectionView) => boolean })
  | (FieldBase & {
      kind: 'secret';
      /** Help when adding, when editing with a stored secret, and when editing without one. */
      helpFor: { add: string; stored: string; missing: string };
    });

/** The tool's secret, in words. */
export interface Credential {
  /** The secret field's label, e.g. "API token". */
  label: string;
  /** The secret in a sentence, e.g. "client secret". */
  noun: string;
  /** The article before the noun. */
  article: 'a' | 'an';
  /** What to do when it lapses. */
  renew: string;
}

export interface ToolDescription {
  tool: Tool;
  name: string;
  fields: ToolField[];
  toInput: (values: Values, id: string | undefined) => ConnectionPayload;
  /** The tool's usual credential. */
  credential: Credential;
  /** The credential the values sign in with, when the tool offers more than one; else `credential`. */
  credentialFor?: (values: Values) => Credential;
  /** How one of the tool's projects is called, e.g. "qTest project". */
  project: string;
  /** Shown under a new connection's form. */
  nextSteps: string;
  /**
   * Why the stored secret cannot be kept: the values point the edited connection at another site, region or
   * API key than the one the secret was entered for. Undefined when they do not.
   */
  secretMoved: (values: Values, existing: ConnectionView) => string | undefined;
}

export const text = (values: Values, key: string): string => String(values[key] ?? '').trim();
export const secret = (values: Values, key: string): string | undefined => text(values, key) || undefined;

export const NAME: ToolField = {
  kind: 'text',
  key: 'name',
  label: 'Name',
  required: true,
  help: 'How this connection is called on this page and in the history.',
  initial: (c) => c?.name ?? '',
};

export function expiry(noun: string): ToolField {
  return {
    kind: 'date',
    key: 'expiresOn',
    label: 'Expiry date (optional)',
    aliases: ['Expiry', 'expires'],
    help: `When the ${noun} lapses. TestSync warns on this page 14 days before.`,
    initial: (c) => c?.expiresOn ?? '',
  };
}

export const ENABLED: ToolField = {
  kind: 'checkbox',
  asSwitch: true,
  key: 'enabled',
  label: 'Enabled',
  help: 'A disabled connection keeps its settings but is skipped by scheduled syncs.',
  initial: (c) => c?.enabled ?? true,
};

export function secretHelp(credential: Credential, source: string) {
  const { noun, article } = credential;
  const capital = article === 'an' ? 'An' : 'A';
  return {
    add: `${source}. It is stored encrypted and never shown again.`,
    stored: `${capital} ${noun} is stored (it is never shown). Leave this empty to keep the stored ${noun}, or enter a new one to replace it.`,
    missing: `No ${noun} is stored for this connection. ${source}.`,
  };
}

/** A URL as compared for "same site": lower case, without trailing slashes (as the backend compares it). */
function comparableUrl(url: string): string {
  return url.trim().replace(/\/+$/, '').toLowerCase();
}

export const ONLY_THERE = 'TestSync sends a credential only to the site and account it was entered for.';

/** qTest and QMetry: a secret belongs to the site URL it was entered with. */
export function siteMoved(credential: Credential, field: string) {
  return (values: Values, existing: ConnectionView): string | undefined => {
    const entered = text(values, 'baseUrl').replace(/\/+$/, '');
    if (!entered || !existing.baseUrl || comparableUrl(entered) === comparableUrl(existing.baseUrl)) return undefined;
    return `Required because the ${field} changed: the stored ${credential.noun} belongs to ${existing.baseUrl}, not ${entered}. ${ONLY_THERE}`;
  };
}

/** Aliases of a secret field: the words of the backend's "enter it again" message. */
export const againAlias = (credential: Credential) => `Enter the ${credential.noun} again`;

export function common(values: Values, id: string | undefined) {
  return {
    id,
    name: text(values, 'name'),
    expiresOn: text(values, 'expiresOn'),
    enabled: values.enabled === true,
  };
}
