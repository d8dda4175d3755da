/**
 * The qTest Manager write endpoints the simulator serves, so tests and users can change the demo data through
 * qTest's own API. Paths, methods and bodies follow the v3 Swagger (contracts/qtest); spec-gate.ts has validated every
 * body against its operation's schema before a handler runs (400 with the complaints otherwise):
 * - POST   /api/v3/projects/{projectId}/test-cases                            createTestCase (TestCaseWithCustomFieldResource)
 * - PUT    /api/v3/projects/{projectId}/test-cases/{testCaseId}               updateTestCase (TestCaseWithCustomFieldResource)
 * - DELETE /api/v3/projects/{projectId}/test-cases/{testCaseId}               deleteTestCase
 * - POST   /api/v3/projects/{projectId}/test-runs/{testRunId}/test-logs       submitTestLog (ManualTestLogResource)
 * - POST   /api/v3/projects/{projectId}/requirements/{id}/link?type=test-cases  linkArtifacts ([test case ids])
 * - DELETE /api/v3/projects/{projectId}/requirements/{id}/link?type=test-cases  unlinkArtifacts ([test case ids])
 * Every write stamps what it changed with the simulator clock, so incremental reads see it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, ctx, projectFor } from './gate';
import { testCaseJson, testLogJson } from './render';
import type { QtestSimState, TestCaseInput } from './state';
import type { SimProject, SiteData } from './types';

/** Source object types the Swagger lists for /{objectType}/{objectId}/link. */
const LINK_SOURCES = ['requirements', 'builds', 'test-steps', 'test-logs', 'releases'];
const LINK_TARGETS = ['releases', 'builds', 'requirements', 'test-cases', 'test-runs', 'test-logs', 'test-steps', 'defects'];

interface PropertyInput {
  field_id: number;
  field_name?: string;
  field_value?: string;
  field_value_name?: string;
}

interface TestCaseBody {
  name?: string;
  parent_id?: number;
  description?: string;
  precondition?: string;
  properties?: PropertyInput[];
  test_steps?: Array<{ description: string; expected: string; order?: number }>;
}

/**
 * Priority and Type from the properties, by field name or by the field ids the simulator renders (9003, 9002). The
 * value is the property's `field_value_name`, else `field_value`: the simulator keeps no allowed-value catalogue.
 */
function property(props: PropertyInput[] | undefined, name: string, fieldId: number): string | undefined {
  const p = props?.find((x) => x.field_id === fieldId || x.field_name?.toLowerCase() === name.toLowerCase());
  const v = p?.field_value_name ?? p?.field_value;
  return v ? v : undefined;
}

/** The case fields a body sets, or a 400 message. */
function caseInput(site: SiteData, project: SimProject, body: TestCaseBody): TestCaseInput | string {
  if (body.parent_id !== undefined && !site.modules.some((m) => m.projectId === project.id && m.id === body.parent_id)) {
    return `Module not found: ${body.parent_id}`;
  }
  const steps = body.test_steps
    ? [...body.test_steps]
        .map((s, i) => ({ ...s, order: s.order ?? i + 1 }))
        .sort((a, b) => a.order - b.order)
        .map((s) => ({ description: s.description, expected: s.expected }))
    : undefined;
  const input: TestCaseInput = {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.parent_id !== undefined ? { moduleId: body.parent_id } : {}),
    ...(body.description !== undefined ? { description: body.description } : {}),
    ...(body.precondition !== undefined ? { precondition: body.precondition } : {}),
    ...(steps ? { steps } : {}),
  };
  const priority = property(body.properties, 'Priority', 9003);
  const type = property(body.properties, 'Type', 9002);
  return { ...input, ...(priority ? { priority } : {}), ...(type ? { type } : {}) };
}

const idParam = (req: FastifyRequest, name: string) => String((req.params as Record<string, string>)[name] ?? '');

