/**
 * The QMetry Test Management connector: implements the Connector port over QMetry's Open API with a FetchLike, calling
 * it as SmartBear's own QMetry client does (client.ts, queries.ts). Headers on every call: `apikey` (the Open API key),
 * `project` (a project key), `orgcode` when configured, `Content-Type: application/json` on bodies; the runs of a suite
 * run also get `scope` and `orgcode` from getinfo. Dates are read in the project's format from getinfo (dates.ts).
 * See reads.ts for what each read costs in requests.
 */
import type { ExternalProject, Page, TestCase, TestRun, ToolStatus } from '../../domain/model';
import { transportOptions, type TransportOptions } from '../http';
import type { ConnectionCheck, ReadOptions, RunCache, ToolConnector } from '../types';
import { failedCheck, okCheck, projectMissing } from './check';
import { checkDefectWrites, defectsOfRuns, linkDefectToRun } from './defects';
import { readQmetryStepResults } from './step-results';
import { createQmetryClient, type QmetryClient } from './client';
import { createLookups } from './context';
import { mapProject, mapStatus, mapTestCase, mapTestRun, requirementKey } from './mapping';
import { executionsOfTestCase, listExecutionStatuses, listProjects, MAX_PAGE_SIZE, P, post, requirementsOfTestCase, testCaseSteps, testCaseVersions } from './queries';
import { readRunPage, readTestCaseIdPage, readTestCasePage, type ReadSettings } from './reads';
import { isTrue } from './records';
import { requireAllRead } from './rows';

/** `budget` defaults to 100 requests per 10 s. */
export interface QmetryConnectorOptions extends TransportOptions {
  /** `https://<site>.qmetry.com` */
  baseUrl: string;
  /** The QMetry Open API key (Integration → Open API). */
  apiKey: string;
  /** The project the connection is set up for; checked by checkConnection and sent on admin calls. */
  projectKey: string;
  /** QMetry client code, sent as the `orgcode` header when set. */
  orgCode?: string;
  /** Records per list call; 100 (the largest this connector relies on) unless set lower. */
  pageSize?: number;
  /** Test suites per readRuns page; 10 by default. */
  suitesPerPage?: number;
  /**
   * Where lookups are kept for the rest of a sync run, across its invocations (see RunCache): the Jira requirement
   * links and test case ids by entity key (context.ts).
   */
  runCache?: RunCache;
  /** Calls in flight at once within one read (steps, suite runs); 4 by default. */
  concurrency?: number;
}

export function createQmetryConnector(opts: QmetryConnectorOptions): ToolConnector {
  const secrets = [opts.apiKey.trim()];
  const settings: ReadSettings = {
    pageSize: Math.min(MAX_PAGE_SIZE, Math.max(1, opts.pageSize ?? MAX_PAGE_SIZE)),
    suitesPerPage: Math.min(MAX_PAGE_SIZE, Math.max(1, opts.suitesPerPage ?? 10)),
    concurrency: Math.max(1, opts.concurrency ?? 4),
  };
  let client: QmetryClient | undefined;
  const getClient = () =>
    (client ??= createQmetryClient({
      baseUrl: opts.baseUrl,
      apiKey: opts.apiKey,
      projectKey: opts.projectKey,
      orgCode: opts.orgCode,
      ...transportOptions(opts),
    }));
  const lookups = createLookups(getClient, settings.concurrency, opts.runCache);

  const connector: ToolConnector = {
    async checkConnection(): Promise<ConnectionCheck> {
      try {
        const c = getClient();
        const all = requireAllRead(await listProjects(c, true, settings.pageSize)).map(mapProject);
        const want = c.projectKey.toUpperCase();
        const mine = all.find((p) => p.id.toUpperCase() === want);
        if (mine?.archived) throw projectMissing(c.projectKey, true);
        // Not listed: getinfo tells an unknown project (404) from one the key's user has no role in (403).
        await lookups.info(mine?.id ?? c.projectKey, true);
        if (!mine) throw projectMissing(c.projectKey, false);
        // Every read needs the project's date format: one the connector cannot read is the check's to name.
        const format = await lookups.dateFormat(mine.id, false);
        return okCheck(
          all.filter((p) => !p.archived),
          mine.id,
          format,
        );
      } catch (e) {
        return failedCheck(e, secrets);
      }
    },

    async listProjects(): Promise<ExternalProject[]> {
      return requireAllRead(await listProjects(getClient(), false, settings.pageSize))
        .map(mapProject)
        .filter((p) => !p.archived);
    },

    async listStatuses(projectId: string): Promise<ToolStatus[]> {
      const rows = requireAllRead(await listExecutionStatuses(getClient(), projectId, settings.pageSize));
      return rows.filter((s) => !isTrue(s.isArchived)).map(mapStatus);
    },

    readTestCases(projectId: string, ropts: ReadOptions): Promise<Page<TestCase>> {
      return readTestCasePage(getClient(), lookups, projectId, ropts, settings);
    },

    readRuns(projectId: string, ropts: ReadOptions): Promise<Page<TestRun>> {
      return readRunPage(getClient(), lookups, projectId, ropts, settings);
    },

    listTestCaseIds(projectId: string, lopts: { cursor?: string }): Promise<Page<string>> {
      return readTestCaseIdPage(getClient(), lookups, projectId, lopts.cursor);
    },

    async readTestCase(projectId: string, externalId: string) {
      const c = getClient();
      const format = await lookups.dateFormat(projectId, false);
      const versions = requireAllRead(await testCaseVersions(c, projectId, externalId, format));
      if (versions.length === 0) return null;
      const row = versions.find((v) => v.isLatestVersion) ?? [...versions].sort((a, b) => b.version - a.version)[0];
      lookups.rememberCases(projectId, [row]);
      const statuses = await lookups.statuses(projectId, false);
      const [steps, requirements, executions] = await Promise.all([
        testCaseSteps(c, projectId, row.tcID, row.version, settings.pageSize),
        requirementsOfTestCase(c, projectId, row.tcID, settings.pageSize),
        executionsOfTestCase(c, projectId, row.tcID, format, statuses, settings.pageSize),
      ]);
      const runs = requireAllRead(executions);
      const defects = await defectsOfRuns(c, projectId, runs.map((run, i) => ({ run, endpoint: post(P.executions), at: executions.positions[i] })), settings.concurrency);
      const platforms = runs.some((x) => !x.platformName && x.platformID) ? await lookups.platforms(projectId) : new Map<string, string>();
      const requirementKeys = requireAllRead(requirements)
        .map(requirementKey)
        .filter((k): k is string => k !== undefined);
      return {
        testCase: mapTestCase(row, { projectKey: projectId, baseUrl: c.baseUrl, steps: requireAllRead(steps), requirementKeys }),
        runs: runs.map((x) =>
          mapTestRun(x, {
            projectKey: projectId,
            baseUrl: c.baseUrl,
            tcID: row.tcID,
            version: x.releaseName,
            cycle: x.cycleName ?? x.suiteName,
            environment: x.platformName ?? (x.platformID ? platforms.get(x.platformID) : undefined),
            defects: defects.byRun.get(x.tcRunID),
          }),
        ),
      };
    },

    async checkDefectWrites(): Promise<ConnectionCheck> {
      // A QMetry connection is set up for one project (its key): that is the project asked about.
      return checkDefectWrites(getClient(), lookups, getClient().projectKey, secrets);
    },

    linkDefect: (run, defect) => linkDefectToRun(getClient(), lookups, run, defect),
    // No documented call lists a test case run's step results (step-results.ts): none are read.
    readStepResults: () => readQmetryStepResults(),
  };
  return connector;
}
