/** Users by account id (`GET /rest/api/3/user/bulk`): a page of the accounts asked for that exist; unknown ones are left out, as Jira does. */
import { ContractError, errorBody } from '../errors';
import { APP_ACCOUNT_ID } from '../permissions';
import { renderAppUser, renderUser } from '../render';
import { json, type Handler } from './handler';

/** Jira answers at most this many users a page. */
const MAX_RESULTS = 200;

export const bulkGetUsers: Handler = ({ store, query }) => {
  const raw = query.accountId;
  const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String).filter(Boolean);
  if (ids.length === 0) throw new ContractError('request-query', errorBody(['The accountId query parameter is required.']));
  const startAt = Math.max(0, Number(query.startAt ?? 0));
  const maxResults = Math.min(Math.max(1, Number(query.maxResults ?? 10)), MAX_RESULTS);
  const found = [...new Set(ids)].flatMap((id) => {
    if (id === APP_ACCOUNT_ID) return [renderAppUser(store)];
    const user = store.user(id);
    return user ? [renderUser(store, user)] : [];
  });
  const values = found.slice(startAt, startAt + maxResults);
  const isLast = startAt + values.length >= found.length;
  const self = store.url(`/rest/api/3/user/bulk?${ids.map((id) => `accountId=${encodeURIComponent(id)}`).join('&')}&startAt=${startAt}&maxResults=${maxResults}`);
  const nextPage = isLast ? {} : { nextPage: self.replace(`startAt=${startAt}`, `startAt=${startAt + maxResults}`) };
  return json(200, { self, ...nextPage, maxResults, startAt, total: found.length, isLast, values });
};
