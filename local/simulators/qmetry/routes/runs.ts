/**
 * Simulated QMetry execution calls: POST /rest/testsuites/list/viewColumns, /rest/execution/list/platformHome
 * (the runs of a test suite, one per platform: `tsRunID` as the vendor's hints name it, with `platformName`,
 * `releaseName` and `cycleName` as in smartbear-mcp src/qmetry/tools.test.ts) and /rest/execution/list/viewColumns
 * (test case runs of a suite run, render.ts `runJson`).
 */
import type { FastifyInstance } from 'fastify';
import { ctx, projectOf, qmError } from '../gate';
import { listBody, page } from '../paging';
import { formatOf, releaseOfCycle, runJson, suiteJson } from '../render';
import { viewOk } from './tests';

export function installRunRoutes(app: FastifyInstance): void {
  app.post('/rest/testsuites/list/viewColumns', async (req, reply) => {
    const body = listBody(req.body, reply, { viewId: 'number', folderPath: 'string' });
    if (!body) return reply;
    const p = projectOf(req);
    if (!viewOk(reply, body, p.views.TS)) return reply;
    const { host } = ctx(req);
    return page(host.suites.filter((s) => s.projectId === p.id).map((s) => suiteJson(host, s)), body, formatOf(host, p.id));
  });

  app.post('/rest/execution/list/platformHome', async (req, reply) => {
    const body = listBody(req.body, reply, { tsID: 'id' });
    if (!body) return reply;
    const p = projectOf(req);
    if (body.viewId !== undefined && !viewOk(reply, body, p.views.TEL)) return reply;
    const { host } = ctx(req);
    const suite = host.suites.find((s) => s.projectId === p.id && s.id === Number(body.tsID));
    if (!suite) return qmError(reply, 400, `Test suite ${String(body.tsID)} not found`);
    const rc = releaseOfCycle(host, suite.cycleId);
    const rows = host.suiteRuns
      .filter((sr) => sr.suiteId === suite.id)
      .map((sr) => {
        const platform = host.platforms.find((x) => x.id === sr.platformId)!;
        const runs = host.runs.filter((r) => r.suiteRunId === sr.id);
        return {
          tsRunID: String(sr.id),
          tsID: suite.id,
          platformID: platform.id,
          platformName: platform.name,
          releaseID: rc?.release.id ?? null,
          releaseName: rc?.release.name ?? null,
          buildID: rc?.cycle.id ?? null,
          cycleName: rc?.cycle.name ?? null,
          testCaseCount: runs.length,
        };
      });
    return page(rows, body);
  });

  app.post('/rest/execution/list/viewColumns', async (req, reply) => {
    const body = listBody(req.body, reply, { tsrunID: 'string', viewId: 'number' });
    if (!body) return reply;
    const p = projectOf(req);
    if (!viewOk(reply, body, p.views.TE)) return reply;
    const { host } = ctx(req);
    const sr = host.suiteRuns.find((x) => String(x.id) === body.tsrunID);
    const suite = sr && host.suites.find((s) => s.id === sr.suiteId && s.projectId === p.id);
    if (!sr || !suite) return qmError(reply, 400, `Test suite run ${String(body.tsrunID)} not found`);
    return page(host.runs.filter((r) => r.suiteRunId === sr.id).map((r) => runJson(host, r)), body, formatOf(host, p.id));
  });
}
