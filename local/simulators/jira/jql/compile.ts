/** Turns a parsed JQL query into an issue filter and comparator, with Jira's validation errors. */
import { PRIORITIES } from '../issue-input';
import type { JiraStore } from '../store';
import type { Principal, SimIssue } from '../types';
import { JqlSyntaxError } from './lexer';
import { OPERATORS, STATUSES, resolveField, type JqlField } from './fields';
import { JqlFunctionError, parseJql, type JqlNode, type Operand, type Operator } from './parser';
import { dateFormatError, parseIssueKey, parseJqlDate, parseNumber } from './values';

export interface CompiledJql {
  filter(issue: SimIssue): boolean;
  compare(a: SimIssue, b: SimIssue): number;
}

/** JQL the simulator cannot evaluate although real Jira could. */
export class JqlUnsupportedError extends Error {}

export class JqlError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join(' '));
  }
}

type Predicate = (issue: SimIssue) => boolean;
type Value = { value: string; quoted: boolean; pos: number };

const UNBOUNDED = 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';

function operandValues(operand: Operand): Value[] {
  if (operand.kind === 'list') return operand.values;
  if (operand.kind === 'value') return [operand];
  return [];
}

class Compiler {
  readonly errors: string[] = [];

  constructor(
    private readonly store: JiraStore,
    private readonly principal: Principal,
  ) {}

  node(n: JqlNode): Predicate {
    if (n.kind === 'and') {
      const parts = n.children.map((c) => this.node(c));
      return (i) => parts.every((p) => p(i));
    }
    if (n.kind === 'or') {
      const parts = n.children.map((c) => this.node(c));
      return (i) => parts.some((p) => p(i));
    }
    if (n.kind === 'not') {
      const inner = this.node(n.child);
      return (i) => !inner(i);
    }
    return this.clause(n.field.kind === 'field' ? n.field.name : n.field.text, resolveField(this.store, n.field), n.operator, n.operand);
  }

  private clause(fieldText: string, field: JqlField | 'unsupported' | null, op: Operator, operand: Operand): Predicate {
    if (field === 'unsupported') throw new JqlUnsupportedError(`The Jira simulator does not support the JQL field '${fieldText}'.`);
    if (!field) {
      this.errors.push(`Field '${fieldText}' does not exist or you do not have permission to view it.`);
      return () => false;
    }
    if (!OPERATORS[field.type].includes(op)) {
      this.errors.push(`The operator '${op.toUpperCase()}' is not supported by the '${field.name}' field.`);
      return () => false;
    }
    if (field.type === 'unindexed') return () => false;
    if (op === 'is' || op === 'is not' || operand.kind === 'empty') {
      const wantEmpty = op === 'is' || op === '=';
      return (i) => (field.values(i).length === 0) === wantEmpty;
    }
    const values = operandValues(operand);
    if (op === '~' || op === '!~') return this.text(field, values[0], op === '~');
    const converted = values.map((v) => this.convert(field, v));
    if (this.errors.length > 0) return () => false;
    const compare = (a: unknown, b: unknown): number =>
      typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
    const eq = (actual: unknown, expected: unknown): boolean =>
      field.type === 'issuetype' || field.type === 'status' || field.type === 'priority' || field.type === 'labels'
        ? String(actual).toLowerCase() === String(expected).toLowerCase()
        : actual === expected || (typeof actual === 'number' && actual === Number(expected));
    switch (op) {
      case '=':
      case 'in':
        return (i) => field.values(i).some((a) => converted.some((e) => e.some((x) => eq(a, x))));
      case '!=':
      case 'not in': {
        return (i) => {
          const actual = field.values(i);
          return actual.length > 0 && !actual.some((a) => converted.some((e) => e.some((x) => eq(a, x))));
        };
      }
      default: {
        // A version name may name versions of several projects: each is a target.
        const targets = converted[0];
        const test = { '<': (c: number) => c < 0, '>': (c: number) => c > 0, '<=': (c: number) => c <= 0, '>=': (c: number) => c >= 0 }[op as '<' | '>' | '<=' | '>='];
        return (i) => field.values(i).some((a) => targets.some((target) => this.ordered(field, a, target, compare, test)));
      }
    }
  }

  private ordered(field: JqlField, actual: unknown, target: unknown, compare: (a: unknown, b: unknown) => number, test: (c: number) => boolean): boolean {
    if (field.type === 'key') {
      const a = this.store.data.issues.find((x) => x.id === actual);
      const t = this.store.data.issues.find((x) => x.id === target);
      if (!a || !t || a.projectId !== t.projectId) return false;
      return test(Number(a.key.split('-')[1]) - Number(t.key.split('-')[1]));
    }
    if (field.type === 'priority') return test(PRIORITIES.indexOf(String(target)) - PRIORITIES.indexOf(String(actual)));
    if (field.type === 'version') {
      // Versions of one project compare by their order in it; versions of different projects do not compare.
      const project = this.store.projects.find((p) => p.versions.some((v) => v.id === actual));
      const order = project?.versions.map((v) => v.id) ?? [];
      return order.includes(String(target)) && test(order.indexOf(String(actual)) - order.indexOf(String(target)));
    }
    return test(compare(actual, target));
  }

