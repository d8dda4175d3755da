/**
 * What differs between the tools on the admin page: the connection form's fields (in order), how its
 * values become the resolver's input, and the words for the tool's credential and projects. One form
 * and one card are drawn from these descriptions.
 */
import type { Tool } from '../../../src/domain/model';
import type { ConnectionPayload, ConnectionView, XrayRegion } from '../../../src/resolvers/contract';
import { TOOL_NAMES } from '../../shared/format';

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
  credential: Credential;
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

export const XRAY_REGION_LABEL: Record<XrayRegion, string> = { global: 'Global', us: 'US', eu: 'EU', au: 'AU' };

const text = (values: Values, key: string): string => String(values[key] ?? '').trim();
const secret = (values: Values, key: string): string | undefined => text(values, key) || undefined;

const NAME: ToolField = {
  kind: 'text',
  key: 'name',
  label: 'Name',
  required: true,
  help: 'How this connection is called on this page and in the history.',
  initial: (c) => c?.name ?? '',
};

function expiry(noun: string): ToolField {
  return {
    kind: 'date',
    key: 'expiresOn',
    label: 'Expiry date (optional)',
    aliases: ['Expiry', 'expires'],
    help: `When the ${noun} lapses. TestSync warns on this page 14 days before.`,
    initial: (c) => c?.expiresOn ?? '',
  };
}

const ENABLED: ToolField = {
  kind: 'checkbox',
  asSwitch: true,
  key: 'enabled',
  label: 'Enabled',
  help: 'A disabled connection keeps its settings but is skipped by scheduled syncs.',
  initial: (c) => c?.enabled ?? true,
};

