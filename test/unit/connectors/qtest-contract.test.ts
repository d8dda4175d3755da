import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bodyProblems, definitionProblems, SWAGGER_PATH } from '../../../local/simulators/qtest/contract';

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
});
