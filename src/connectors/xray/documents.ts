/**
 * Every GraphQL document the Xray connector sends. Each validates against contracts/xray/xray_schema.graphql
 * (test/unit/connectors/xray-documents.test.ts) and stays within Xray's node limit: every connection has a
 * `limit` of 1..100 and a call asks for at most 10,000 items (getTests: 100 + 100×10 preconditions +
 * 100×50 coverable issues = 6,100).
 */

/** Records per page on every connection; Xray's maximum. */
export const MAX_LIMIT = 100;
/** Preconditions read with each test (their definitions are joined into the case's precondition). */
export const PRECONDITIONS_PER_TEST = 10;
/** Covered issues read with each test; more are read with COVERAGE_PAGE. */
export const COVERAGE_PER_TEST = 50;

/** Jira fields read with each test. */
export const TEST_JIRA_FIELDS = ['key', 'summary', 'description', 'labels', 'priority', 'updated', 'project'] as const;

const TEST_FIELDS = `
fragment XrayTestFields on Test {
  issueId
  projectId
  lastModified
  testType { name kind }
  steps { id action data result }
  gherkin
  unstructured
  folder { path }
  jira(fields: ${JSON.stringify(TEST_JIRA_FIELDS)})
  preconditions(limit: ${PRECONDITIONS_PER_TEST}) {
    total
    results { issueId definition jira(fields: ["key", "summary"]) }
  }
  coverableIssues(limit: ${COVERAGE_PER_TEST}) {
    total
    results { issueId jira(fields: ["key"]) }
  }
}`;

/** One page of a project's tests changed since a time, with steps, preconditions, folder and coverage. */
export const TESTS_PAGE = `
query XrayTestsPage($projectId: String!, $modifiedSince: String, $start: Int!, $limit: Int!) {
  getTests(projectId: $projectId, modifiedSince: $modifiedSince, start: $start, limit: $limit) {
    total
    start
    limit
    results { ...XrayTestFields }
  }
}
${TEST_FIELDS}`;

/** One test by Jira issue id. */
export const TEST_BY_ID = `
query XrayTest($issueId: String!) {
  getTest(issueId: $issueId) { ...XrayTestFields }
}
${TEST_FIELDS}`;

/** One test by Jira issue key (a JQL matching a single issue stays within the 100-issue JQL rule). */
export const TEST_BY_KEY = `
query XrayTestByKey($jql: String!) {
  getTests(jql: $jql, limit: 1) {
    total
    results { ...XrayTestFields }
  }
}
${TEST_FIELDS}`;

/** Further issues covered by one test, beyond the first COVERAGE_PER_TEST. */
export const COVERAGE_PAGE = `
query XrayTestCoverage($issueId: String!, $start: Int!) {
  getTest(issueId: $issueId) {
    coverableIssues(limit: ${MAX_LIMIT}, start: $start) {
      total
      results { issueId jira(fields: ["key"]) }
    }
  }
}`;

/** One page of a project's test issue ids (listTestCaseIds). */
export const TEST_IDS_PAGE = `
query XrayTestIds($projectId: String!, $start: Int!, $limit: Int!) {
  getTests(projectId: $projectId, start: $start, limit: $limit) {
    total
    start
    limit
    results { issueId }
  }
}`;

/** One page of the issue ids of a project's Test Executions (the run reader asks for their runs). */
export const TEST_EXECUTION_IDS_PAGE = `
query XrayTestExecutionIds($projectId: String!, $start: Int!, $limit: Int!) {
  getTestExecutions(projectId: $projectId, start: $start, limit: $limit) {
    total
    start
    limit
    results { issueId }
  }
}`;

/** Jira fields read with each run's Test Execution: its key (the cycle), summary and fix versions (the version). */
export const EXECUTION_JIRA_FIELDS = ['key', 'summary', 'fixVersions'] as const;

/**
 * One page of Test Runs changed since a time, with their Test Execution (its key, fix versions and test environments),
 * the project of their Test and their defects (TestRun.defects, the Jira issues linked to the run): the runs of some
 * Test Executions (readRuns) or of some Tests (readTestCase). Xray answers the runs matching both lists when both are
 * given.
 */
export const TEST_RUNS_PAGE = `
query XrayTestRuns($testIssueIds: [String], $testExecIssueIds: [String], $modifiedSince: String, $start: Int!, $limit: Int!) {
  getTestRuns(testIssueIds: $testIssueIds, testExecIssueIds: $testExecIssueIds, modifiedSince: $modifiedSince, start: $start, limit: $limit) {
    total
    start
    limit
    results {
      id
      status { name }
      startedOn
      finishedOn
      lastModified
      executedById
      defects
      test { issueId projectId }
      testExecution { issueId jira(fields: ${JSON.stringify(EXECUTION_JIRA_FIELDS)}) testEnvironments }
    }
  }
}`;

/**
 * Links Jira issues to a Test Run as its defects (`issues`: "the ids or keys of the defects"); Xray answers the ids it
 * added and warnings for those it did not. With an empty list it adds nothing: what the connection check asks, since
 * Xray refuses it like any write to a run the API key's user may not edit.
 */
export const ADD_DEFECTS = `
mutation XrayAddDefects($id: String!, $issues: [String]!) {
  addDefectsToTestRun(id: $id, issues: $issues) {
    addedDefects
    warnings
  }
}`;

/**
 * The step results of one Test Run (read on demand, when a bug is created from it): each step's status and the actual
 * result the tester wrote (TestRun.steps, TestRunStep.status and actualResult).
 */
export const TEST_RUN_STEPS = `
query XrayTestRunSteps($id: String!) {
  getTestRunById(id: $id) {
    id
    steps { id status { name } actualResult }
  }
}`;

/** The Test Run status catalogue, custom statuses included. */
export const STATUSES = `
query XrayStatuses($projectId: String) {
  getStatuses(projectId: $projectId) { name description final color }
}`;

/** Resolves a Jira project key (or id) to the project id; answers an error for an unknown project. */
export const PROJECT_SETTINGS = `
query XrayProjectSettings($projectIdOrKey: String) {
  getProjectSettings(projectIdOrKey: $projectIdOrKey) { projectId }
}`;

/** One page of the site's tests with their Jira project: the projects that hold Xray tests. */
export const PROJECT_SCAN = `
query XrayProjectScan($start: Int!, $limit: Int!) {
  getTests(start: $start, limit: $limit) {
    total
    start
    limit
    results { projectId jira(fields: ["project"]) }
  }
}`;

export const ALL_DOCUMENTS = {
  TESTS_PAGE,
  TEST_BY_ID,
  TEST_BY_KEY,
  COVERAGE_PAGE,
  TEST_IDS_PAGE,
  TEST_EXECUTION_IDS_PAGE,
  TEST_RUNS_PAGE,
  STATUSES,
  PROJECT_SETTINGS,
  PROJECT_SCAN,
  ADD_DEFECTS,
  TEST_RUN_STEPS,
} as const;
