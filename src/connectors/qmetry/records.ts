/**
 * zod schemas of the QMetry Test Management Open API answers the connector reads.
 * List calls answer `{ data: [...], total }` (SmartBear MCP server, src/qmetry/types/*, tests); row field names
 * follow the documented filter/sort properties (entityKey, name, associatedVersion, updatedDate, createdSystem,
 * tcRunID, tsRunID, runStatusID, executedDate) and the MCP's id names (tcID, tcVersionID, projectID, releaseID,
 * buildID, platformID). Only what the mapping needs is required; unknown fields pass through untouched.
 */
import { z } from 'zod';

const nullish = <T extends z.ZodType>(t: T) => t.nullish();
/** Ids arrive as numbers or numeric strings depending on the endpoint. */
const id = z.union([z.number(), z.string().min(1)]).transform((v) => String(v));
/** Dates arrive as ISO strings, epoch milliseconds or the site's `MM-dd-yyyy HH:mm:ss`. */
export const QmetryDate = z.union([z.string(), z.number()]);

/** `{ data, total }`; some endpoints (test case executions) name the count `totalCount`. */
export const listSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    total: nullish(z.number()),
    totalCount: nullish(z.number()),
  });

/** GET /rest/admin/project/getinfo: the project context (view ids per module, root folders, ids). */
export const ProjectInfoSchema = z.object({
  currentProjectId: id,
  currentProjectKey: nullish(z.string()),
  clientCode: nullish(z.string()),
  latestViews: z.object({
    TC: z.object({ viewId: z.number() }),
    TS: z.object({ viewId: z.number() }),
    TE: z.object({ viewId: z.number() }),
    TEL: z.object({ viewId: z.number() }),
    RQ: z.object({ viewId: z.number() }),
  }),
  rootFolders: nullish(z.object({ TC: nullish(z.object({ id: z.number() })), TS: nullish(z.object({ id: z.number() })) })),
});
export type QmetryProjectInfo = z.infer<typeof ProjectInfoSchema>;

export const ProjectSchema = z.object({
  projectID: id,
  projectKey: z.string().min(1),
  name: z.string(),
  isArchived: nullish(z.union([z.boolean(), z.number()])),
});
export type QmetryProject = z.infer<typeof ProjectSchema>;
export const ProjectListSchema = listSchema(ProjectSchema);

/** POST /rest/admin/scope/tree: releases with their cycles (QMetry calls a cycle a build internally). */
export const ScopeTreeSchema = z.object({
  projects: z.object({
    projectID: nullish(id),
    releases: z
      .array(
        z.object({
          releaseID: id,
          name: z.string(),
          isArchived: nullish(z.union([z.boolean(), z.number()])),
          builds: z.array(z.object({ buildID: id, name: z.string(), isArchived: nullish(z.union([z.boolean(), z.number()])) })).default([]),
        }),
      )
      .default([]),
  }),
});
export type QmetryScopeTree = z.infer<typeof ScopeTreeSchema>;

export const PlatformListSchema = listSchema(z.object({ platformID: id, name: z.string() }));

/** POST /rest/admin/execution/list: the execution status catalogue, custom statuses included. */
export const ExecutionStatusSchema = z.object({
  id: id,
  name: z.string(),
  isDefault: nullish(z.boolean()),
  isArchived: nullish(z.boolean()),
  statusType: nullish(z.string()),
});
export const ExecutionStatusListSchema = listSchema(ExecutionStatusSchema);

/** A row of POST /rest/testcases/list/viewColumns (and of /rest/testcases/getVersionDetail). */
export const TestCaseRowSchema = z.object({
  tcID: id,
  entityKey: z.string(),
  name: z.string(),
  tcVersionID: nullish(id),
  associatedVersion: z.union([z.number(), z.string()]),
  updatedDate: QmetryDate,
  createdDate: nullish(QmetryDate),
  description: nullish(z.string()),
  precondition: nullish(z.string()),
  priorityAlias: nullish(z.string()),
  testCaseTypeAlias: nullish(z.string()),
  componentAlias: nullish(z.string()),
  folderPath: nullish(z.string()),
  isLatestVersion: nullish(z.boolean()),
});
export type QmetryTestCaseRow = z.infer<typeof TestCaseRowSchema>;
export const TestCaseListSchema = listSchema(TestCaseRowSchema);

/** POST /rest/testcases/steps/list. */
export const StepSchema = z.object({
  tcStepID: nullish(id),
  orderId: z.number(),
  description: nullish(z.string()),
  inputData: nullish(z.string()),
  expectedOutcome: nullish(z.string()),
});
export type QmetryStep = z.infer<typeof StepSchema>;
export const StepListSchema = listSchema(StepSchema);

/** Requirements (POST /rest/requirements/list/viewColumns, /rest/requirements/list/forTC). */
export const RequirementSchema = z.object({
  id: id,
  entityKey: z.string(),
  name: nullish(z.string()),
  createdSystem: nullish(z.string()),
});
export type QmetryRequirement = z.infer<typeof RequirementSchema>;
export const RequirementListSchema = listSchema(RequirementSchema);

/** Test cases linked to one requirement (POST /rest/testcases/list/forRQ). */
export const LinkedTestCaseListSchema = listSchema(z.object({ tcID: nullish(id), entityKey: z.string() }));

/** POST /rest/testsuites/list/viewColumns. */
export const TestSuiteSchema = z.object({
  id: id,
  entityKey: z.string(),
  name: z.string(),
  updatedDate: nullish(QmetryDate),
});
export type QmetryTestSuite = z.infer<typeof TestSuiteSchema>;
export const TestSuiteListSchema = listSchema(TestSuiteSchema);

/** POST /rest/execution/list/platformHome: one test suite run per linked platform. */
export const SuiteRunSchema = z.object({
  tsRunID: id,
  platformID: nullish(id),
  platformName: nullish(z.string()),
  releaseID: nullish(id),
  buildID: nullish(id),
});
export type QmetrySuiteRun = z.infer<typeof SuiteRunSchema>;
export const SuiteRunListSchema = listSchema(SuiteRunSchema);

/** POST /rest/execution/list/viewColumns: the test case runs of one test suite run. */
export const TestCaseRunSchema = z.object({
  tcRunID: id,
  tcID: id,
  entityKey: nullish(z.string()),
  runStatusID: nullish(id),
  runStatusName: nullish(z.string()),
  executedDate: nullish(QmetryDate),
  executedBy: nullish(z.string()),
  updatedDate: nullish(QmetryDate),
  executedVersion: nullish(z.union([z.number(), z.string()])),
});
export type QmetryTestCaseRun = z.infer<typeof TestCaseRunSchema>;
export const TestCaseRunListSchema = listSchema(TestCaseRunSchema);

/** POST /rest/testcases/execution: every run of one test case, across suites and platforms. */
export const TestCaseExecutionSchema = TestCaseRunSchema.extend({
  tsRunID: nullish(id),
  testSuiteName: nullish(z.string()),
  platformName: nullish(z.string()),
  cycleName: nullish(z.string()),
});
export type QmetryTestCaseExecution = z.infer<typeof TestCaseExecutionSchema>;
export const TestCaseExecutionListSchema = listSchema(TestCaseExecutionSchema);
