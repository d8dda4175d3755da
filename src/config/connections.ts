/**
 * Tool connections and their secrets. Secrets live only in encrypted storage and are read only by the
 * backend code that talks to the tool.
 */
import { kv } from '../platform/kv';
import { z } from 'zod';
import { TOOLS } from '../domain/model';
import { QTEST_AUTH_METHODS, XRAY_REGIONS } from '../resolvers/contract';
import { getRecord, listRecords, NewerRecordError, putRecord, readStored, StoredRecordError, storedRecord } from './store';

/** A connection's non-secret, tool-specific settings. */
export const ConnectionSettings = z.object({
  /** qTest: how it signs in; absent (every record of earlier releases) means an API token. */
  qtestAuth: z.enum(QTEST_AUTH_METHODS).optional(),
  /** qTest: the login a password connection signs in as (identifies; the password is the secret). */
  username: z.string().optional(),
  /** Xray: its cloud region. */
  region: z.enum(XRAY_REGIONS).optional(),
  /** Xray: the API key's client id (identifies; the client secret is the secret). */
  clientId: z.string().optional(),
  /** Xray: installed on this Jira site, so its Test issues are annotated instead of created. */
  sameSite: z.boolean().optional(),
  /** Xray: requests the sync may send in any five minutes. */
  requestsPer5Minutes: z.number().int().positive().optional(),
  /** QMetry: the project key sent in the `project` header. */
  projectKey: z.string().optional(),
  /** QMetry: the organisation (client) code, when the site has several. */
  orgCode: z.string().optional(),
  /**
   * Write defects to the tool: a bug created from a failed run is linked to that run in its tool (src/defects/
   * tool-push.ts). Off unless an admin turned it on; stored once it was ever on, so turning it off is recorded.
   */
  writeDefects: z.boolean().optional(),
});

export const ConnectionRecord = storedRecord('connection', z.object({
  id: z.string(),
  tool: z.enum(TOOLS),
  name: z.string(),
  baseUrl: z.string(),
  settings: ConnectionSettings.default({}),
  enabled: z.boolean(),
  expiresOn: z.string().optional(),
  /** False after a disconnect: settings and secret removed, mappings kept. */
  connected: z.boolean().default(true),
  createdAt: z.string(),
  updatedAt: z.string(),
}));
export type ConnectionRecord = z.infer<typeof ConnectionRecord>;

/**
 * What is kept encrypted for a connection: the tool's secret (qTest API token or password, Xray client secret,
 * QMetry Open API key). `apiToken` holds whichever secret the connection signs in with: a qTest password
 * connection keeps its password there, so records of earlier releases read unchanged.
 */
export const ConnectionSecret = storedRecord('connection secret', z.object({ apiToken: z.string().min(1) }), { secret: true });
export type ConnectionSecret = z.infer<typeof ConnectionSecret>;

/** What each tool calls the secret a connection stores, when it signs in the tool's usual way. */
export const SECRET_LABELS: Record<(typeof TOOLS)[number], string> = { qtest: 'API token', xray: 'Client secret', qmetry: 'Open API key' };

/** Whether a qTest connection signs in with a username and password rather than an API token. */
export function signsInWithPassword(c: Pick<ConnectionRecord, 'tool' | 'settings'>): boolean {
  return c.tool === 'qtest' && c.settings.qtestAuth === 'password';
}

/** What the connection's stored secret is called: "Password" for a qTest login, else the tool's label. */
export function secretLabelOf(c: Pick<ConnectionRecord, 'tool' | 'settings'>): string {
  return signsInWithPassword(c) ? 'Password' : SECRET_LABELS[c.tool];
}

const key = (id: string) => `connection:${id}`;
const secretKey = (id: string) => `secret:connection:${id}`;

export function getConnection(id: string) {
  return getRecord(key(id), ConnectionRecord);
}

export async function listConnections(): Promise<ConnectionRecord[]> {
  const rows = await listRecords('connection:', ConnectionRecord);
  return rows.map((r) => r.value).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name));
}

export function saveConnection(record: ConnectionRecord) {
  return putRecord(key(record.id), ConnectionRecord, record);
}

export async function getSecret(id: string): Promise<ConnectionSecret | undefined> {
  const raw = await kv().getSecret(secretKey(id));
  try {
    return await readStored(secretKey(id), ConnectionSecret, raw);
  } catch (e) {
    if (e instanceof NewerRecordError || !(e instanceof StoredRecordError)) throw e;
    // Never include the stored value in the message.
    throw new StoredRecordError(`secret of connection ${id}`, 'the stored credential is damaged; enter it again on the TestSync admin page');
  }
}

export async function setSecret(id: string, secret: ConnectionSecret): Promise<void> {
  await kv().setSecret(secretKey(id), ConnectionSecret.parse(secret));
}

export async function deleteSecret(id: string): Promise<void> {
  await kv().deleteSecret(secretKey(id));
}

/** Removes the connection's record and its secret (what else it owned is removed by the admin resolver). */
export async function deleteConnection(id: string): Promise<void> {
  await kv().deleteSecret(secretKey(id));
  await kv().delete(key(id));
}
