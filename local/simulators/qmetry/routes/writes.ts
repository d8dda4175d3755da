/**
 * Simulated QMetry write calls, so tests and users can change the demo data through QMetry's own Open API. The
 * closest documented calls (contracts/qmetry: SOURCES.md and README.md) with their request fields checked as
 * QMetry's list calls are (400 `CO.MANDATORY_FIELDS_MISSING` / `CO.INVALID_JSON`):
 * - POST /rest/testcases                         create a test case (`tcFolderID`, `name`, `steps`, …)
 * - PUT  /rest/testcases                         update one (`tcID`, `tcVersionID`, `withVersion`, `name`, `steps`, …)
 * - PUT  /rest/testcases/link/requirements       link requirements (`tcID` entity key, `tcVersionId`, `rqVersionIds`)
 * - PUT  /rest/execution/runstatus/bulkupdate    set test case run statuses (`entityIDs`, `entityType`, `qmTsRunId`, `runStatusID`)
 * Guessed, no documented call found (see ../README.md):
 * - PUT    /rest/testcases/unlink/requirements   the unlink twin of link/requirements, same body
 * - DELETE /rest/testcases                       delete a test case (`{ tcID }`)
 * Every write stamps what it changed with the simulator clock (updatedDate, executedDate), so incremental reads see it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ctx, mandatory, projectOf, qmError } from '../gate';
import type { QmetrySimState } from '../state';
import type { HostData, SimProject, SimTestCase } from '../types';

const numericId = z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).transform(Number);

const Step = z.object({
  orderId: z.number().int(),
  description: z.string(),
  inputData: z.string().optional(),
  expectedOutcome: z.string().optional(),
  tcStepID: z.number().optional(),
});

/** CreateTestCasesPayload: `tcFolderID` (a string in the MCP's types; numbers are taken too) and `name` required. */
const CreateBody = z
  .object({
    tcFolderID: numericId,
    name: z.string(),
    scope: z.string().optional(),
    steps: z.array(Step).optional(),
    description: z.string().optional(),
    priority: z.number().optional(),
    testCaseType: z.number().optional(),
  })
  .passthrough();

/** UpdateTestCasesPayload: `tcID` and `tcVersionID` (numbers) required. */
const UpdateBody = z
  .object({
    tcID: z.number().int(),
    tcVersionID: z.number().int(),
    withVersion: z.boolean().optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    steps: z.array(Step).optional(),
    isStepUpdated: z.boolean().optional(),
  })
  .passthrough();

/** linkRequirementToTestCasePayload. */
const LinkBody = z.object({ tcID: z.string(), tcVersionId: z.number().int(), rqVersionIds: z.string() }).passthrough();

/** BulkUpdateExecutionStatusPayload. */
const StatusBody = z
  .object({
    entityIDs: z.string().regex(/^\s*\d+(\s*,\s*\d+)*\s*$/),
    entityType: z.enum(['TCR', 'TCSR']),
    qmTsRunId: z.string().regex(/^\d+$/),
    runStatusID: z.number().int(),
    dropID: z.union([z.number(), z.string()]).optional(),
    comments: z.string().optional(),
  })
  .passthrough();

const DeleteBody = z.object({ tcID: numericId }).passthrough();

/** The parsed body, or a QMetry 400 (missing field → mandatory fields missing; wrong type → invalid JSON). */
function parse<S extends z.ZodTypeAny>(schema: S, req: FastifyRequest, reply: FastifyReply): z.output<S> | undefined {
  const r = schema.safeParse(req.body);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue.path.join('.') || 'body';
  const value = issue.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), req.body);
  if (value === undefined) void mandatory(reply, field);
  else void qmError(reply, 400, `Invalid json object or mandatory fields missing: ${field}: ${issue.message}`);
  return undefined;
}

const stepsOf = (steps: Array<z.infer<typeof Step>>) =>
  [...steps].sort((a, b) => a.orderId - b.orderId).map((s) => ({ description: s.description, inputData: s.inputData, expectedOutcome: s.expectedOutcome }));

const caseJson = (tc: SimTestCase) => {
  const v = tc.versions[tc.versions.length - 1];
  return { id: tc.id, entityKey: tc.entityKey, tcVersionID: v.versionId, version: v.version, name: v.name };
};

const caseOf = (host: HostData, p: SimProject, match: (c: SimTestCase) => boolean) => host.testCases.find((c) => c.projectId === p.id && match(c));

