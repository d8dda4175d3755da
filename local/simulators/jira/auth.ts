/** Caller identity from the `x-sim-principal` header: `app` or `user:<accountId>`. */
import { unauthorized } from './errors';
import type { JiraStore } from './store';
import type { Principal } from './types';

export const PRINCIPAL_HEADER = 'x-sim-principal';

export function principalFrom(store: JiraStore, header: string | string[] | undefined): Principal {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === 'app') return { kind: 'app' };
  if (value?.startsWith('user:')) {
    const user = store.user(value.slice('user:'.length));
    if (user) return { kind: 'user', user };
  }
  throw unauthorized();
}
