/** Jira's error body: `{ errorMessages: [], errors: { field: message } }`. */
export interface JiraErrorBody {
  errorMessages: string[];
  errors: Record<string, string>;
}

/** Thrown by handlers to answer with Jira's error shape. */
export class JiraError extends Error {
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly body: JiraErrorBody,
    headers: Record<string, string> = {},
  ) {
    super(body.errorMessages[0] ?? Object.values(body.errors)[0] ?? `HTTP ${status}`);
    this.headers = headers;
  }
}

export function errorBody(messages: string[] = [], errors: Record<string, string> = {}): JiraErrorBody {
  return { errorMessages: messages, errors };
}

export function badRequest(messages: string[], errors: Record<string, string> = {}): JiraError {
  return new JiraError(400, errorBody(messages, errors));
}

export function fieldErrors(errors: Record<string, string>): JiraError {
  return new JiraError(400, errorBody([], errors));
}

export const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

export function issueNotFound(): JiraError {
  return new JiraError(404, errorBody([ISSUE_NOT_FOUND]));
}

export function notFound(message: string): JiraError {
  return new JiraError(404, errorBody([message]));
}

export function forbidden(message: string): JiraError {
  return new JiraError(403, errorBody([message]));
}

export function unauthorized(): JiraError {
  return new JiraError(
    401,
    errorBody(['You are not authenticated. Authentication required to perform this operation.']),
  );
}

/** Thrown for request shapes the real Jira rejects; the plugin also records them as contract violations. */
export class ContractError extends JiraError {
  constructor(
    readonly kind: 'request-path-params' | 'request-query' | 'request-body' | 'request-fields',
    body: JiraErrorBody,
    readonly details?: unknown,
  ) {
    super(400, body);
  }
}
