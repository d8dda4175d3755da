/**
 * Scrubs recorded exchanges before they are written (`npm run capture`): what identifies a person or unlocks an
 * account goes, what the connectors read to map a record (ids, keys, statuses, dates, structure) stays.
 *
 * - Credentials anywhere (URLs, bodies, any string): the connection's secret and client id, the values of request
 *   headers such as Authorization and apikey, JWTs, `Bearer …`/`Basic …` values, and values of keys such as
 *   `access_token`, `client_secret`, `password`, `apiKey` → `secret-N`, `client-N`, `token-N`.
 * - E-mail addresses anywhere → `email-N`.
 * - Free text in answers (names, summaries, descriptions, preconditions, step texts, comments, people) →
 *   `text-N`; a leading Jira issue key is kept (`SHOP-3 text-7`: qTest and QMetry find requirements by it), and
 *   folder paths keep their `/` (`/text-1/text-2`). Status catalogues, statuses, priorities and types are kept.
 *
 * The same value always becomes the same placeholder (in answers and in requests), so what the connector reads
 * from the scrubbed record still matches itself.
 */

const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const IS_JWT = /^eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*$/;
const AUTH_VALUE = /\b(Bearer|Basic)\s+([A-Za-z0-9._~+/=-]{8,})/gi;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** Keys whose values are credentials. */
const CREDENTIAL_KEY = /^(access_?token|refresh_?token|id_?token|token|client_?secret|password|passwd|secret|api_?key|apikey|api_?token|authorization)$/i;
const CREDENTIAL_QUERY = /token|secret|password|api_?key|signature|auth/i;
/** Keys whose string values are free text in the tools' answers. */
const FREE_TEXT_KEY = new RegExp(
  '^(name|summary|description|precondition|definition|action|data|result|expected|expectedOutcome|expectedResult|expected_result|' +
    'inputData|gherkin|unstructured|comment|comments|note|notes|title|text|displayName|display_name|tester|executedBy|assignee|' +
    'reporter|creator|owner|user_?name|first_?name|last_?name|full_?name|testSuiteName|cycleName|field_value|field_value_name|' +
    'folderPath|path)$',
  'i',
);
/** A free-text key, or a name of something (`currentProjectName`, `release_name`) that is not a catalogue value. */
function isFreeTextKey(key: string): boolean {
  if (FREE_TEXT_KEY.test(key) || PERSON_KEY.test(key)) return true;
  return /(?:[a-z]Name|_name|[a-z]Alias|_alias)$/.test(key) && !KEPT_CONTEXT.test(key) && !/^field_/.test(key);
}
/** Keys naming a person: who created, changed, ran or owns a record (numeric ids among them stay, as every number). */
const PERSON_KEY = /^(created|updated|modified|last_?modified|executed|assigned|owner|author|reporter|tester|submitted|run)_?(by|to)?_?(alias|name|user)?$/i;
/** Keys whose strings are paths of names. */
const PATH_KEY = /^(path|folderPath)$/i;
/** An ancestor key naming a catalogue value: its strings are kept. */
const KEPT_CONTEXT = /status|priority|type|kind|severity|environment|platform/i;
/** Keys that mark an object as an entry of a status catalogue (qTest, Xray, QMetry). */
const CATALOGUE_MARKER = ['is_default', 'isDefault', 'final', 'color', 'statusType', 'coverageStatus'];
/** qTest property fields whose values are catalogue values. */
const KEPT_PROPERTY = /status|priority|type|severity|automation|result/i;
const LEADING_KEY = /^([A-Z][A-Z0-9_]+-\d+)\b\s*(.*)$/s;
const NOT_TEXT = /^(\s*|-?\d+(\.\d+)?|\d{4}-\d{2}-\d{2}[T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?|\d{4}-\d{2}-\d{2}|https?:\/\/\S+|[A-Z][A-Z0-9_]+-\d+)$/;

export interface ScrubCounts {
  secrets: number;
  tokens: number;
  emails: number;
  texts: number;
}

export class Scrubber {
  private readonly map = new Map<string, string>();
  private readonly credentials = new Map<string, string>();
  /** The credentials longest first (a secret containing another is replaced whole); rebuilt when one is added. */
  private byLength: Array<[string, string]> | undefined;
  private readonly counters: Record<'secret' | 'client' | 'token' | 'email' | 'text', number> = { secret: 0, client: 0, token: 0, email: 0, text: 0 };

  /** `secrets` are replaced by `secret-N` anywhere; `identifiers` (an API key's client id) by `client-N`. */
  constructor(secrets: Iterable<string> = [], identifiers: Iterable<string> = []) {
    for (const s of identifiers) this.credential(s, 'client');
    for (const s of secrets) this.credential(s, IS_JWT.test(s.trim()) ? 'token' : 'secret');
  }

  get counts(): ScrubCounts {
    return { secrets: this.counters.secret + this.counters.client, tokens: this.counters.token, emails: this.counters.email, texts: this.counters.text };
  }

  /** Registers a credential value; answers its placeholder. */
  credential(value: string, kind: 'secret' | 'client' | 'token' = 'secret'): string {
    const v = value.trim();
    if (v.length < 4) return v;
    const known = this.credentials.get(v);
    if (known) return known;
    const placeholder = `${kind}-${++this.counters[kind]}`;
    this.credentials.set(v, placeholder);
    this.byLength = undefined;
    return placeholder;
  }

  /** The placeholder a value was given, if it was scrubbed. */
  placeholderOf(value: string): string | undefined {
    return this.credentials.get(value.trim()) ?? this.map.get(value);
  }

  /** Credentials and e-mails removed from any string. */
  string(value: string): string {
    if (this.credentials.has(value.trim())) return this.credentials.get(value.trim())!;
    let out = value;
    this.byLength ??= [...this.credentials].sort((a, b) => b[0].length - a[0].length);
    for (const [secret, placeholder] of this.byLength) {
      if (out.includes(secret)) out = out.split(secret).join(placeholder);
    }
    out = out.replace(JWT, (t) => this.credential(t, 'token'));
    out = out.replace(AUTH_VALUE, (_m, scheme: string, t: string) => `${scheme} ${/^(secret|client|token)-\d+$/.test(t) ? t : this.credential(t, 'token')}`);
    return out.replace(EMAIL, (e) => this.placeholder(e.toLowerCase(), 'email'));
  }

  /** Free text → `text-N` (the same text, the same placeholder), keeping a leading issue key; paths segment by segment. */
  text(value: string, key = ''): string {
    if (NOT_TEXT.test(value)) return value;
    if (PATH_KEY.test(key) && value.includes('/')) return value.split('/').map((seg) => (seg ? this.text(seg) : seg)).join('/');
    const lead = LEADING_KEY.exec(value);
    if (lead && lead[2]) return `${lead[1]} ${this.placeholder(lead[2], 'text')}`;
    return this.placeholder(value, 'text');
  }

  /** A URL with credentials in its query (or anywhere) replaced. */
  url(value: string): string {
    let u: URL;
    try {
      u = new URL(value);
    } catch {
      return this.string(value);
    }
    const entries = [...u.searchParams.entries()];
    const scrubbed = entries.map(([name, v]) => [name, CREDENTIAL_QUERY.test(name) ? this.credential(v) : this.requestValue(v)] as const);
    // Rebuilt (repeated names kept, in order) only when a value changed, so an untouched URL stays as sent.
    if (scrubbed.some(([, v], i) => v !== entries[i][1])) {
      const params = new URLSearchParams();
      for (const [name, v] of scrubbed) params.append(name, v);
      u.search = params.toString();
    }
    return this.string(u.toString());
  }

  /** A request value: credentials removed, and a value an answer's free text was scrubbed from given the same placeholder. */
  requestValue(value: string): string {
    return this.map.get(value) ?? this.string(value);
  }

  /** A request body: credential keys and strings scrubbed; free text that came from answers replaced the same way. */
  requestBody(body: unknown): unknown {
    return this.walk(body, [], (s, key) => (CREDENTIAL_KEY.test(key) ? this.credential(s) : /^client_?id$/i.test(key) ? this.credential(s, 'client') : this.requestValue(s)));
  }

  /** An answer's body: credentials, e-mails and free text scrubbed (a text body only of credentials and e-mails). */
  responseBody(body: unknown): unknown {
    if (typeof body === 'string') return this.string(body);
    return this.walk(body, [], (s, key, path, parent) => {
      if (CREDENTIAL_KEY.test(key)) return this.credential(s, /token/i.test(key) ? 'token' : 'secret');
      if (!isFreeTextKey(key) || this.kept(path, parent)) return this.string(s);
      return this.text(this.string(s), key);
    });
  }

  private kept(path: readonly string[], parent: Record<string, unknown> | undefined): boolean {
    if (path.slice(0, -1).some((k) => KEPT_CONTEXT.test(k))) return true;
    if (!parent) return false;
    if (CATALOGUE_MARKER.some((k) => k in parent)) return true;
    const field = parent.field_name;
    return typeof field === 'string' && KEPT_PROPERTY.test(field) && /^field_value/.test(path[path.length - 1] ?? '');
  }

  private placeholder(value: string, kind: 'email' | 'text'): string {
    const known = this.map.get(value);
    if (known) return known;
    const placeholder = `${kind}-${++this.counters[kind]}`;
    this.map.set(value, placeholder);
    return placeholder;
  }

  private walk(
    node: unknown,
    path: string[],
    leaf: (s: string, key: string, path: string[], parent: Record<string, unknown> | undefined) => string,
    parent?: Record<string, unknown>,
  ): unknown {
    if (typeof node === 'string') return leaf(node, path[path.length - 1] ?? '', path, parent);
    if (Array.isArray(node)) return node.map((x) => this.walk(x, path, leaf, parent));
    if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(obj)) out[k] = this.walk(v, [...path, k], leaf, obj);
      return out;
    }
    return node;
  }
}
