/**
 * zod schemas of the qTest Manager API v3 records the connector reads, one per Swagger definition
 * (ProjectResource, StatusResource, TestCaseWithCustomFieldResource, TestStepResource, TestRunWithCustomFieldResource,
 * ShortTestLogResource, TestLogResource, TestStepLogResource, PagedResource, TestLogListResource,
 * LinkedArtifactContainer, ModuleResource, TestCycleResource, ReleaseWithCustomFieldResource, RequirementResource,
 * UserResource, OAuthResponse).
 *
 * The Swagger makes almost every field optional (TestCaseWithCustomFieldResource requires only `properties`, and
 * TestLogResource only `status`, `exe_start_date` and `exe_end_date`). These schemas require only what the sync cannot
 * do without, and accept anything else, extra fields included (they are dropped):
 * - a project, status, module, cycle, release, user: `id` (and `name` where it is shown);
 * - a test case: `id` and `name`; without `pid` the display id is the id, without `last_modified_date` the time comes
 *   from `last_modified_date_utc`, else `created_date`, else the epoch (see mapping.ts);
 * - a test run: `id` and its test case (`testCaseId` or `test_case.id`); without `last_modified_date` it has no
 *   modification time (the sync then keeps its cursor on the execution time);
 * - a test log: `id`, its run (`test_run_id`, or the run it was asked for) and a status (`status.name`, or
 *   `status.id` looked up in the execution statuses).
 * `properties` entries are read one by one (a malformed one is skipped), so one odd custom field never makes a whole
 * record unreadable. Lists are read row by row (rows.ts).
 */
import { z } from 'zod';

const id = z.number().int();
const str = z.string().nullish();
const int = id.nullish();

/** Field values by name; entries read leniently by propertyValue (mapping.ts). */
export const PropertiesSchema = z.array(z.unknown()).nullish();

export const ProjectSchema = z.object({
  id,
  name: z.string(),
  /** 101 is Active (Tricentis Data Export tables: projectstatusid 101 = Active); other values are hidden. */
  status_id: int,
});
export type QtestProject = z.infer<typeof ProjectSchema>;

export const StatusSchema = z.object({ id, name: z.string(), is_default: z.boolean().nullish() });
export type QtestStatus = z.infer<typeof StatusSchema>;

export const TestStepSchema = z.object({ id: int, description: str, expected: str, order: int });

export const TestCaseSchema = z.object({
  id,
  name: z.string(),
  pid: str,
  last_modified_date: str,
  last_modified_date_utc: str,
  created_date: str,
  parent_id: int,
  web_url: str,
  description: str,
  precondition: str,
  version: str,
  properties: PropertiesSchema,
  test_steps: z.array(TestStepSchema).nullish(),
});
export type QtestTestCase = z.infer<typeof TestCaseSchema>;

/** Only `id` travels when a search asks for fields=["id"]. */
export const TestCaseIdSchema = z.object({ id });

export const ShortTestLogSchema = z.object({ id: int, status: str, exe_start_date: str, exe_end_date: str });

export const TestRunSchema = z
  .object({
    id,
    pid: str,
    parentId: int,
    parentType: str,
    testCaseId: int,
    test_case: z.object({ id: int }).nullish(),
    last_modified_date: str,
    properties: PropertiesSchema,
    latest_test_log: ShortTestLogSchema.nullish(),
  })
  .superRefine((r, ctx) => {
    if (r.testCaseId == null && r.test_case?.id == null) {
      ctx.addIssue({ code: 'custom', path: ['testCaseId'], message: 'is missing (and so is test_case.id): the run names no test case' });
    }
  });
export type QtestTestRun = z.infer<typeof TestRunSchema>;

export const TestStepLogSchema = z.object({ user_id: int }).passthrough();

