/**
 * The only door to the backend: `invoke` of a resolver function and the module context, both from
 * @forge/bridge. A resolver answers its result or `{ error: { code, message } }`; the latter becomes a
 * thrown `ResolverError` so callers handle every failure in one place.
 */
import { invoke, view } from '@forge/bridge';
import type { ApiError } from '../../src/resolvers/contract';
import { LICENCE_INACTIVE_CODE, noteLicenceInactive } from './licence';

export class ResolverError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly functionKey?: string,
  ) {
    super(message);
    this.name = 'ResolverError';
  }
}

function isApiError(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'message' in error;
}

/** Calls a resolver function and answers its result, or throws a `ResolverError`. */
export async function call<T>(functionKey: string, payload: Record<string, unknown> = {}): Promise<T> {
  let answer: unknown;
  try {
    answer = await invoke(functionKey, payload as never);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new ResolverError('INVOKE_FAILED', message || `Calling ${functionKey} failed.`, functionKey);
  }
  if (isApiError(answer)) {
    if (answer.error.code === LICENCE_INACTIVE_CODE) noteLicenceInactive();
    throw new ResolverError(answer.error.code || 'ERROR', answer.error.message, functionKey);
  }
  return answer as T;
}

/** The subset of the Forge module context the apps read. */
export interface UiContext {
  accountId?: string;
  siteUrl?: string;
  moduleKey?: string;
  locale?: string;
  timezone?: string;
  extension?: {
    issue?: { key?: string; id?: string };
    project?: { key?: string };
    /** A dashboard gadget: what its edit mode saved (checked by the gadget before use), and `'edit'` in edit mode. */
    gadgetConfiguration?: unknown;
    entryPoint?: string;
    gadget?: { id?: string };
  };
}

export async function getContext(): Promise<UiContext> {
  return (await view.getContext()) as unknown as UiContext;
}

/** Normalises anything thrown into `{ code, message }` for display. */
export function toDisplayError(e: unknown): { code: string; message: string } {
  if (e instanceof ResolverError) return { code: e.code, message: e.message };
  if (e instanceof Error) return { code: e.name || 'ERROR', message: e.message };
  return { code: 'ERROR', message: String(e) };
}
