/**
 * Recursive-descent JQL parser:
 *   query   := or? (ORDER BY sort (',' sort)*)? EOF
 *   or      := and (OR and)*
 *   and     := not (AND not)*
 *   not     := NOT not | '(' or ')' | clause
 *   clause  := field operator operand
 *   operand := value | '(' value (',' value)* ')' | EMPTY | NULL
 */
import { JqlSyntaxError, tokenize, where, type Token } from './lexer';

export type FieldRef =
  | { kind: 'field'; name: string; pos: number }
  | { kind: 'property'; key: string; path: string; pos: number; text: string };

export type Operator = '=' | '!=' | '~' | '!~' | '<' | '>' | '<=' | '>=' | 'in' | 'not in' | 'is' | 'is not';

export type Operand =
  | { kind: 'value'; value: string; quoted: boolean; pos: number }
  | { kind: 'list'; values: Array<{ value: string; quoted: boolean; pos: number }>; pos: number }
  | { kind: 'empty'; pos: number };

export type JqlNode =
  | { kind: 'and'; children: JqlNode[] }
  | { kind: 'or'; children: JqlNode[] }
  | { kind: 'not'; child: JqlNode }
  | { kind: 'clause'; field: FieldRef; operator: Operator; operand: Operand };

export interface SortItem {
  field: FieldRef;
  direction: 'asc' | 'desc';
}

export interface JqlQuery {
  where: JqlNode | null;
  orderBy: SortItem[];
}

/** Functions real Jira provides; the simulator evaluates none of them. */
const JIRA_FUNCTIONS = new Set(
  [
    'currentUser', 'currentLogin', 'lastLogin', 'now', 'startOfDay', 'endOfDay', 'startOfWeek', 'endOfWeek',
    'startOfMonth', 'endOfMonth', 'startOfYear', 'endOfYear', 'membersOf', 'issueHistory', 'linkedIssues',
    'openSprints', 'closedSprints', 'futureSprints', 'updatedBy', 'watchedIssues', 'votedIssues',
    'projectsWhereUserHasPermission', 'projectsWhereUserHasRole', 'issuesWithRemoteLinksByGlobalId',
    'standardIssueTypes', 'subtaskIssueTypes', 'releasedVersions', 'unreleasedVersions',
    'latestReleasedVersion', 'earliestUnreleasedVersion', 'componentsLeadByUser', 'projectsLeadByUser',
    'cascadeOption', 'parentEpic',
  ].map((f) => f.toLowerCase()),
);

/** A real JQL function the simulator does not evaluate. */
export class JqlFunctionError extends Error {
  constructor(readonly functionName: string) {
    super(`The Jira simulator does not support the JQL function '${functionName}()'.`);
  }
}

const RESERVED = new Set(['AND', 'OR', 'NOT', 'IN', 'IS', 'EMPTY', 'NULL', 'ORDER', 'BY', 'ASC', 'DESC']);
const OPERATORS_MESSAGE =
  "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.";

function describe(t: Token): string {
  return t.kind === 'eof' ? 'the end of the query' : `'${t.kind === 'string' ? `"${t.text}"` : t.text}'`;
}

function upper(t: Token): string {
  return t.kind === 'word' ? t.text.toUpperCase() : '';
}