export function installWriteRoutes(app: FastifyInstance, state: QmetrySimState): void {
  app.post('/rest/testcases', async (req, reply) => {
    const body = parse(CreateBody, req, reply);
    if (!body) return reply;
    const { host } = ctx(req);
    const p = projectOf(req);
    if (!body.name.trim()) return mandatory(reply, 'name');
    if (body.tcFolderID !== p.rootFolderIds.TC && !host.folders.some((f) => f.projectId === p.id && f.id === body.tcFolderID)) {
      return qmError(reply, 400, `Test case folder ${body.tcFolderID} not found`);
    }
    const tc = state.createTestCase(host.site, {
      projectId: p.id,
      folderId: body.tcFolderID,
      name: body.name,
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.steps ? { steps: stepsOf(body.steps) } : {}),
    });
    return { success: true, message: 'Test Case created successfully', data: [caseJson(tc)] };
  });

  app.put('/rest/testcases', async (req, reply) => {
    const body = parse(UpdateBody, req, reply);
    if (!body) return reply;
    const { host } = ctx(req);
    const tc = caseOf(host, projectOf(req), (c) => c.id === body.tcID);
    if (!tc) return qmError(reply, 400, `Test case ${body.tcID} not found`);
    if (!tc.versions.some((v) => v.versionId === body.tcVersionID)) {
      return qmError(reply, 400, `Version ${body.tcVersionID} of test case ${tc.id} not found`);
    }
    if (body.name !== undefined && !body.name.trim()) return mandatory(reply, 'name');
    state.modifyTestCase(host.site, tc.entityKey, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.steps ? { steps: stepsOf(body.steps) } : {}),
      ...(body.withVersion ? { newVersion: true } : {}),
    });
    return { success: true, message: 'Test Case updated successfully', data: [caseJson(tc)] };
  });

  app.delete('/rest/testcases', async (req, reply) => {
    const body = parse(DeleteBody, req, reply);
    if (!body) return reply;
    const { host } = ctx(req);
    const tc = caseOf(host, projectOf(req), (c) => c.id === body.tcID);
    if (!tc) return qmError(reply, 400, `Test case ${body.tcID} not found`);
    state.deleteTestCase(host.site, tc.entityKey);
    return { success: true, message: 'Test Case deleted successfully' };
  });

  const link = (linked: boolean) => async (req: FastifyRequest, reply: FastifyReply) => {
    const body = parse(LinkBody, req, reply);
    if (!body) return reply;
    const { host } = ctx(req);
    const p = projectOf(req);
    const tc = caseOf(host, p, (c) => c.entityKey.toUpperCase() === body.tcID.toUpperCase());
    if (!tc) return qmError(reply, 400, `Test case ${body.tcID} not found`);
    if (!tc.versions.some((v) => v.versionId === body.tcVersionId)) {
      return qmError(reply, 400, `Version ${body.tcVersionId} of test case ${tc.entityKey} not found`);
    }
    // The simulator keeps no requirement versions: a requirement's id stands for its version id.
    const ids = body.rqVersionIds.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = ids.filter((id) => !host.requirements.some((r) => r.projectId === p.id && String(r.id) === id));
    if (ids.length === 0 || unknown.length) return qmError(reply, 400, `Requirement ${unknown[0] ?? ''} not found`);
    state.linkRequirements(host.site, tc.entityKey, ids.map(Number), linked);
    return { success: true, message: linked ? 'Requirements linked successfully' : 'Requirements unlinked successfully' };
  };
  app.put('/rest/testcases/link/requirements', link(true));
  app.put('/rest/testcases/unlink/requirements', link(false));

  app.put('/rest/execution/runstatus/bulkupdate', async (req, reply) => {
    const body = parse(StatusBody, req, reply);
    if (!body) return reply;
    const { host, user } = ctx(req);
    const p = projectOf(req);
    if (body.entityType !== 'TCR') return qmError(reply, 400, 'The simulator sets statuses of test case runs (TCR) only');
    const sr = host.suiteRuns.find((x) => String(x.id) === body.qmTsRunId);
    if (!sr || !host.suites.some((s) => s.id === sr.suiteId && s.projectId === p.id)) {
      return qmError(reply, 400, `Test suite run ${body.qmTsRunId} not found`);
    }
    const status = host.statuses.find((s) => s.id === body.runStatusID && !s.isArchived);
    if (!status) return qmError(reply, 400, `Execution status ${body.runStatusID} not found`);
    const ids = body.entityIDs.split(',').map((s) => Number(s.trim()));
    const stranger = ids.find((id) => !host.runs.some((r) => r.id === id && r.suiteRunId === sr.id));
    if (stranger !== undefined) return qmError(reply, 400, `Test case run ${stranger} is not in test suite run ${sr.id}`);
    state.setRunStatus(host.site, ids, status.id, user?.alias);
    return { success: true, message: 'Execution status updated successfully' };
  });
}
