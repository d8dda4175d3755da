/**
 * zod schemas of the Xray Cloud GraphQL answers the connector reads (types Test, Step, TestType, Folder,
 * Precondition, CoverableIssue, TestRun, Status, TestExecution, ProjectSettings of contracts/xray/xray_schema.graphql).
 * `jira(fields: [...])` is a JSON scalar: only the fields the mapping needs are typed, the rest pass through.
 */
import { z } from 'zod';

const nullish = <T extends z.ZodType>(t: T) => t.nullish();

/** The JSON of `jira(fields: [...])`: Jira field values keyed by field name. */
export const JiraFieldsSchema = z
  .object({
    key: nullish(z.string()),
    summary: nullish(z.string()),
    description: z.unknown().optional(),
    labels: nullish(z.array(z.string())),
    priority: nullish(z.object({ name: nullish(z.string()) }).passthrough()),
    updated: nullish(z.string()),
    project: nullish(
      z.object({ id: z.string(), key: z.string(), name: nullish(z.string()), archived: nullish(z.boolean()) }).passthrough(),
    ),
  })
  .passthrough();
export type XrayJiraFields = z.infer<typeof JiraFieldsSchema>;

export const StepSchema = z.object({
  id: nullish(z.string()),
  action: nullish(z.string()),
  data: nullish(z.string()),
  result: nullish(z.string()),
});

export const PreconditionSchema = z.object({
  issueId: nullish(z.string()),
  definition: nullish(z.string()),
  jira: nullish(JiraFieldsSchema),
});

export const CoverableIssueSchema = z.object({ issueId: nullish(z.string()), jira: nullish(JiraFieldsSchema) });

export const CoveragePageSchema = z.object({
  total: nullish(z.number()),
  results: z.array(CoverableIssueSchema.nullable()).nullish(),
});
export type XrayCoveragePage = z.infer<typeof CoveragePageSchema>;

export const TestSchema = z.object({
  issueId: z.string(),
  projectId: nullish(z.string()),
  lastModified: nullish(z.string()),
  testType: nullish(z.object({ name: nullish(z.string()), kind: nullish(z.string()) })),
  steps: nullish(z.array(StepSchema.nullable())),
  gherkin: nullish(z.string()),
  unstructured: nullish(z.string()),
  folder: nullish(z.object({ path: nullish(z.string()) })),
  jira: JiraFieldsSchema,
  preconditions: nullish(z.object({ total: nullish(z.number()), results: z.array(PreconditionSchema.nullable()).nullish() })),
  coverableIssues: nullish(CoveragePageSchema),
});
export type XrayTest = z.infer<typeof TestSchema>;

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    total: z.number(),
    start: nullish(z.number()),
    limit: nullish(z.number()),
    results: z.array(item.nullable()),
  });

export const TestIdSchema = z.object({ issueId: z.string() });

export const ProjectScanItemSchema = z.object({ projectId: nullish(z.string()), jira: JiraFieldsSchema });

export const StatusSchema = z.object({
  name: z.string(),
  description: nullish(z.string()),
  final: nullish(z.boolean()),
  color: nullish(z.string()),
});
export type XrayStatus = z.infer<typeof StatusSchema>;

export const TestRunSchema = z.object({
  id: z.string(),
  status: nullish(z.object({ name: z.string() })),
  startedOn: nullish(z.string()),
  finishedOn: nullish(z.string()),
  lastModified: nullish(z.string()),
  executedById: nullish(z.string()),
  /** "Defects of the Test Run": Jira issue ids (or keys), read one by one (mapping.ts runDefects). */
  defects: nullish(z.array(z.unknown())),
  test: nullish(z.object({ issueId: z.string(), projectId: nullish(z.string()) })),
  testExecution: nullish(
    z.object({
      issueId: nullish(z.string()),
      jira: nullish(JiraFieldsSchema),
      testEnvironments: nullish(z.array(z.string())),
    }),
  ),
});
export type XrayTestRun = z.infer<typeof TestRunSchema>;

/** AddDefectsResult: the ids of the defects added, and why others were not. */
export const AddDefectsResultSchema = z.object({
  addDefectsToTestRun: nullish(z.object({ addedDefects: nullish(z.array(z.string().nullable())), warnings: nullish(z.array(z.string().nullable())) })),
});

/** A GraphQL error as Xray (graphql-js) reports it. */
export const GraphqlErrorSchema = z
  .object({ message: z.string(), path: z.array(z.union([z.string(), z.number()])).nullish() })
  .passthrough();

/** The GraphQL envelope around `data`. */
export const envelope = <T extends z.ZodType>(data: T) =>
  z.object({ data: data.nullish(), errors: z.array(GraphqlErrorSchema).nullish() });

/** POST /api/v2/authenticate answers a JSON string: the token. */
export const AuthTokenSchema = z.string().min(1);
