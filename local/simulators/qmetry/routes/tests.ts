/**
 * Simulated QMetry test case and requirement calls: /rest/testcases/list/viewColumns, /rest/testcases/steps/list,
 * /rest/testcases/getVersionDetail, /rest/testcases/execution, /rest/requirements/list/viewColumns,
 * /rest/testcases/list/forRQ and /rest/requirements/list/forTC (all POST with JSON bodies).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ctx, projectOf, qmError } from '../gate';
import { listBody, page, type Body } from '../paging';
import { executionJson, folderPath, formatOf, linkedCaseJson, requirementJson, testCaseJson } from '../render';
import type { HostData, SimProject, SimTestCase } from '../types';

export function viewOk(reply: FastifyReply, body: Body, expected: number): boolean {
  if (body.viewId === expected) return true;
  void qmError(reply, 400, `Invalid viewId: ${String(body.viewId)}`);
  return false;
}

/** Folder path filter: "" or "/" is the root folder; sub-folders count when getSubEntities is true. */
function inFolder(host: HostData, tc: SimTestCase, body: Body): boolean {
  const want = String(body.folderPath).replace(/\/+$/, '');
  if (want === '') return body.getSubEntities !== false || folderPath(host, tc.folderId) === '/';
  const path = folderPath(host, tc.folderId);
  const norm = want.startsWith('/') ? want : `/${want}`;
  return path === norm || (body.getSubEntities !== false && path.startsWith(`${norm}/`));
}

const casesOf = (host: HostData, p: SimProject) => host.testCases.filter((c) => c.projectId === p.id);
const num = (v: unknown) => Number(v);

export function installTestRoutes(app: FastifyInstance): void {
  app.post('/rest/testcases/list/viewColumns', async (req, reply) => {
    const body = listBody(req.body, reply, { viewId: 'number', folderPath: 'string' });
    if (!body) return reply;
    const p = projectOf(req);
    if (!viewOk(reply, body, p.views.TC)) return reply;
    const { host } = ctx(req);
    return page(casesOf(host, p).filter((c) => inFolder(host, c, body)).map((c) => testCaseJson(host, c)), body, formatOf(host, p.id));
  });

  app.post('/rest/testcases/steps/list', async (req, reply) => {
    const body = listBody(req.body, reply, { id: 'id' });
    if (!body) return reply;
    const tc = casesOf(ctx(req).host, projectOf(req)).find((c) => c.id === num(body.id));
    if (!tc) return qmError(reply, 400, `Test case ${String(body.id)} not found`);
    const version = body.version === undefined ? 1 : num(body.version);
    const v = tc.versions.find((x) => x.version === version);
    if (!v) return qmError(reply, 400, `Version ${String(body.version)} of test case ${tc.id} not found`);
    return page(v.steps.map((s) => ({ tcStepID: s.id, orderId: s.orderId, description: s.description, inputData: s.inputData, expectedOutcome: s.expectedOutcome })), body);
  });

  app.post('/rest/testcases/getVersionDetail', async (req, reply) => {
    const body = listBody(req.body, reply, { tcID: 'id' });
    if (!body) return reply;
    const { host } = ctx(req);
    const p = projectOf(req);
    const tc = casesOf(host, p).find((c) => c.id === num(body.tcID));
    return page(tc ? tc.versions.map((v) => testCaseJson(host, tc, v)) : [], body, formatOf(host, p.id));
  });

  app.post('/rest/testcases/execution', async (req, reply) => {
    const body = listBody(req.body, reply, { tcid: 'id' });
    if (!body) return reply;
    const { host } = ctx(req);
    const p = projectOf(req);
    const tc = casesOf(host, p).find((c) => c.id === num(body.tcid));
    const runs = tc ? host.runs.filter((r) => r.testCaseId === tc.id && (body.tcversion === undefined || r.version === num(body.tcversion))) : [];
    // The executions of a case count their rows in `totalCount` (src/qmetry/api/testcase.test.ts).
    return page(runs.map((r) => executionJson(host, r)), body, formatOf(host, p.id), 'totalCount');
  });

  app.post('/rest/requirements/list/viewColumns', async (req, reply) => {
    const body = listBody(req.body, reply, { viewId: 'number', folderPath: 'string' });
    if (!body) return reply;
    const p = projectOf(req);
    if (!viewOk(reply, body, p.views.RQ)) return reply;
    const { host } = ctx(req);
    return page(host.requirements.filter((r) => r.projectId === p.id).map((r) => requirementJson(host, r)), body, formatOf(host, p.id));
  });

  app.post('/rest/testcases/list/forRQ', async (req, reply) => {
    const body = listBody(req.body, reply, { rqID: 'id' });
    if (!body) return reply;
    const { host } = ctx(req);
    const p = projectOf(req);
    const rq = host.requirements.find((r) => r.projectId === p.id && r.id === num(body.rqID));
    if (!rq) return qmError(reply, 400, `Requirement ${String(body.rqID)} not found`);
    const linked = body.getLinked !== false;
    const rows = casesOf(host, p)
      .filter((c) => c.requirementIds.includes(rq.id) === linked)
      .map(linkedCaseJson);
    return page(rows, body);
  });

  app.post('/rest/requirements/list/forTC', async (req, reply) => {
    const body = listBody(req.body, reply, { tcID: 'id' });
    if (!body) return reply;
    const { host } = ctx(req);
    const p = projectOf(req);
    const tc = casesOf(host, p).find((c) => c.id === num(body.tcID));
    if (!tc) return qmError(reply, 400, `Test case ${String(body.tcID)} not found`);
    const linked = body.getLinked !== false;
    const rows = host.requirements.filter((r) => r.projectId === p.id && tc.requirementIds.includes(r.id) === linked).map((r) => requirementJson(host, r));
    return page(rows, body, formatOf(host, p.id));
  });
}
