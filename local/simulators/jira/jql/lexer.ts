/** JQL tokenizer. Positions are 1-based characters on line 1, as in Jira's error messages. */

export type TokenKind = 'word' | 'string' | 'property' | 'op' | 'lparen' | 'rparen' | 'comma' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text for words/operators; unescaped contents for strings. */
  text: string;
  /** For `issue.property[key].path` tokens. */
  property?: { key: string; path: string };
  pos: number;
}

export class JqlSyntaxError extends Error {}

const OPERATOR_RE = /^(!=|!~|<=|>=|=|~|<|>)/;
const PROPERTY_RE = /^issue\.property\[([^\]]*)\]((?:\.[^\s=!~<>(),"'.]+)*)/i;
const WORD_RE = /^[^\s=!~<>(),"']+/;

export function where(pos: number): string {
  return `(line 1, character ${pos})`;
}

export function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const ch = jql[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const pos = i + 1;
    const rest = jql.slice(i);
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : 'comma', text: ch, pos });
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      let value = '';
      while (j < jql.length && jql[j] !== ch) {
        if (jql[j] === '\\' && j + 1 < jql.length) {
          const next = jql[j + 1];
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          j += 2;
        } else {
          value += jql[j++];
        }
      }
      if (j >= jql.length) {
        throw new JqlSyntaxError(
          `Error in the JQL Query: The quoted string '${value}' has not been completed. ${where(pos)}`,
        );
      }
      tokens.push({ kind: 'string', text: value, pos });
      i = j + 1;
      continue;
    }
    if (rest.startsWith('&&') || rest.startsWith('||')) {
      tokens.push({ kind: 'word', text: rest.startsWith('&&') ? 'AND' : 'OR', pos });
      i += 2;
      continue;
    }
    const op = OPERATOR_RE.exec(rest);
    if (op) {
      tokens.push({ kind: 'op', text: op[1], pos });
      i += op[1].length;
      continue;
    }
    if (ch === '!') {
      tokens.push({ kind: 'word', text: 'NOT', pos });
      i++;
      continue;
    }
    const prop = PROPERTY_RE.exec(rest);
    if (prop) {
      tokens.push({ kind: 'property', text: prop[0], property: { key: prop[1], path: prop[2].replace(/^\./, '') }, pos });
      i += prop[0].length;
      continue;
    }
    const word = WORD_RE.exec(rest);
    if (word) {
      tokens.push({ kind: 'word', text: word[0], pos });
      i += word[0].length;
      continue;
    }
    throw new JqlSyntaxError(`Error in the JQL Query: The character '${ch}' is a reserved JQL character. ${where(pos)}`);
  }
  tokens.push({ kind: 'eof', text: '', pos: jql.length + 1 });
  return tokens;
}