class Parser {
  private i = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    return this.tokens[Math.min(this.i++, this.tokens.length - 1)];
  }

  private fail(message: string, t: Token): never {
    const at = t.kind === 'eof' ? '' : ` ${where(t.pos)}`;
    throw new JqlSyntaxError(`Error in the JQL Query: ${message}${at}`);
  }

  private isKeyword(word: string, offset = 0): boolean {
    return upper(this.peek(offset)) === word;
  }

  parseQuery(): JqlQuery {
    let whereNode: JqlNode | null = null;
    if (!this.isKeyword('ORDER') && this.peek().kind !== 'eof') whereNode = this.parseOr();
    const orderBy: SortItem[] = [];
    if (this.isKeyword('ORDER')) {
      this.next();
      if (!this.isKeyword('BY')) this.fail(`Expecting 'by' but got ${describe(this.peek())}.`, this.peek());
      this.next();
      do {
        if (orderBy.length > 0) this.next();
        const field = this.parseField();
        let direction: 'asc' | 'desc' = 'asc';
        if (this.isKeyword('ASC') || this.isKeyword('DESC')) direction = this.next().text.toLowerCase() as 'asc' | 'desc';
        orderBy.push({ field, direction });
      } while (this.peek().kind === 'comma');
    }
    const t = this.peek();
    if (t.kind !== 'eof') {
      if (whereNode && orderBy.length === 0) this.fail(`Expecting either 'OR' or 'AND' but got ${describe(t)}.`, t);
      this.fail(`Expecting ',' but got ${describe(t)}.`, t);
    }
    return { where: whereNode, orderBy };
  }

  private parseOr(): JqlNode {
    const children = [this.parseAnd()];
    while (this.isKeyword('OR')) {
      this.next();
      children.push(this.parseAnd());
    }
    return children.length === 1 ? children[0] : { kind: 'or', children };
  }

  private parseAnd(): JqlNode {
    const children = [this.parseNot()];
    while (this.isKeyword('AND')) {
      this.next();
      children.push(this.parseNot());
    }
    return children.length === 1 ? children[0] : { kind: 'and', children };
  }

  private parseNot(): JqlNode {
    if (this.isKeyword('NOT')) {
      this.next();
      return { kind: 'not', child: this.parseNot() };
    }
    if (this.peek().kind === 'lparen') {
      this.next();
      const inner = this.parseOr();
      const close = this.next();
      if (close.kind !== 'rparen') this.fail(`Expecting ')' but got ${describe(close)}.`, close);
      return inner;
    }
    return this.parseClause();
  }

  private parseField(): FieldRef {
    const t = this.next();
    if (t.kind === 'property' && t.property) {
      return { kind: 'property', key: t.property.key, path: t.property.path, pos: t.pos, text: t.text };
    }
    if ((t.kind === 'word' && !RESERVED.has(t.text.toUpperCase())) || t.kind === 'string') {
      return { kind: 'field', name: t.text, pos: t.pos };
    }
    return this.fail(`Expecting a field name but got ${describe(t)}.`, t);
  }

  private parseOperator(): Operator {
    const t = this.next();
    if (t.kind === 'op') return t.text as Operator;
    const word = upper(t);
    if (word === 'IN') return 'in';
    if (word === 'IS') {
      if (this.isKeyword('NOT')) {
        this.next();
        return 'is not';
      }
      return 'is';
    }
    if (word === 'NOT' && this.isKeyword('IN')) {
      this.next();
      return 'not in';
    }
    return this.fail(`Expecting operator but got ${describe(t)}. ${OPERATORS_MESSAGE}`, t);
  }

  private parseValue(): { value: string; quoted: boolean; pos: number } {
    const t = this.next();
    if (t.kind === 'string') return { value: t.text, quoted: true, pos: t.pos };
    if (t.kind === 'word' && !RESERVED.has(t.text.toUpperCase())) {
      if (this.peek().kind === 'lparen') {
        if (JIRA_FUNCTIONS.has(t.text.toLowerCase())) throw new JqlFunctionError(t.text);
        throw new JqlSyntaxError(`Unable to find JQL function '${t.text}()'.`);
      }
      return { value: t.text, quoted: false, pos: t.pos };
    }
    const hint = t.kind === 'word' ? ` You must surround '${t.text}' in quotation marks to use it as a value.` : '';
    return this.fail(`Expecting either a value, list or function but got ${describe(t)}.${hint}`, t);
  }

  private parseOperand(operator: Operator): Operand {
    const t = this.peek();
    if (operator === 'is' || operator === 'is not') {
      if (this.isKeyword('EMPTY') || this.isKeyword('NULL')) {
        this.next();
        return { kind: 'empty', pos: t.pos };
      }
      return this.fail(`Expecting 'EMPTY' or 'NULL' but got ${describe(t)}.`, t);
    }
    if (this.isKeyword('EMPTY') || this.isKeyword('NULL')) {
      this.next();
      return { kind: 'empty', pos: t.pos };
    }
    if (t.kind === 'lparen') {
      this.next();
      const values = [this.parseValue()];
      while (this.peek().kind === 'comma') {
        this.next();
        values.push(this.parseValue());
      }
      const close = this.next();
      if (close.kind !== 'rparen') this.fail(`Expecting ')' but got ${describe(close)}.`, close);
      return { kind: 'list', values, pos: t.pos };
    }
    return { kind: 'value', ...this.parseValue() };
  }

  private parseClause(): JqlNode {
    const field = this.parseField();
    const operator = this.parseOperator();
    const operand = this.parseOperand(operator);
    const isList = operator === 'in' || operator === 'not in';
    if (isList && operand.kind !== 'list') {
      this.fail(`Expecting '(' but got ${describe({ kind: 'word', text: operand.kind === 'value' ? operand.value : 'EMPTY', pos: operand.pos })}.`, {
        kind: 'word',
        text: '',
        pos: operand.pos,
      });
    }
    if (!isList && operand.kind === 'list') {
      throw new JqlSyntaxError(
        `The operator '${operator}' does not support the list value for field '${field.kind === 'field' ? field.name : field.text}'.`,
      );
    }
    return { kind: 'clause', field, operator, operand };
  }
}

/** Parses JQL; throws JqlSyntaxError with Jira's messages. */
export function parseJql(jql: string): JqlQuery {
  return new Parser(tokenize(jql)).parseQuery();
}
