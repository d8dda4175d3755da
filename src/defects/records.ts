/**
 * The bugs created from failed tests, in the app's storage: one record per test and bug
 * (`bug:t:<test issue id>:<inverted bug id>`, so a test's newest bugs come first) and one small entry per
 * requirement and bug (`bug:r:<requirement key>:<inverted bug id>`), so a story's panel finds the bugs of its tests
 * in one query instead of reading every covering test. One key per bug makes recording idempotent and lets two
 * users record at once without losing either. A test keeps its newest BUGS_PER_TEST bugs, a requirement its newest
 * BUGS_PER_REQUIREMENT.
 *
 * A record says which test case and which run the bug came from (`sourceKey`, `runId`), all that writing the bug
 * back to its tool needs; such a step adds its own optional state to the record, which stays version 1.
 */
import { z } from 'zod';
import { CANONICAL_STATUSES } from '../domain/model';
import { kv } from '../platform/kv';
import { safeKeyPart } from '../sync/keys';

export const BUGS_PER_TEST = 50;
export const BUGS_PER_REQUIREMENT = 100;

const TOP = 999_999_999_999;
const inverted = (bugIssueId: string) => String(TOP - Number(bugIssueId)).padStart(12, '0');

const testPrefix = (testIssueId: string) => `bug:t:${safeKeyPart(testIssueId)}:`;
const requirementPrefix = (requirementKey: string) => `bug:r:${safeKeyPart(requirementKey)}:`;
/** A test's record of one bug. */
const testBugKey = (testIssueId: string, bugIssueId: string) => `${testPrefix(testIssueId)}${inverted(bugIssueId)}`;

/** The values this schema reads; the others are left out. */
function readable<S extends z.ZodType>(values: unknown[], schema: S): z.output<S>[] {
  return values.flatMap((value) => {
    const parsed = schema.safeParse(value);
    return parsed.success ? [parsed.data] : [];
  });
}

export const BugRecord = z.object({
  v: z.literal(1),
  bugIssueId: z.string().regex(/^\d+$/),
  bugKey: z.string().max(100),
  testIssueId: z.string().regex(/^\d+$/),
  testIssueKey: z.string().max(100),
  /** The test case in its tool (see sourceKeyOf). */
  sourceKey: z.string().max(400),
  /** The run the bug was created from, with what the panel knew of it then. */
  runId: z.string().max(200).optional(),
  run: z
    .object({
      status: z.enum(CANONICAL_STATUSES),
      rawStatus: z.string().max(200),
      executedAt: z.string().max(40).optional(),
      version: z.string().max(300).optional(),
      cycle: z.string().max(300).optional(),
      environment: z.string().max(300).optional(),
    })
    .optional(),
  /** The requirements the bug was linked to, and with which link type. */
  requirementKeys: z.array(z.string().max(100)).max(500),
  linkType: z.string().max(255),
  createdBy: z.string().max(128),
  createdAt: z.iso.datetime(),
});
export type BugRecord = z.infer<typeof BugRecord>;

const RequirementEntry = z.object({
  bugIssueId: z.string().regex(/^\d+$/),
  testIssueId: z.string().regex(/^\d+$/),
  testIssueKey: z.string().max(100),
  createdAt: z.iso.datetime(),
});
export type RequirementBug = z.infer<typeof RequirementEntry>;

/** Every key and value under a prefix, in key order, up to `max`. */
async function entriesUnder(prefix: string, max: number): Promise<{ key: string; value: unknown }[]> {
  const out: { key: string; value: unknown }[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv().query(prefix, { limit: 20, ...(cursor ? { cursor } : {}) });
    out.push(...page.results);
    cursor = page.nextCursor;
  } while (cursor && out.length < max);
  return out.slice(0, max);
}

/** Drops the oldest entries under a prefix beyond `keep` (keys sort newest first). */
async function trim(prefix: string, keep: number): Promise<void> {
  const all = await entriesUnder(prefix, keep + 20);
  if (all.length > keep) await kv().deleteMany(all.slice(keep).map((e) => e.key));
}

/**
 * Records a bug of a test, and under each requirement it was linked to. Answers the stored record and whether it was
 * there already (then nothing is written: the first record stands).
 */
export async function recordBug(record: BugRecord): Promise<{ record: BugRecord; existed: boolean }> {
  const valid = BugRecord.parse(record);
  const key = testBugKey(valid.testIssueId, valid.bugIssueId);
  if (!(await kv().set(key, valid, { ifAbsent: true }))) {
    const stored = BugRecord.safeParse(await kv().get(key));
    return { record: stored.success ? stored.data : valid, existed: true };
  }
  const entry: RequirementBug = { bugIssueId: valid.bugIssueId, testIssueId: valid.testIssueId, testIssueKey: valid.testIssueKey, createdAt: valid.createdAt };
  await kv().setMany(valid.requirementKeys.map((r) => ({ key: `${requirementPrefix(r)}${inverted(valid.bugIssueId)}`, value: entry })));
  await trim(testPrefix(valid.testIssueId), BUGS_PER_TEST);
  for (const r of valid.requirementKeys) await trim(requirementPrefix(r), BUGS_PER_REQUIREMENT);
  return { record: valid, existed: false };
}

/** A test's bugs, newest first (records that cannot be read are left out). */
export async function bugsOfTest(testIssueId: string): Promise<BugRecord[]> {
  const entries = await entriesUnder(testPrefix(testIssueId), BUGS_PER_TEST);
  return readable(entries.map((e) => e.value), BugRecord);
}

/** The test's own records of these bugs (read together; one the test no longer keeps, or cannot be read, is left out). */
export async function bugRecordsOf(entries: Pick<RequirementBug, 'bugIssueId' | 'testIssueId'>[]): Promise<BugRecord[]> {
  if (entries.length === 0) return [];
  const found = await kv().getMany(entries.map((e) => testBugKey(e.testIssueId, e.bugIssueId)));
  return readable([...found.values()], BugRecord);
}

/** The bugs recorded under a requirement, newest first. */
export async function bugsOfRequirement(requirementKey: string): Promise<RequirementBug[]> {
  const entries = await entriesUnder(requirementPrefix(requirementKey), BUGS_PER_REQUIREMENT);
  return readable(entries.map((e) => e.value), RequirementEntry);
}
