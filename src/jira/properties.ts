/**
 * Issue entity properties the app writes; the manifest indexes some of their fields for JQL.
 */
import { route } from '@forge/api';
import { z } from 'zod';
import { jira, JiraError } from './client';

/** On a synced test issue: identity, latest result, history, steps. Indexed: status, lastRunAt, tool, sourceKey. */
export const TEST_PROPERTY = 'testsync';
/** On a requirement issue: the tests covering it and counts. Indexed: total, failing, status. */
export const COVERAGE_PROPERTY = 'testsync-coverage';

/** Jira stores at most this many characters per property value. */
export const PROPERTY_MAX_CHARS = 32768;

export async function setIssueProperty(issueIdOrKey: string, key: string, value: unknown): Promise<void> {
  const size = JSON.stringify(value).length;
  if (size > PROPERTY_MAX_CHARS) {
    throw new Error(`Property ${key} of ${issueIdOrKey} is ${size} characters; Jira allows ${PROPERTY_MAX_CHARS}`);
  }
  await jira(route`/rest/api/3/issue/${issueIdOrKey}/properties/${key}`, { method: 'PUT', body: value });
}

/** Issues per bulk request, and characters of values per request (Jira's body limit leaves room for this). */
const BULK_ISSUES = 100;
const BULK_CHARS = 1_000_000;

const Task = z.object({ status: z.string(), message: z.string().optional() });
const TASK_POLLS = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sets one property on many issues: `POST /rest/api/3/issue/properties/multi` (100 issues a request), an
 * asynchronous task that is followed to its end. Jira ignores issues that no longer exist.
 */
export async function setPropertiesBulk(key: string, entries: { issueId: string; value: unknown }[]): Promise<void> {
  for (const entry of entries) {
    const size = JSON.stringify(entry.value).length;
    if (size > PROPERTY_MAX_CHARS) throw new Error(`Property ${key} of ${entry.issueId} is ${size} characters; Jira allows ${PROPERTY_MAX_CHARS}`);
  }
  let batch: typeof entries = [];
  let chars = 0;
  const send = async () => {
    if (batch.length === 0) return;
    let location: string | undefined;
    const answer = await jira(route`/rest/api/3/issue/properties/multi`, {
      method: 'POST',
      body: { issues: batch.map((e) => ({ issueID: Number(e.issueId), properties: { [key]: e.value } })) },
      onLocation: (l) => (location = l),
    });
    batch = [];
    chars = 0;
    await followTask(answer, location);
  };
  for (const entry of entries) {
    const size = JSON.stringify(entry.value).length;
    if (batch.length >= BULK_ISSUES || chars + size > BULK_CHARS) await send();
    batch.push(entry);
    chars += size;
  }
  await send();
}

/** Waits for an asynchronous task (its answer, when the platform followed the redirect already). */
async function followTask(answer: unknown, location: string | undefined): Promise<void> {
  let task = Task.safeParse(answer).success ? Task.parse(answer) : undefined;
  const id = location ? /\/task\/([^/?#]+)/.exec(location)?.[1] : undefined;
  for (let poll = 0; (!task || task.status === 'ENQUEUED' || task.status === 'RUNNING') && id && poll < TASK_POLLS; poll++) {
    if (task) await sleep(250 * 2 ** poll);
    task = Task.parse(await jira(route`/rest/api/3/task/${id}`));
  }
  if (!task) throw new JiraError(502, 'Jira accepted a bulk property update but gave no task to follow', answer);
  if (task.status !== 'COMPLETE') throw new JiraError(500, `Jira's bulk property update ended ${task.status}${task.message ? `: ${task.message}` : ''}`, task);
}