  private text(field: JqlField, v: Value, contains: boolean): Predicate {
    const terms = v.value.toLowerCase().split(/\s+/).filter((t) => t !== '');
    const matches = (text: string): boolean => {
      const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
      return terms.every((term) =>
        term.endsWith('*') ? words.some((w) => w.startsWith(term.slice(0, -1))) : words.includes(term) || text.toLowerCase().includes(term),
      );
    };
    return (i) => field.values(i).some((t) => matches(String(t))) === contains;
  }

  /** Converts one JQL value to the comparable values of the field (several for ambiguous names). */
  private convert(field: JqlField, v: Value): unknown[] {
    const s = v.value;
    const missing = (): unknown[] => {
      this.errors.push(`The value '${s}' does not exist for the field '${field.name}'.`);
      return [];
    };
    switch (field.type) {
      case 'project': {
        const p = this.store.projects.find((x) => x.id === s || x.key === s.toUpperCase() || x.name.toLowerCase() === s.toLowerCase());
        return p && this.store.canBrowse(this.principal, p) ? [p.id] : missing();
      }
      case 'issuetype': {
        const types = this.store.projects.flatMap((p) => p.issueTypes).filter((t) => t.id === s || t.name.toLowerCase() === s.toLowerCase());
        return types.length > 0 ? [...new Set(types.map((t) => t.id))] : missing();
      }
      case 'status':
        return STATUSES.some((x) => x.toLowerCase() === s.toLowerCase()) ? [s] : missing();
      case 'priority': {
        const p = PRIORITIES.find((x) => x.toLowerCase() === s.toLowerCase());
        return p ? [p] : missing();
      }
      case 'version':
      case 'component': {
        const items = this.store.projects
          .filter((p) => this.store.canBrowse(this.principal, p))
          .flatMap((p) => (field.type === 'version' ? p.versions : p.components))
          .filter((x) => x.id === s || x.name.toLowerCase() === s.toLowerCase());
        return items.length > 0 ? items.map((x) => x.id) : missing();
      }
      case 'key':
      case 'parent': {
        if (/^\d+$/.test(s)) return [s];
        if (!parseIssueKey(s)) {
          this.errors.push(`The issue key '${s}' for field '${field.name}' is invalid.`);
          return [];
        }
        const issue = this.store.findIssue(s);
        if (!issue || !this.store.canBrowse(this.principal, this.store.projectOf(issue))) {
          this.errors.push(`An issue with key '${s}' does not exist for field '${field.name}'.`);
          return [];
        }
        return [issue.id];
      }
      case 'id':
        if (!/^\d+$/.test(s)) {
          this.errors.push(`The issue key '${s}' for field '${field.name}' is invalid.`);
          return [];
        }
        return [Number(s)];
      case 'date':
      case 'property-date': {
        const ms = parseJqlDate(s, this.store.clock.now());
        if (ms === null) {
          this.errors.push(dateFormatError(s, field.name));
          return [];
        }
        return [ms];
      }
      case 'number': {
        const n = parseNumber(s);
        if (n === null) {
          this.errors.push(`Value '${s}' is not a valid number for the field '${field.name}'.`);
          return [];
        }
        return [n];
      }
      default:
        return [s];
    }
  }
}

/** Parses and compiles JQL. Throws JqlError (Jira's 400 messages) or JqlUnsupportedError. */
export function compileJql(store: JiraStore, principal: Principal, jql: string): CompiledJql {
  let query;
  try {
    query = parseJql(jql);
  } catch (e) {
    if (e instanceof JqlSyntaxError) throw new JqlError([e.message]);
    if (e instanceof JqlFunctionError) throw new JqlUnsupportedError(e.message);
    throw e;
  }
  if (!query.where) throw new JqlError([UNBOUNDED]);
  const compiler = new Compiler(store, principal);
  const filter = compiler.node(query.where);
  const sorters: Array<{ field: JqlField; dir: number }> = [];
  for (const item of query.orderBy) {
    const field = resolveField(store, item.field);
    const text = item.field.kind === 'field' ? item.field.name : item.field.text;
    if (field === 'unsupported') throw new JqlUnsupportedError(`The Jira simulator does not support sorting by '${text}'.`);
    if (!field) compiler.errors.push(`Field '${text}' does not exist or you do not have permission to view it.`);
    else if (field.type === 'text' && field.name !== 'summary') compiler.errors.push(`Field '${text}' does not support sorting.`);
    else sorters.push({ field, dir: item.direction === 'desc' ? -1 : 1 });
  }
  if (compiler.errors.length > 0) throw new JqlError([...new Set(compiler.errors)]);
  if (sorters.length === 0) sorters.push({ field: resolveField(store, { kind: 'field', name: 'key', pos: 0 }) as JqlField, dir: -1 });
  return {
    filter,
    compare(a, b) {
      for (const { field, dir } of sorters) {
        const va = field.sortValue(a);
        const vb = field.sortValue(b);
        if (va === vb) continue;
        if (va === null) return 1;
        if (vb === null) return -1;
        const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
        if (c !== 0) return c * dir;
      }
      return Number(b.id) - Number(a.id);
    },
  };
}
