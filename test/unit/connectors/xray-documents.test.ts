import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { ALL_DOCUMENTS, MAX_LIMIT } from '../../../src/connectors/xray/documents';
import { checkNodeLimits } from '../../../local/simulators/xray/schema';

const sdl = readFileSync(resolve(__dirname, '../../../contracts/xray/xray_schema.graphql'), 'utf8');
const schema = buildSchema(sdl);

/** Largest values the connector passes for each variable. */
const VARIABLES = { start: 0, limit: MAX_LIMIT, projectId: '10002', issueId: '10012', jql: 'key = "QA-1"', testIssueIds: ['10012'] };

describe('Xray GraphQL documents', () => {
  it.each(Object.entries(ALL_DOCUMENTS))('%s parses and validates against the Xray schema', (_name, doc) => {
    const errors = validate(schema, parse(doc));
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  it.each(Object.entries(ALL_DOCUMENTS))('%s stays within Xray node limits (1..100 per limit, 10,000 items)', (_name, doc) => {
    expect(checkNodeLimits(parse(doc), VARIABLES).map((e) => e.message)).toEqual([]);
  });

  it('the schema copy is the one contracts/xray/README.md names (by checksum)', () => {
    const readme = readFileSync(resolve(__dirname, '../../../contracts/xray/README.md'), 'utf8');
    const named = /sha256 `([0-9a-f]{64})`/.exec(readme)?.[1];
    expect(createHash('sha256').update(sdl, 'utf8').digest('hex')).toBe(named);
  });

  it('the node-limit check rejects a limit over 100 and an over-wide query', () => {
    const tooBig = parse('query { getTests(limit: 101) { total } }');
    expect(checkNodeLimits(tooBig, {})[0].message).toMatch(/between 1 and 100/);
    const wide = parse('query { getTests(limit: 100) { results { testRuns(limit: 100) { total } } } }');
    expect(checkNodeLimits(wide, {})[0].message).toMatch(/10100 items/);
  });
});
