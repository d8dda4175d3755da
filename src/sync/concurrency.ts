/**
 * Jira writes that do not depend on each other run a few at a time: under real latency a page of creates
 * with their links fits its invocation only in parallel, and a handful at once stays within Jira's limits.
 */
import pLimit from 'p-limit';

export const JIRA_WRITE_CONCURRENCY = 4;

/** Maps every item with at most `limit` running at once; answers results in input order. */
export function mapLimit<T, R>(items: T[], fn: (item: T) => Promise<R>, limit = JIRA_WRITE_CONCURRENCY): Promise<R[]> {
  const run = pLimit(limit);
  return Promise.all(items.map((item) => run(() => fn(item))));
}
