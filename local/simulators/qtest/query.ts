/**
 * The subset of qTest's Data Query syntax the simulator understands:
 * clauses `'<Criteria>' <op> '<value>'` joined by `and`, criteria in single quotes when they contain spaces,
 * date-times in ISO format. Criteria: Last Modified Date, Created Date (date ops), Id, Test Case Id (=, <>),
 * Name (=, ~, !~). Anything else is a bad request, as qTest answers it.
 */

export interface Queryable {
  id: number;
  name: string;
  createdAt: number;
  lastModifiedAt: number;
  testCaseId?: number;
}

type Op = '=' | '<>' | '>' | '<' | '>=' | '<=' | '~' | '!~';
const CLAUSE = /^'?([A-Za-z][A-Za-z ]*?)'?\s+(>=|<=|<>|!~|=|>|<|~)\s+(?:'([^']*)'|"([^"]*)"|(\S+))$/;

export class QueryError extends Error {}

function compare(a: number, op: Op, b: number): boolean {
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

function clause(text: string): (r: Queryable) => boolean {
  const m = CLAUSE.exec(text.trim());
  if (!m) throw new QueryError(`Invalid query clause: ${text.trim()}`);
  const field = m[1].trim().toLowerCase();
  const op = m[2] as Op;
  const value = m[3] ?? m[4] ?? m[5] ?? '';
  switch (field) {
    case 'last modified date':
    case 'created date': {
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
        throw new QueryError(`Invalid date value '${value}': use ISO date time format`);
      }
      const t = Date.parse(value);
      return field === 'created date' ? (r) => compare(r.createdAt, op, t) : (r) => compare(r.lastModifiedAt, op, t);
    }
    case 'id':
    case 'test case id': {
      if (!/^\d+$/.test(value)) throw new QueryError(`Invalid id value '${value}'`);
      const n = Number(value);
      if (field === 'id') return (r) => compare(r.id, op, n);
      return (r) => r.testCaseId !== undefined && compare(r.testCaseId, op, n);
    }
    case 'name': {
      const v = value.toLowerCase();
      if (op === '~') return (r) => r.name.toLowerCase().includes(v);
      if (op === '!~') return (r) => !r.name.toLowerCase().includes(v);
      if (op === '=') return (r) => r.name.toLowerCase() === v;
      throw new QueryError(`Operator ${op} is not supported for Name`);
    }
    default:
      throw new QueryError(`Unknown criteria '${m[1].trim()}'`);
  }
}

/** Compiles a query; an empty or absent query matches everything. */
export function compileQuery(query: string | undefined): (r: Queryable) => boolean {
  if (!query || !query.trim()) return () => true;
  const parts = query.split(/\s+and\s+/i).map(clause);
  return (r) => parts.every((p) => p(r));
}
