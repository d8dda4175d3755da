/**
 * zod schemas of the qTest Manager API v3 records the connector reads.
 * Field names follow the v3 Swagger definitions (ProjectResource, TestCaseWithCustomFieldResource,
 * TestStepResource, PropertyResource, TestRunWithCustomFieldResource, ShortTestLogResource, StatusResource,
 * LinkedArtifactContainer, ModuleResource, TestCycleResource, RequirementResource, PagedResource, OAuthResponse).
 * Only what the mapping needs is required; unknown fields pass through untouched.
 */
import { z } from 'zod';

const nullish = <T extends z.ZodType>(t: T) => t.nullish();

export const LinkSchema = z.object({ rel: z.string(), href: z.string() });

export const PropertySchema = z.object({
  field_id: z.number(),
  field_name: nullish(z.string()),
  field_value: nullish(z.string()),
  field_value_name: nullish(z.string()),
});
export type QtestProperty = z.infer<typeof PropertySchema>;

export const ProjectSchema = z.object({
  id: z.number(),
  name: z.string(),
  description: nullish(z.string()),
  /** Project status; 101 is Active. */
  status_id: nullish(z.number()),
});
export type QtestProject = z.infer<typeof ProjectSchema>;
export const ProjectListSchema = z.array(ProjectSchema);

export const TestStepSchema = z.object({
  id: z.number(),
  description: nullish(z.string()),
  expected: nullish(z.string()),
  order: nullish(z.number()),
});

export const TestCaseSchema = z.object({
  id: z.number(),
  pid: z.string(),
  name: z.string(),
  last_modified_date: z.string(),
  created_date: nullish(z.string()),
  parent_id: nullish(z.number()),
  web_url: nullish(z.string()),
  description: nullish(z.string()),
  precondition: nullish(z.string()),
  version: nullish(z.string()),
  properties: z.array(PropertySchema).default([]),
  test_steps: nullish(z.array(TestStepSchema)),
});
export type QtestTestCase = z.infer<typeof TestCaseSchema>;

export const ShortTestLogSchema = z.object({
  id: nullish(z.number()),
  status: nullish(z.string()),
  exe_start_date: nullish(z.string()),
  exe_end_date: nullish(z.string()),
  tester: nullish(z.string()),
});

export const TestRunSchema = z.object({
  id: z.number(),
  pid: z.string(),
  name: nullish(z.string()),
  parentId: nullish(z.number()),
  parentType: nullish(z.string()),
  testCaseId: nullish(z.number()),
  test_case: nullish(z.object({ id: z.number() })),
  last_modified_date: z.string(),
  web_url: nullish(z.string()),
  properties: z.array(PropertySchema).default([]),
  latest_test_log: nullish(ShortTestLogSchema),
});
export type QtestTestRun = z.infer<typeof TestRunSchema>;

/** PagedResource as answered by POST /search. */
export const pagedSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    page: z.number(),
    page_size: z.number(),
    total: z.number(),
    items: z.array(item),
    links: z.array(LinkSchema).nullish(),
  });

export const StatusSchema = z.object({
  id: z.number(),
  name: z.string(),
  is_default: nullish(z.boolean()),
  active: nullish(z.boolean()),
  color: nullish(z.string()),
});
export const StatusListSchema = z.array(StatusSchema);

export const LinkedArtifactContainerSchema = z.object({
  id: z.number(),
  pid: nullish(z.string()),
  objects: z
    .array(z.object({ id: z.number(), pid: nullish(z.string()), link_type: nullish(z.string()), self: nullish(z.string()) }))
    .default([]),
});
export const LinkedArtifactListSchema = z.array(LinkedArtifactContainerSchema);
export type QtestLinkedArtifacts = z.infer<typeof LinkedArtifactListSchema>;

export interface QtestModule {
  id: number;
  name: string;
  pid?: string | null;
  parent_id?: number | null;
  children?: QtestModule[] | null;
}
export const ModuleSchema: z.ZodType<QtestModule> = z.lazy(() =>
  z.object({
    id: z.number(),
    name: z.string(),
    pid: nullish(z.string()),
    parent_id: nullish(z.number()),
    children: nullish(z.array(ModuleSchema)),
  }),
);
export const ModuleListSchema = z.array(ModuleSchema);

export interface QtestCycle {
  id: number;
  name: string;
  pid?: string | null;
  'test-cycles'?: QtestCycle[] | null;
  'test-suites'?: Array<{ id: number; name: string; pid?: string | null }> | null;
}
export const CycleSchema: z.ZodType<QtestCycle> = z.lazy(() =>
  z.object({
    id: z.number(),
    name: z.string(),
    pid: nullish(z.string()),
    'test-cycles': nullish(z.array(CycleSchema)),
    'test-suites': nullish(z.array(z.object({ id: z.number(), name: z.string(), pid: nullish(z.string()) }))),
  }),
);
export const CycleListSchema = z.array(CycleSchema);

export const RequirementSchema = z.object({
  id: z.number(),
  pid: nullish(z.string()),
  name: z.string(),
  properties: z.array(PropertySchema).default([]),
  external_properties: nullish(z.object({ id: nullish(z.string()), link: nullish(z.string()) })),
});
export type QtestRequirement = z.infer<typeof RequirementSchema>;

export const OAuthResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().min(1),
  expires_in: nullish(z.number()),
  refresh_token: nullish(z.string()),
  scope: nullish(z.string()),
});
