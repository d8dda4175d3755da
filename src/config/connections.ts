/**
 * Tool connections and their secrets. Secrets live only in encrypted storage and are read only by the
 * backend code that talks to the tool.
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { TOOLS } from '../domain/model';
import { deleteRecord, getRecord, listRecords, putRecord } from './store';

export const ConnectionRecord = z.object({
  id: z.string(),
  tool: z.enum(TOOLS),
  name: z.string(),
  baseUrl: z.string(),
  enabled: z.boolean(),
  expiresOn: z.string().optional(),
  /** False after a disconnect: settings and secret removed, mappings kept. */
  connected: z.boolean().default(true),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ConnectionRecord = z.infer<typeof ConnectionRecord>;

/** What is kept encrypted for a connection. */
export const ConnectionSecret = z.object({ apiToken: z.string().min(1) });
export type ConnectionSecret = z.infer<typeof ConnectionSecret>;

const key = (id: string) => `connection:${id}`;
const secretKey = (id: string) => `secret:connection:${id}`;

export function getConnection(id: string) {
  return getRecord(key(id), ConnectionRecord);
}

export async function listConnections(): Promise<ConnectionRecord[]> {
  const rows = await listRecords('connection:', ConnectionRecord);
  return rows.map((r) => r.value).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export function saveConnection(record: ConnectionRecord) {
  return putRecord(key(record.id), ConnectionRecord, record);
}

export async function deleteConnectionRecord(id: string): Promise<void> {
  await deleteRecord(key(id));
}

export async function getSecret(id: string): Promise<ConnectionSecret | undefined> {
  const raw = await kvs.getSecret<unknown>(secretKey(id));
  if (raw === undefined) return undefined;
  const parsed = ConnectionSecret.safeParse(raw);
  // Never include the stored value in the message.
  if (!parsed.success) throw new Error(`The stored credential of connection ${id} is damaged; enter it again`);
  return parsed.data;
}

export async function setSecret(id: string, secret: ConnectionSecret): Promise<void> {
  await kvs.setSecret(secretKey(id), ConnectionSecret.parse(secret));
}

export async function deleteSecret(id: string): Promise<void> {
  await kvs.deleteSecret(secretKey(id));
}
