/**
 * The qTest Manager endpoints around test logs (one log, its step results, its defects), per the v3 Swagger (spec-gate.ts has checked every request
 * against it before these run):
 * - POST /api/v3/projects/{projectId}/{objectType}/{objectId}/{linkType}   linkArtifactsByPid: only test-logs → defects
 *   is served (the Swagger's own "Valid values include test-steps, test-logs" / "Valid value: defects"); the body is
 *   the Jira issue keys ("pids or Jira Defects Ids"). 201 `[LinkedDefectContainer]`; 403 "User does not have enough
 *   permission" for a user whose profile may not edit test logs executed by others; 404 "Link defect unsuccessfully"
 *   for a log the project does not have, or an issue of a Jira project the site's Jira integration does not cover
 *   (the Swagger's answers; which of them qTest gives in which case is a guess).
 * - GET  /api/v3/projects/{projectId}/test-runs/{testRunId}/test-logs/last-run   getLastRunLog: the run's latest log;
 *   its test step logs (each step's result) only with expand=teststeplog.teststep, which the Swagger documents "to
 *   expand results of each Test Steps in the response" (each step log then carries its `test_step`)
 * - GET  /api/v3/projects/{projectId}/test-runs/{testRunId}/test-logs/{id}   getTestLog: one log of the run, with its
 *   test step logs (TestLogResource lists them; the operation has no expand, so that they come is a guess)
 * - GET  /api/v3/projects/{projectId}/user-profiles/current   getCurrentProfile: the caller's UserProfile in the project
 */
import type { FastifyInstance } from 'fastify';
import { badRequest, ctx, projectFor } from './gate';
import { defectIdOf, testLogJson } from './render';
import type { QtestSimState } from './state';
import type { SimUser } from './types';

const JIRA_KEY = /^([A-Z][A-Z0-9_]*)-\d+$/;
/** getLastRunLog's expand that adds the results of each test step. */
const STEP_RESULTS_EXPAND = 'teststeplog.teststep';

/** UserProfile of a user in a project: everything granted but what `readOnlyLogs` withholds. */
function profileJson(user: SimUser, projectId: number) {
  const all = { create: true, edit: true, delete: true, view: true };
  const logs = !user.readOnlyLogs;
  return {
    user_id: user.id,
    project_id: projectId,
    release: all,
    build: all,
    module: all,
    requirement: { ...all, edit_assignment: true, export: true, import: true },
    test_case: { ...all, edit_assignment: true, export: true, import: true, approve: true },
    test_cycle: all,
    test_suite: all,
    test_run: { ...all, edit: logs, execute: true, export: true, edit_assignment: true, modify_test_logs_by_self: true, modify_test_logs_by_others: logs },
    defect: { ...all, export: true },
    project_setting: { manage: false },
    project: { admin: false },
  };
}

export function installDefectRoutes(app: FastifyInstance, state: QtestSimState): void {
  app.get('/api/v3/projects/:projectId/user-profiles/current', async (req, reply) => {
    const p = projectFor(req, reply);
    if (!p) return reply;
    return profileJson(ctx(req).user!, p.id);
  });

  app.get('/api/v3/projects/:projectId/test-runs/:testRunId/test-logs/last-run', async (req, reply) => {
    const p = projectFor(req, reply);
    if (!p) return reply;
    const { site } = ctx(req);
    const id = String((req.params as { testRunId: string }).testRunId);
    const run = site.runs.find((r) => r.projectId === p.id && String(r.id) === id);
    const log = run && [...run.logs].sort((a, b) => a.id - b.id).pop();
    if (!run || !log) return reply.code(404).send({ message: `Test Log not found for Test Run: ${id}` });
    const expand = String((req.query as Record<string, unknown>).expand ?? '').split(',').map((e) => e.trim());
    const steps = expand.includes(STEP_RESULTS_EXPAND);
    return testLogJson(site, run, log, steps, steps);
  });

  app.get('/api/v3/projects/:projectId/test-runs/:testRunId/test-logs/:id', async (req, reply) => {
    const p = projectFor(req, reply);
    if (!p) return reply;
    const { site } = ctx(req);
    const { testRunId, id } = req.params as { testRunId: string; id: string };
    const run = site.runs.find((r) => r.projectId === p.id && String(r.id) === testRunId);
    const log = run?.logs.find((l) => String(l.id) === id);
    if (!run || !log) return reply.code(404).send({ message: `Test Log not found: ${id}` });
    return testLogJson(site, run, log, true);
  });

  app.post('/api/v3/projects/:projectId/:objectType/:objectId/:linkType', async (req, reply) => {
    const p = projectFor(req, reply);
    if (!p) return reply;
    const { objectType, objectId, linkType } = req.params as Record<string, string>;
    if (objectType !== 'test-logs' || linkType !== 'defects') {
      return badRequest(reply, `The simulator links only defects to test-logs by pid, not ${linkType} to ${objectType}`);
    }
    const { site, user } = ctx(req);
    if (user!.readOnlyLogs) return reply.code(403).send({ message: 'User does not have enough permission' });
    const run = site.runs.find((r) => r.projectId === p.id && r.logs.some((l) => String(l.id) === objectId));
    const keys = (req.body as string[]).map((k) => k.trim());
    const covered = new Set(site.jiraIntegration?.projects ?? []);
    const linkable = keys.every((k) => covered.has(JIRA_KEY.exec(k)?.[1] ?? ''));
    if (!run || keys.length === 0 || !linkable) return reply.code(404).send({ message: 'Link defect unsuccessfully' });
    const { log } = state.linkDefects(site.site, Number(objectId), keys);
    const connectionId = site.jiraIntegration!.connectionId;
    return reply.code(201).send([
      {
        id: log.id,
        objects: (log.defects ?? []).map((key) => ({
          id: defectIdOf(key),
          pid: key,
          link_type: 'is_associated_with',
          external_defect_id: key,
          connection_id: connectionId,
          external_project_id: JIRA_KEY.exec(key)![1],
        })),
      },
    ]);
  });
}