export function installWriteRoutes(app: FastifyInstance, state: QtestSimState): void {
  app.post('/api/v3/projects/:projectId/test-cases', async (req, reply) => {
    const p = projectFor(req, reply);
    if (!p) return reply;
    const body = req.body as TestCaseBody;
    const { site } = ctx(req);
    const input = caseInput(site, p, body);
    if (typeof input === 'string') return badRequest(reply, input);
    if (!input.name?.trim()) return badRequest(reply, 'Test Case name is required');
    const c = state.createTestCase(site.site, p.id, { ...input, name: input.name });
    return testCaseJson(site, c, true);
  });

  app.put('/api/v3/projects/:projectId/test-cases/:testCaseId', async (req, reply) => {
    const p = projectFor(req, reply);
    if (!p) return reply;
    const body = req.body as TestCaseBody;
    const { site } = ctx(req);
    const id = idParam(req, 'testCaseId');
    const c = /^\d+$/.test(id) ? state.testCase(site.site, p.id, Number(id)) : undefined;
    if (!c) return reply.code(404).send({ message: `Test Case not found: ${id}` });
    const input = caseInput(site, p, body);
    if (typeof input === 'string') return badRequest(reply, input);
    if (input.name !== undefined && !input.name.trim()) return badRequest(reply, 'Test Case name is required');
    return testCaseJson(site, state.modifyTestCase(site.site, p.id, c.id, input), true);
  });

  app.delete('/api/v3/projects/:projectId/test-cases/:testCaseId', async (req, reply) => {
    const p = projectFor(req, reply);
    if (!p) return reply;
    const { site } = ctx(req);
    const id = idParam(req, 'testCaseId');
    if (!/^\d+$/.test(id) || !state.testCase(site.site, p.id, Number(id))) {
      return reply.code(404).send({ message: `Test Case not found: ${id}` });
    }
    state.deleteTestCase(site.site, p.id, Number(id));
    return reply.code(200).send();
  });

  app.post('/api/v3/projects/:projectId/test-runs/:testRunId/test-logs', async (req, reply) => {
    const p = projectFor(req, reply);
    if (!p) return reply;
    const body = req.body as { status: { id?: number; name?: string }; exe_start_date: string; exe_end_date: string; note?: string; build_number?: string };
    const { site, user } = ctx(req);
    const id = idParam(req, 'testRunId');
    const run = site.runs.find((r) => r.projectId === p.id && String(r.id) === id);
    if (!run) return reply.code(404).send({ message: `Test Run not found: ${id}` });
    const status = site.statuses.find((s) => (body.status.id !== undefined ? s.id === body.status.id : s.name === body.status.name));
    if (!status) return badRequest(reply, `Status is invalid: ${body.status.name ?? body.status.id ?? ''}`);
    const exeStart = Date.parse(body.exe_start_date);
    const exeEnd = Date.parse(body.exe_end_date);
    if (exeEnd < exeStart) return badRequest(reply, 'exe_end_date must not be before exe_start_date');
    state.addLog(site.site, run.id, status.name, user?.username, { exeStart, exeEnd }, body.build_number);
    const log = run.logs[run.logs.length - 1];
    return reply.code(201).send({ ...testLogJson(site, run, log, false), ...(body.note !== undefined ? { note: body.note } : {}), properties: [] });
  });

  const link = (linked: boolean) => async (req: FastifyRequest, reply: FastifyReply) => {
    const p = projectFor(req, reply);
    if (!p) return reply;
    const objectType = idParam(req, 'objectType');
    const type = String((req.query as Record<string, unknown>).type ?? '');
    if (!LINK_SOURCES.includes(objectType)) return badRequest(reply, `Object type is invalid: ${objectType}`);
    if (!LINK_TARGETS.includes(type)) return badRequest(reply, 'Parameter type is invalid');
    const ids = req.body as number[];
    const { site } = ctx(req);
    const objectId = idParam(req, 'objectId');
    if (objectType !== 'requirements' || type !== 'test-cases') {
      return badRequest(reply, `The simulator links only requirements to test-cases, not ${objectType} to ${type}`);
    }
    const r = site.requirements.find((x) => x.projectId === p.id && String(x.id) === objectId);
    if (!r) return reply.code(404).send({ message: `Requirement not found: ${objectId}` });
    // "System will ignore those objects that cannot be linked": ids of no case in the project are skipped.
    state.linkRequirement(site.site, p.id, r.id, ids, linked);
    if (!linked) return {};
    const cases = site.cases.filter((c) => c.projectId === p.id && c.requirementIds.includes(r.id));
    const self = (id: number) => `https://${site.site}.qtestnet.com/p/${p.id}/portal/project#tab=testdesign&object=1&id=${id}`;
    return [{ id: r.id, pid: r.pid, objects: cases.map((c) => ({ id: c.id, pid: c.pid, link_type: 'is_covered_by', self: self(c.id) })) }];
  };
  app.post('/api/v3/projects/:projectId/:objectType/:objectId/link', link(true));
  app.delete('/api/v3/projects/:projectId/:objectType/:objectId/link', link(false));
}