const TestLogFields = z.object({
  id,
  test_run_id: int,
  status: z.object({ id: int, name: str }),
  exe_start_date: str,
  exe_end_date: str,
  test_step_logs: z.array(z.unknown()).nullish(),
  /** LinkedDefectResource entries, read one by one (logs.ts): a defect qTest links to this execution. */
  defects: z.array(z.unknown()).nullish(),
});
const namesStatus = (l: { status: { id?: number | null; name?: string | null } }, ctx: z.RefinementCtx) => {
  if (!l.status.name && l.status.id == null) ctx.addIssue({ code: 'custom', path: ['status'], message: 'has neither a name nor an id' });
};
/** A test log of a run's own log list (the run is known from the request). */
export const TestLogSchema = TestLogFields.superRefine(namesStatus);
/** A test log found by a search: it must say whose run it is. */
export const SearchedTestLogSchema = TestLogFields.extend({ test_run_id: id }).superRefine(namesStatus);
export type QtestTestLog = z.infer<typeof TestLogSchema>;

/** PagedResource (POST /search) and TestLogListResource: every field is optional in the Swagger; `items` is needed. */
export const PagedSchema = z.object({ page: int, page_size: int, total: int, items: z.array(z.unknown()) });
export type QtestPaged = z.infer<typeof PagedSchema>;

export const LinkedArtifactContainerSchema = z.object({
  id,
  objects: z.array(z.unknown()).nullish(),
});
export const LinkedArtifactSchema = z.object({ id });

/** ModuleResource; `children` are read node by node (mapping.ts walks them). */
export const ModuleSchema = z.object({ id, name: z.string(), children: z.array(z.unknown()).nullish() });
export type QtestModule = z.infer<typeof ModuleSchema>;

/**
 * TestCycleResource; nested `test-cycles` and `test-suites` (TestSuiteWithCustomFieldResource) read node by node.
 * `target_release_id` (the Target Release/Build field) is read leniently: a value that is not an id counts as absent.
 */
export const CycleSchema = z.object({
  id,
  name: z.string(),
  target_release_id: z.unknown().optional(),
  'test-cycles': z.array(z.unknown()).nullish(),
  'test-suites': z.array(z.unknown()).nullish(),
});
export type QtestCycle = z.infer<typeof CycleSchema>;
export const SuiteSchema = z.object({ id, target_release_id: z.unknown().optional() });

/** ReleaseWithCustomFieldResource (GET /releases): the id runs' cycles point to and the name that is the version. */
export const ReleaseSchema = z.object({ id, name: z.string().trim().min(1) });
export type QtestRelease = z.infer<typeof ReleaseSchema>;

export const RequirementSchema = z.object({
  id,
  name: str,
  external_properties: z.object({ id: str }).nullish(),
});
export type QtestRequirement = z.infer<typeof RequirementSchema>;

export const UserSchema = z.object({ id, username: str, email: str, first_name: str, last_name: str });
export type QtestUser = z.infer<typeof UserSchema>;

/** OAuthResponse: every field is optional in the Swagger; a login is useless without a token and its type. */
export const OAuthResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().min(1),
  expires_in: z.number().nullish(),
});

/**
 * LinkedDefectResource (on a test log): only `external_defect_id` names a Jira issue (qTest's Jira integration keeps
 * the issue key there); `pid` is qTest's own id of the defect.
 */
export const LinkedDefectResourceSchema = z.object({ id: int, pid: str, external_defect_id: str });

/** LinkedDefectContainer (the answer of linking defects by pid): the test log and the defects it now has. */
export const LinkedDefectContainerSchema = z.object({
  id: int,
  objects: z.array(z.object({ id: int, pid: str, external_defect_id: str }).passthrough()).nullish(),
});

/**
 * UserProfile (GET …/user-profiles/current): the caller's permissions in a project. Only the Test Run permissions are
 * read; every one of them is optional in the Swagger, and one that is absent counts as not granted.
 */
export const UserProfileSchema = z.object({
  test_run: z
    .object({
      view: z.boolean().nullish(),
      execute: z.boolean().nullish(),
      edit: z.boolean().nullish(),
      modify_test_logs_by_self: z.boolean().nullish(),
      modify_test_logs_by_others: z.boolean().nullish(),
    })
    .nullish(),
});
export type QtestUserProfile = z.infer<typeof UserProfileSchema>;

/** A JSON array, read row by row. */
export const ArraySchema = z.array(z.unknown());
