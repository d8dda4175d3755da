/**
 * Saving a connection: what the admin entered becomes the stored record and secret. `saveConnectionChecked`
 * (the admin page's Save) first checks the connection with what was entered and stores nothing when the check
 * fails, unless the admin chose to keep the settings anyway.
 *
 * A stored secret belongs to the host and account it was entered for: an edit that points the connection
 * elsewhere (another qTest or QMetry URL, another Xray region or client ID) or signs in otherwise (a qTest
 * connection switched between API token and password, or its login's username changed) must bring a new
 * secret, or it is refused before anything is sent or stored.
 */
import { randomUUID } from 'node:crypto';
import * as connections from '../config/connections';
import { secretLabelOf, signsInWithPassword, type ConnectionRecord, type ConnectionSecret } from '../config/connections';
import { TOOL_LABELS } from '../domain/model';
import { recordCheck, runCheck } from './checks';
import { connectionViewOf } from './connection-list';
import { ConnectionInput, enteredSecretOf, SaveConnectionInput, type ConnectionView, type SaveConnectionAnswer, type XrayRegion } from './contract';
import { ApiFailure } from './guard';

/** The tool's URL and non-secret settings, from what the admin entered. */
function toolSettings(input: ConnectionInput): { baseUrl: string; settings: ConnectionRecord['settings'] } {
  switch (input.tool) {
    case 'qtest':
      return {
        baseUrl: input.baseUrl.replace(/\/$/, ''),
        // A token connection stores no sign-in setting, as before logins were offered.
        settings: input.authMethod === 'password' ? { qtestAuth: 'password', username: input.username } : {},
      };
    case 'xray':
      return {
        baseUrl: input.region === 'global' ? 'https://xray.cloud.getxray.app' : `https://${input.region}.xray.cloud.getxray.app`,
        settings: { region: input.region, clientId: input.clientId, sameSite: input.sameSite, requestsPer5Minutes: input.requestsPer5Minutes },
      };
    case 'qmetry':
      return {
        baseUrl: input.baseUrl.replace(/\/$/, ''),
        settings: { projectKey: input.projectKey, ...(input.orgCode ? { orgCode: input.orgCode } : {}) },
      };
  }
}

