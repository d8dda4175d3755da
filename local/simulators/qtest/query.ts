/**
 * The subset of qTest's Data Query syntax the simulator understands (POST /search, `query`):
 * clauses `'<Criteria>' <op> '<value>'` joined by `and`, criteria in single quotes when they contain spaces,
 * date-times in ISO format (all per the Swagger's description of searchArtifact), and `<criteria> in (a, b, …)`.
 * Criteria per object type:
 * - test-cases, requirements: Last Modified Date, Created Date, Id, Name;
 * - test-runs: the same and Test Case Id;
 * - test-logs: Execution Start Date, Execution End Date (both named by the Swagger for test-logs), Id and Test Run Id.
 * Guesses: `Test Case Id` and `Test Run Id` as criteria names and `in (…)` on ids are not in the Swagger (it mentions an
 * IN operator only for dates); a site can be built without `Test Run Id` (QtestSimulatorOptions.testLogRunCriterion),
 * which answers a test-log query naming it with a 400, so the connector's fallback can be tested.
 * Anything else is a bad request, as qTest answers it.
 */

export interface Queryable {
  id: number;
  name: string;
  createdAt: number;
  lastModifiedAt: number;
  testCaseId?: number;
  testRunId?: number;
  exeStart?: number;
  exeEnd?: number;
}

type Op = '=' | '<>' | '>' | '<' | '>=' | '<=' | '~' | '!~' | 'in';
const CLAUSE = /^'?([A-Za-z][A-Za-z ]*?)'?\s+(>=|<=|<>|!~|=|>|<|~|in)\s+(?:'([^']*)'|"([^"]*)"|\(([^)]*)\)|(\S+))$/i;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

const DATES: Record<string, (r: Queryable) => number | undefined> = {
  'last modified date': (r) => r.lastModifiedAt,
  'created date': (r) => r.createdAt,
  'execution start date': (r) => r.exeStart,
  'execution end date': (r) => r.exeEnd,
};
const IDS: Record<string, (r: Queryable) => number | undefined> = {
  id: (r) => r.id,
  'test case id': (r) => r.testCaseId,
  'test run id': (r) => r.testRunId,
};

export type QueryObjectType = 'test-cases' | 'test-runs' | 'requirements' | 'test-logs';

export function criteriaOf(type: QueryObjectType, opts: { testLogRunCriterion: boolean }): Set<string> {
  switch (type) {
    case 'test-logs':
      return new Set(['execution start date', 'execution end date', 'id', ...(opts.testLogRunCriterion ? ['test run id'] : [])]);
    case 'test-runs':
      return new Set(['last modified date', 'created date', 'id', 'name', 'test case id']);
    default:
      return new Set(['last modified date', 'created date', 'id', 'name']);
  }
}

export class QueryError extends Error {}

function compare(a: number | undefined, op: Op, b: number): boolean {
  if (a === undefined) return false;
  switch (op) {
    case '=':
      return a === b;
    case '<>':
      return a !== b;
    case '>':
      return a > b;
    case '<':
      return a < b;
    case '>=':
      return a >= b;
    case '<=':
      return a <= b;
    default:
      throw new QueryError(`Operator ${op} is not supported for this criteria`);
  }
}

function clause(text: string, allowed: Set<string>): (r: Queryable) => boolean {
  const m = CLAUSE.exec(text.trim());
  if (!m) throw new QueryError(`Invalid query clause: ${text.trim()}`);
  const field = m[1].trim().toLowerCase();
  const op = m[2].toLowerCase() as Op;
  const list = m[5];
  const value = m[3] ?? m[4] ?? m[6] ?? '';
  if (!allowed.has(field)) throw new QueryError(`Unknown criteria '${m[1].trim()}'`);
  if (field in DATES) {
    if (op === 'in') throw new QueryError(`Operator in is not supported for ${m[1].trim()} by the simulator`);
    if (!ISO.test(value)) throw new QueryError(`Invalid date value '${value}': use ISO date time format`);
    const t = Date.parse(value);
    return (r) => compare(DATES[field](r), op, t);
  }
  if (field in IDS) {
    const get = IDS[field];
    if (op === 'in') {
      const ids = (list ?? '').split(',').map((s) => s.trim().replace(/^'(.*)'$/, '$1'));
      if (ids.some((s) => !/^\d+$/.test(s))) throw new QueryError(`Invalid id list (${list ?? ''})`);
      const set = new Set(ids.map(Number));
      return (r) => {
        const v = get(r);
        return v !== undefined && set.has(v);
      };
    }
    if (!/^\d+$/.test(value)) throw new QueryError(`Invalid id value '${value}'`);
    const n = Number(value);
    return (r) => compare(get(r), op, n);
  }
  const v = value.toLowerCase();
  if (op === '~') return (r) => r.name.toLowerCase().includes(v);
  if (op === '!~') return (r) => !r.name.toLowerCase().includes(v);
  if (op === '=') return (r) => r.name.toLowerCase() === v;
  throw new QueryError(`Operator ${op} is not supported for Name`);
}

/** Compiles a query over the given criteria; an empty or absent query matches everything. */
export function compileQuery(query: string | undefined, allowed: Set<string>): (r: Queryable) => boolean {
  if (!query || !query.trim()) return () => true;
  const parts = query.split(/\s+and\s+/i).map((c) => clause(c, allowed));
  return (r) => parts.every((p) => p(r));
}
