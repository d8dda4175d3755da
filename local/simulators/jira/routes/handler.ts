/** Shape shared by the operation handlers. */
import type { ContractError } from '../errors';
import type { JiraStore } from '../store';
import type { Principal } from '../types';

export interface HandlerContext {
  store: JiraStore;
  principal: Principal;
  pathParams: Record<string, string>;
  /** Query parameters, coerced to the types the spec declares. */
  query: Record<string, unknown>;
  body: unknown;
  hasBody: boolean;
  /** Records a contract violation found while handling (for example in one element of a bulk request). */
  reportViolation(error: ContractError): void;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: HandlerContext) => HandlerResult;

export function json(status: number, body: unknown): HandlerResult {
  return { status, body };
}

export function noContent(): HandlerResult {
  return { status: 204 };
}

export function asObject(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