/** A URL as compared for "same target": lower case, without trailing slashes. */
function comparableUrl(url: string): string {
  const trimmed = url.trim();
  try {
    const u = new URL(trimmed);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`.toLowerCase();
  } catch {
    return trimmed.replace(/\/+$/, '').toLowerCase();
  }
}

const REGION_NAMES: Record<XrayRegion, string> = { global: 'Global', us: 'US', eu: 'EU', au: 'AU' };

/** An Xray record's region, in words (records of earlier releases may lack `settings.region`). */
function regionName(record: ConnectionRecord): string {
  const region = record.settings.region ?? (/^https:\/\/(us|eu|au)\./i.exec(record.baseUrl)?.[1]?.toLowerCase() as XrayRegion | undefined) ?? 'global';
  return `the ${REGION_NAMES[region]} region (${record.baseUrl})`;
}

/** What a qTest connection's stored secret is, in words: the password of its login, or an API token. */
function qtestSecretOf(record: ConnectionRecord): string {
  return signsInWithPassword(record) ? `the password of ${record.settings.username ?? 'another login'}` : 'an API token';
}

/** A qTest login's username as compared for "the same account": qTest matches logins whatever their case. */
const comparableUsername = (record: ConnectionRecord) => record.settings.username?.trim().toLowerCase() ?? '';

/**
 * Why the stored secret may not be used with `after`: it was entered for another host (qTest, QMetry: the base
 * URL; Xray: the region's host), another Xray API key (client ID), another way of signing in to qTest (API token
 * or password) or another qTest login (username). Undefined when the target is the same.
 */
function secretMovedMessage(before: ConnectionRecord, after: ConnectionRecord): string | undefined {
  const hostChanged = comparableUrl(before.baseUrl) !== comparableUrl(after.baseUrl);
  const secret = after.tool === 'xray' ? 'client secret' : signsInWithPassword(after) ? 'password' : secretLabelOf(after);
  if (after.tool === 'qtest') {
    if (signsInWithPassword(before) !== signsInWithPassword(after)) {
      return `Enter the ${secret}: the stored secret is ${qtestSecretOf(before)}, not ${qtestSecretOf(after)}.`;
    }
    if (signsInWithPassword(after) && comparableUsername(before) !== comparableUsername(after)) {
      const where = hostChanged ? ` on ${before.baseUrl}, not ${after.settings.username} on ${after.baseUrl}` : `, not ${after.settings.username}`;
      return `Enter the ${secret} again: the stored one belongs to ${before.settings.username ?? 'another login'}${where}.`;
    }
  }
  if (after.tool !== 'xray') {
    return hostChanged ? `Enter the ${secret} again: the stored one belongs to ${before.baseUrl}, not ${after.baseUrl}.` : undefined;
  }
  const was = before.settings.clientId?.trim();
  const now = after.settings.clientId?.trim();
  const idChanged = was !== now;
  if (!hostChanged && !idChanged) return undefined;
  const id = (value: string | undefined) => (value ? `client ID ${value}` : 'no recorded client ID');
  const where =
    hostChanged && idChanged
      ? `${id(was)} in ${regionName(before)}, not ${id(now)} in ${regionName(after)}`
      : hostChanged
        ? `${regionName(before)}, not ${regionName(after)}`
        : `${id(was)}, not ${now}`;
  return `Enter the ${secret} again: the stored one belongs to ${where}.`;
}

/** The record to store and the secret it will use (the one entered, else the stored one). */
async function prepare(input: ConnectionInput): Promise<{ record: ConnectionRecord; entered?: string; secret?: ConnectionSecret }> {
  const now = new Date().toISOString();
  const existing = input.id ? await connections.getConnection(input.id) : undefined;
  if (input.id && !existing) throw new ApiFailure('NOT_FOUND', `There is no connection ${input.id}.`);
  if (existing && existing.tool !== input.tool) {
    throw new ApiFailure('INVALID_INPUT', `${existing.name} is a ${TOOL_LABELS[existing.tool]} connection; it cannot become a ${TOOL_LABELS[input.tool]} one.`);
  }
  const id = existing?.id ?? `${input.tool}-${randomUUID().slice(0, 8)}`;
  const entered = enteredSecretOf(input);
  const stored = !entered && existing?.connected ? await connections.getSecret(id) : undefined;
  const record: ConnectionRecord = {
    id,
    tool: input.tool,
    name: input.name,
    ...toolSettings(input),
    enabled: input.enabled,
    ...(input.expiresOn ? { expiresOn: input.expiresOn } : {}),
    connected: true,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  if (!entered && !stored) throw new ApiFailure('INVALID_INPUT', `${secretLabelOf(record)} is required.`);
  // Absent keeps the stored choice; a connection never asked keeps no such field (it is off).
  const writeDefects = input.writeDefects ?? existing?.settings.writeDefects;
  if (writeDefects !== undefined) record.settings.writeDefects = writeDefects;
  // The stored secret is never sent to, or kept for, a target it was not entered for.
  const moved = stored && existing ? secretMovedMessage(existing, record) : undefined;
  if (moved) throw new ApiFailure('INVALID_INPUT', moved);
  return { record, ...(entered ? { entered, secret: { apiToken: entered } } : stored ? { secret: stored } : {}) };
}

async function store(record: ConnectionRecord, entered: string | undefined): Promise<void> {
  if (entered) await connections.setSecret(record.id, { apiToken: entered });
  await connections.saveConnection(record);
}

/** Stores the connection as entered, without checking it (for scripts and tests; the admin page uses the checked save). */
export async function saveConnection(raw: unknown): Promise<ConnectionView> {
  const { record, entered } = await prepare(ConnectionInput.parse(raw));
  await store(record, entered);
  return (await connectionViewOf(record.id))!;
}

/** Checks the connection with what was entered; stores it when the check passes, or when the admin keeps it anyway. */
export async function saveConnectionChecked(raw: unknown): Promise<SaveConnectionAnswer> {
  const { connection, keepIfCheckFails } = SaveConnectionInput.parse(raw);
  const { record, entered, secret } = await prepare(connection);
  const check = await runCheck(record, secret);
  if (!check.ok && !keepIfCheckFails) return { saved: false, check };
  await store(record, entered);
  await recordCheck(record.id, check, new Date());
  return { saved: true, connection: (await connectionViewOf(record.id))!, check };
}
