/**
 * What differs between the tools on the admin page: the connection form's fields (in order), how its
 * values become the resolver's input, and the words for the tool's credential and projects. One form
 * and one card are drawn from these descriptions.
 */
import type { Tool } from '../../../src/domain/model';
import type { ConnectionView, XrayRegion } from '../../../src/resolvers/contract';
import { TOOL_NAMES } from '../../shared/format';
import {
  againAlias,
  common,
  ENABLED,
  expiry,
  NAME,
  ONLY_THERE,
  secret,
  secretHelp,
  siteMoved,
  text,
  type Credential,
  type Option,
  type ToolDescription,
  type ToolField,
  type Values,
} from './toolFields';

export type { Credential, Option, ToolDescription, ToolField, Values } from './toolFields';

export const XRAY_REGION_LABEL: Record<XrayRegion, string> = { global: 'Global', us: 'US', eu: 'EU', au: 'AU' };

const QTEST_CREDENTIAL: Credential = {
  label: 'API token',
  noun: 'API token',
  article: 'an',
  renew: 'Generate a new token in qTest, then edit this connection and paste it into “API token”.',
};

const QTEST_PASSWORD: Credential = {
  label: 'Password',
  noun: 'password',
  article: 'a',
  renew: 'Change the password of the qTest login, then edit this connection and enter it into “Password”.',
};

/** A qTest connection signs in with a username and password when the admin chose so; else with an API token. */
const signsInWithPassword = (values: Values) => text(values, 'authMethod') === 'password';

const QTEST_AUTH_OPTIONS: Option[] = [
  { value: 'token', label: 'API token' },
  { value: 'password', label: 'Username and password' },
];

/**
 * qTest: a secret belongs to the site URL, the sign-in method and (for a password) the username it was entered
 * with. A username differing only in case is the same login (qTest matches logins whatever their case).
 */
function qtestSecretMoved(values: Values, existing: ConnectionView): string | undefined {
  const wasPassword = existing.settings.qtestAuth === 'password';
  const password = signsInWithPassword(values);
  const was = existing.settings.username ?? '';
  if (wasPassword !== password) {
    const stored = wasPassword ? `the password of ${was}` : 'an API token';
    return `Required because the sign-in method changed: the stored secret is ${stored}, not ${password ? 'a password' : 'an API token'}. ${ONLY_THERE}`;
  }
  const username = text(values, 'username');
  if (password && username && username.toLowerCase() !== was.trim().toLowerCase()) {
    return `Required because the username changed: the stored password belongs to ${was}, not ${username}. ${ONLY_THERE}`;
  }
  return siteMoved(password ? QTEST_PASSWORD : QTEST_CREDENTIAL, 'site URL')(values, existing);
}

const QTEST: ToolDescription = {
  tool: 'qtest',
  name: TOOL_NAMES.qtest,
  credential: QTEST_CREDENTIAL,
  credentialFor: (values) => (signsInWithPassword(values) ? QTEST_PASSWORD : QTEST_CREDENTIAL),
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
      kind: 'select',
      key: 'authMethod',
      label: 'Sign in with',
      help: 'An API token, or the username and password of a qTest login. With single sign-on, use an API token.',
      options: QTEST_AUTH_OPTIONS,
      initial: (c) => c?.settings.qtestAuth ?? 'token',
    },
    {
      kind: 'secret',
      key: 'apiToken',
      label: 'API token',
      // "Enter the API token: …" when the stored secret is a password.
      aliases: ['Token', againAlias(QTEST_CREDENTIAL), 'Enter the API token'],
      helpFor: secretHelp(QTEST_CREDENTIAL, 'The bearer token from qTest (Resources → API & SDK)'),
      visibleWhen: (v) => !signsInWithPassword(v),
    },
    {
      kind: 'text',
      key: 'username',
      label: 'Username',
      required: true,
      placeholder: 'name@example.com',
      help: 'The qTest login the connection signs in as, usually an e-mail address.',
      initial: (c) => c?.settings.username ?? '',
      visibleWhen: signsInWithPassword,
    },
    {
      kind: 'secret',
      key: 'password',
      label: 'Password',
      // "Enter the password: …" (the stored secret is a token) and "Enter the password again: …" (another login).
      aliases: ['Enter the password'],
      helpFor: secretHelp(QTEST_PASSWORD, 'The password of that qTest login'),
      visibleWhen: signsInWithPassword,
    },
    expiry('API token or password'),
    ENABLED,
  ],
  toInput: (v, id) => ({
    ...common(v, id),
    tool: 'qtest',
    baseUrl: text(v, 'baseUrl'),
    ...(signsInWithPassword(v)
      ? { authMethod: 'password', username: text(v, 'username'), password: secret(v, 'password') }
      : { authMethod: 'token', apiToken: secret(v, 'apiToken') }),
  }),
  secretMoved: qtestSecretMoved,
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

/** The form's values for a connection: its settings as the fields show them (secrets empty: they are never sent back). */
export function valuesOf(fields: ToolField[], existing: ConnectionView | undefined): Values {
  const values: Values = {};
  for (const f of fields) values[f.key] = f.kind === 'secret' ? '' : f.initial(existing);
  return values;
}

/** Whether a field is shown with these values. */
export const isVisible = (field: ToolField, values: Values): boolean => field.visibleWhen?.(values) ?? true;

/** The credential the values sign in with. */
export function credentialFor(description: ToolDescription, values: Values): Credential {
  return description.credentialFor?.(values) ?? description.credential;
}

/** The credential a stored connection signs in with, e.g. a qTest login's password. */
export function credentialOf(connection: ConnectionView): Credential {
  const description = describeTool(connection.tool);
  return credentialFor(description, valuesOf(description.fields, connection));
}

/** A field's label as messages start with it: without " (optional)". */
export function baseLabel(label: string): string {
  return label.replace(/\s*\(optional\)$/, '');
}