function secretHelp(credential: Credential, source: string) {
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

const ONLY_THERE = 'TestSync sends a credential only to the site and account it was entered for.';

/** qTest and QMetry: a secret belongs to the site URL it was entered with. */
function siteMoved(credential: Credential, field: string) {
  return (values: Values, existing: ConnectionView): string | undefined => {
    const entered = text(values, 'baseUrl').replace(/\/+$/, '');
    if (!entered || !existing.baseUrl || comparableUrl(entered) === comparableUrl(existing.baseUrl)) return undefined;
    return `Required because the ${field} changed: the stored ${credential.noun} belongs to ${existing.baseUrl}, not ${entered}. ${ONLY_THERE}`;
  };
}

/** Aliases of a secret field: the words of the backend's "enter it again" message. */
const againAlias = (credential: Credential) => `Enter the ${credential.noun} again`;

function common(values: Values, id: string | undefined) {
  return {
    id,
    name: text(values, 'name'),
    expiresOn: text(values, 'expiresOn'),
    enabled: values.enabled === true,
  };
}

const QTEST_CREDENTIAL: Credential = {
  label: 'API token',
  noun: 'API token',
  article: 'an',
  renew: 'Generate a new token in qTest, then edit this connection and paste it into “API token”.',
};

const QTEST: ToolDescription = {
  tool: 'qtest',
  name: TOOL_NAMES.qtest,
  credential: QTEST_CREDENTIAL,
  project: 'qTest project',
  nextSteps: 'Saving checks the connection with these settings first; then map a qTest project to a Jira project.',
  fields: [
    NAME,
    {
      kind: 'url',
      key: 'baseUrl',
      label: 'Site URL',
      aliases: ['Base URL', 'URL'],
      required: true,
      placeholder: 'https://mysite.qtestnet.com',
      help: 'Your qTest Manager site, like https://<site>.qtestnet.com',
      initial: (c) => c?.baseUrl ?? '',
    },
    {
      kind: 'secret',
      key: 'apiToken',
      label: 'API token',
      aliases: ['Token', againAlias(QTEST_CREDENTIAL)],
      helpFor: secretHelp(QTEST_CREDENTIAL, 'The bearer token from qTest (Resources → API & SDK)'),
    },
    expiry(QTEST_CREDENTIAL.noun),
    ENABLED,
  ],
  toInput: (v, id) => ({ ...common(v, id), tool: 'qtest', baseUrl: text(v, 'baseUrl'), apiToken: secret(v, 'apiToken') }),
  secretMoved: siteMoved(QTEST_CREDENTIAL, 'site URL'),
};

const XRAY_CREDENTIAL: Credential = {
  label: 'Client secret',
  noun: 'client secret',
  article: 'a',
  renew:
    'Regenerate the client secret of the API key in Xray (Apps → Xray → Global Settings → API Keys), then edit this connection and paste it into “Client secret”.',
};

const XRAY: ToolDescription = {
  tool: 'xray',
  name: TOOL_NAMES.xray,
  credential: XRAY_CREDENTIAL,
  project: 'Xray project',
  nextSteps: 'Saving checks the connection with these settings first; then map an Xray project to a Jira project.',
  fields: [
    NAME,
    {
      kind: 'select',
      key: 'region',
      label: 'Region',
      help: 'Where your Xray Cloud data is hosted (Global unless Xray data residency is set up).',
      options: (Object.keys(XRAY_REGION_LABEL) as XrayRegion[]).map((r) => ({ value: r, label: XRAY_REGION_LABEL[r] })),
      initial: (c) => c?.settings.region ?? 'global',
    },
    {
      kind: 'text',
      key: 'clientId',
      label: 'Client ID',
      required: true,
      help: 'The client ID of an Xray API key (Apps → Xray → Global Settings → API Keys in Jira).',
      initial: (c) => c?.settings.clientId ?? '',
    },
    {
      kind: 'secret',
      key: 'clientSecret',
      label: 'Client secret',
      aliases: ['Secret', againAlias(XRAY_CREDENTIAL)],
      helpFor: secretHelp(XRAY_CREDENTIAL, 'The client secret of the same Xray API key'),
    },
    {
      kind: 'checkbox',
      key: 'sameSite',
      label: 'Xray is installed on this Jira site',
      aliases: ['sameSite'],
      help: 'Its Test issues are then annotated with the synced results, never duplicated. Turn off when Xray runs on another Jira site.',
      initial: (c) => c?.settings.sameSite ?? true,
    },
    {
      kind: 'text',
      key: 'requestsPer5Minutes',
      label: 'Request budget (per 5 minutes)',
      aliases: ['Request budget'],
      help: 'How many requests a sync may send to Xray in any five minutes; it slows down instead of being throttled. 300 fits the Standard plan.',
      initial: (c) => String(c?.settings.requestsPer5Minutes ?? 300),
    },
    expiry(XRAY_CREDENTIAL.noun),
    ENABLED,
  ],
  toInput: (v, id) => ({
    ...common(v, id),
    tool: 'xray',
    region: (text(v, 'region') || 'global') as XrayRegion,
    clientId: text(v, 'clientId'),
    clientSecret: secret(v, 'clientSecret'),
    sameSite: v.sameSite === true,
    ...(text(v, 'requestsPer5Minutes') ? { requestsPer5Minutes: Number(text(v, 'requestsPer5Minutes')) } : {}),
  }),
  secretMoved: (v, existing) => {
    const wasRegion = existing.settings.region ?? 'global';
    const region = (text(v, 'region') || 'global') as XrayRegion;
    const wasId = existing.settings.clientId ?? '';
    const clientId = text(v, 'clientId');
    const regionChanged = region !== wasRegion;
    const idChanged = clientId !== '' && clientId !== wasId;
    if (!regionChanged && !idChanged) return undefined;
    const what = regionChanged && idChanged ? 'region and the client ID' : regionChanged ? 'region' : 'client ID';
    const from = [idChanged ? `client ID ${wasId}` : '', regionChanged ? `the ${XRAY_REGION_LABEL[wasRegion]} region` : ''].filter(Boolean).join(' in ');
    const to = [idChanged ? `client ID ${clientId}` : '', regionChanged ? `the ${XRAY_REGION_LABEL[region]} region` : ''].filter(Boolean).join(' in ');
    return `Required because the ${what} changed: the stored ${XRAY_CREDENTIAL.noun} belongs to ${from}, not ${to}. ${ONLY_THERE}`;
  },
};

const QMETRY_CREDENTIAL: Credential = {
  label: 'Open API key',
  noun: 'Open API key',
  article: 'an',
  renew: 'Generate a new Open API key in QMetry (Integration → Open API), then edit this connection and paste it into “Open API key”.',
};

const QMETRY: ToolDescription = {
  tool: 'qmetry',
  name: TOOL_NAMES.qmetry,
  credential: QMETRY_CREDENTIAL,
  project: 'QMetry project',
  nextSteps: 'Saving checks the connection with these settings first; then map a QMetry project to a Jira project.',
  fields: [
    NAME,
    {
      kind: 'url',
      key: 'baseUrl',
      label: 'QMetry URL',
      aliases: ['Site URL', 'Base URL', 'URL'],
      required: true,
      placeholder: 'https://<site>.qmetry.com',
      help: 'Your QMetry Test Management site, like https://<site>.qmetry.com',
      initial: (c) => c?.baseUrl ?? '',
    },
    {
      kind: 'secret',
      key: 'apiKey',
      label: 'Open API key',
      aliases: ['API key', againAlias(QMETRY_CREDENTIAL)],
      helpFor: secretHelp(QMETRY_CREDENTIAL, 'The Open API key from QMetry (Integration → Open API)'),
    },
    {
      kind: 'text',
      key: 'projectKey',
      label: 'Project key',
      required: true,
      placeholder: 'SHOPQA',
      help: 'The key of the QMetry project to read, sent with every request.',
      initial: (c) => c?.settings.projectKey ?? '',
    },
    {
      kind: 'text',
      key: 'orgCode',
      label: 'Organisation code (optional)',
      aliases: ['Org code'],
      help: 'Only for QMetry sites with several organisations.',
      initial: (c) => c?.settings.orgCode ?? '',
    },
    expiry(QMETRY_CREDENTIAL.noun),
    ENABLED,
  ],
  toInput: (v, id) => ({
    ...common(v, id),
    tool: 'qmetry',
    baseUrl: text(v, 'baseUrl'),
    apiKey: secret(v, 'apiKey'),
    projectKey: text(v, 'projectKey'),
    orgCode: text(v, 'orgCode'),
  }),
  secretMoved: siteMoved(QMETRY_CREDENTIAL, 'QMetry URL'),
};

export const TOOL_DESCRIPTIONS: Record<Tool, ToolDescription> = { qtest: QTEST, xray: XRAY, qmetry: QMETRY };

/** The order of the "Connect …" buttons. */
export const CONNECTABLE_TOOLS: Tool[] = ['qtest', 'xray', 'qmetry'];

export function describeTool(tool: Tool): ToolDescription {
  return TOOL_DESCRIPTIONS[tool] ?? QTEST;
}

/** A field's label as messages start with it: without " (optional)". */
export function baseLabel(label: string): string {
  return label.replace(/\s*\(optional\)$/, '');
}
