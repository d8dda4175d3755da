/** JQL search (enhanced search with nextPageToken) and the removed /search endpoint. */
import { createHash } from 'node:crypto';
import { JiraError, badRequest, errorBody } from '../errors';
import { JqlError, JqlUnsupportedError, compileJql } from '../jql/compile';
import { renderIssue, splitList } from '../render';
import { asObject, json, type Handler, type HandlerContext } from './handler';

export const DEFAULT_MAX_RESULTS = 50;
/** Page size cap when only `id`/`key` are requested (documented by Atlassian). */
export const MAX_RESULTS_ID_ONLY = 5000;
/** Page size cap when other fields are requested. */
export const MAX_RESULTS_WITH_FIELDS = 100;
export const MAX_PROPERTIES = 5;

/** JQL the simulator cannot evaluate; the plugin reports it as a simulator gap. */
export class SimulatorGapError extends JiraError {
  constructor(message: string) {
    super(400, errorBody([message]));
  }
}

interface PageToken {
  o: number;
  q: string;
}

function jqlHash(jql: string): string {
  return createHash('sha256').update(jql).digest('hex').slice(0, 16);
}

function encodeToken(t: PageToken): string {
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

function decodeToken(token: string, jql: string): number {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as PageToken;
    if (Number.isInteger(t.o) && t.o >= 0 && t.q === jqlHash(jql)) return t.o;
  } catch {
    // fall through to the error below
  }
  throw badRequest(['The provided next page token is invalid or expired.']);
}

function search({ store, principal }: HandlerContext, params: Record<string, unknown>) {
  const jql = typeof params.jql === 'string' ? params.jql : '';
  const fields = splitList(params.fields);
  const properties = splitList(params.properties);
  const expand = splitList(params.expand);
  if (properties.length > MAX_PROPERTIES) {
    throw badRequest([`A maximum of ${MAX_PROPERTIES} issue properties can be requested.`]);
  }
  const requested = fields.length > 0 ? fields : ['id'];
  const idOnly = requested.every((f) => f === 'id');
  const idOrKeyOnly = requested.every((f) => f === 'id' || f === 'key') && properties.length === 0;
  const cap = idOrKeyOnly ? MAX_RESULTS_ID_ONLY : MAX_RESULTS_WITH_FIELDS;
  const maxResults = Math.max(0, Math.min(Number(params.maxResults ?? DEFAULT_MAX_RESULTS), cap));

  let compiled;
  try {
    compiled = compileJql(store, principal, jql);
  } catch (e) {
    if (e instanceof JqlError) throw badRequest(e.messages);
    if (e instanceof JqlUnsupportedError) throw new SimulatorGapError(e.message);
    throw e;
  }
  const offset = typeof params.nextPageToken === 'string' ? decodeToken(params.nextPageToken, jql) : 0;
  // JQL runs on the search index, which may lag (the `indexLagMs` control); results show the live issue.
  const reconcile = new Set(splitList(params.reconcileIssues));
  const matching = store.index
    .searchable(store.issues, reconcile)
    .filter(({ indexed }) => store.canBrowse(principal, store.projectOf(indexed)))
    .filter(({ indexed }) => compiled.filter(indexed))
    .sort((a, b) => compiled.compare(a.indexed, b.indexed));
  const page = matching.slice(offset, offset + maxResults);
  const isLast = offset + page.length >= matching.length;
  const body: Record<string, unknown> = {
    issues: page.map(({ indexed, live }) =>
      renderIssue(store, live ?? indexed, { fields: requested, properties, expand, idOnly: idOnly && properties.length === 0 }),
    ),
    isLast,
  };
  if (!isLast) body.nextPageToken = encodeToken({ o: offset + page.length, q: jqlHash(jql) });
  return json(200, body);
}

export const searchJqlGet: Handler = (ctx) => search(ctx, ctx.query);

export const searchJqlPost: Handler = (ctx) => search(ctx, asObject(ctx.body));

/** The old search endpoints were removed from Jira Cloud (CHANGE-2046) and answer 410. */
export const removedSearch: Handler = () => {
  throw new JiraError(
    410,
    errorBody([
      'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
    ]),
  );
};
