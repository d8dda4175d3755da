import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bodyProblems, definitionProblems, qtestContract, SWAGGER_PATH } from '../../../local/simulators/qtest/contract';

describe('the qTest Swagger copy and the simulator validator built on it', () => {
  it('is the copy contracts/qtest/README.md names (by checksum)', () => {
    const readme = readFileSync(resolve(__dirname, '../../../contracts/qtest/README.md'), 'utf8');
    const named = /sha256 `([0-9a-f]{64})`/.exec(readme)?.[1];
    expect(createHash('sha256').update(readFileSync(SWAGGER_PATH)).digest('hex')).toBe(named);
  });

  it("checks a body against its operation's schema", () => {
    expect(bodyProblems('createTestCase', { name: 'x', properties: [], test_steps: [{ description: 'a', expected: 'b' }] })).toEqual([]);
    expect(bodyProblems('createTestCase', { name: 'x' })).toEqual(["body must have required property 'properties'"]);
    expect(bodyProblems('createTestCase', { name: 5, properties: [{ field_id: 'x' }] })).toEqual([
      'body.name must be string',
      'body.properties.0.field_id must be integer',
    ]);
    expect(bodyProblems('submitTestLog', { status: { name: 'Passed' }, exe_start_date: '2025-06-10T09:00:00Z', exe_end_date: '2025-06-10T09:01:00Z' })).toEqual([]);
    expect(bodyProblems('submitTestLog', { status: 'Passed', exe_start_date: 'yesterday' })).toEqual([
      "body must have required property 'exe_end_date'",
      'body.exe_start_date must match format "date-time"',
      'body.status must be object',
    ]);
    expect(bodyProblems('linkArtifacts', [1, 2])).toEqual([]);
    expect(bodyProblems('unlinkArtifacts', ['a'])).toEqual(['body.0 must be integer']);
    expect(() => bodyProblems('noSuchOperation', {})).toThrow(/no operation/);
  });

  it('checks a value against a definition', () => {
    expect(definitionProblems('PropertyResource', { field_id: 1 })).toEqual([]);
    expect(definitionProblems('PropertyResource', {})).toEqual(["PropertyResource must have required property 'field_id'"]);
  });

  it('matches requests to operations, literal segments first', () => {
    const c = qtestContract();
    const m = c.match('GET', '/api/v3/projects/101/test-runs/execution-statuses');
    expect(m).toMatchObject({ kind: 'operation', operation: { operationId: 'getStatusValuable' }, pathParams: { projectId: '101' } });
    expect(c.match('GET', '/api/v3/projects/101/test-runs/77')).toMatchObject({ operation: { operationId: 'getTestRunById' } });
    expect(c.match('PATCH', '/api/v3/projects')).toEqual({ kind: 'method-not-allowed', template: '/api/v3/projects' });
    expect(c.match('GET', '/api/v3/widgets')).toEqual({ kind: 'not-found' });
  });

  it("checks a request's path, query (multi lists as repeated keys) and body", () => {
    const c = qtestContract();
    const find = c.operation('find')!;
    const ok = c.requestProblems(find, { pathParams: { projectId: '101' }, query: { type: 'test-cases', ids: ['1', '2'] }, body: undefined, hasBody: false });
    expect(ok).toEqual({ path: [], query: [], unknownQuery: [], body: [] });
    const bad = c.requestProblems(find, { pathParams: { projectId: 'x' }, query: { ids: '1,2', colour: 'red' }, body: undefined, hasBody: false });
    expect(bad.path).toEqual(['path.projectId must be integer']);
    expect(bad.query).toEqual(["query must have required property 'type'", 'query.ids.0 must be integer']);
    expect(bad.unknownQuery).toEqual(['colour']);
    const search = c.operation('searchArtifact')!;
    expect(c.requestProblems(search, { pathParams: { projectId: '1' }, query: {}, body: undefined, hasBody: false }).body).toEqual(['body is required']);
    const login = c.operation('postAccessToken')!;
    expect(c.requestProblems(login, { pathParams: {}, query: {}, body: { grant_type: 'magic' }, hasBody: true }).body).toEqual([
      'form.grant_type must be equal to one of the allowed values',
    ]);
  });

  it('checks an answer against the documented status and schema', () => {
    const c = qtestContract();
    const statuses = c.operation('getStatusValuable')!;
    expect(c.responseProblems(statuses, 200, [{ id: 601, name: 'Passed' }], true)).toEqual([]);
    expect(c.responseProblems(statuses, 200, [{ id: 'x' }], true)).toEqual(['response.0.id must be integer']);
    expect(c.responseProblems(statuses, 201, [], true)).toEqual(['status 201 is not documented for getStatusValuable']);
    expect(c.responseProblems(statuses, 404, { message: 'nope' }, true)).toEqual([]);
  });
});
