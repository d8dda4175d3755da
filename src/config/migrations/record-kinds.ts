/**
 * The kinds of records the app keeps in storage, and how a record written by an earlier release becomes one this
 * release reads. Each kind names itself, says which version of its shape this release writes, lists the
 * migrations that bring older records up to it (pure functions, version n to n + 1), and says what an unreadable
 * record of the kind means (`unreadable`).
 *
 * A record's version is its `v` field. A record without one is version 1: every record written before versions
 * existed, and every record of a kind still at version 1, which is written without it so that the release before
 * reads it as it always did. A record of a version above the kind's was written by a newer release (this one was
 * rolled back): it is never read as an older shape, nor written over with one.
 */
import type { z } from 'zod';

export type StoredObject = Record<string, unknown>;

/** Turns a record of version n into one of version n + 1. Pure: no storage, no clock. */
export type Migration = (record: StoredObject) => StoredObject;

/**
 * What a record that cannot be read (even after its migrations) means:
 * - `throw`: the read fails, naming the record and the field (settings an admin must see are wrong);
 * - `skip`: the read answers as if it were absent and the record stays where it is (history, audit, locks);
 * - `set-aside`: the record is moved to `quarantine:<key>` (or mended by the kind's `repair`) and the read answers
 *   without it; only for what the sync can rebuild.
 */
export type UnreadablePolicy = 'throw' | 'skip' | 'set-aside';

export interface RecordKindOptions {
  /** The version of the shape this release writes (default 1); `migrations` then holds version - 1 functions. */
  version?: number;
  migrations?: readonly Migration[];
  unreadable?: UnreadablePolicy;
  /**
   * For a `set-aside` kind: a record of the current shape made from what can still be read of a damaged one, or
   * undefined. The mended record is written in place of the damaged one; the damaged one is still kept aside.
   */
  repair?: (raw: unknown) => unknown;
  /** For a `set-aside` kind: what to do once a record was moved aside (e.g. have the sync read its item again). */
  afterSetAside?: (aside: { key: string; raw: unknown; now: Date }) => Promise<void>;
  /** For a `set-aside` kind: what happens next to a record set aside, or mended, as the run's warning says it. */
  consequence?: { setAside?: string; repaired?: string };
  /** A secret: never copied anywhere, never skipped silently (`unreadable` must be `throw`). */
  secret?: boolean;
}

export interface RecordKind<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
  version: number;
  migrations: readonly Migration[];
  unreadable: UnreadablePolicy;
  repair?: (raw: unknown) => unknown;
  afterSetAside?: (aside: { key: string; raw: unknown; now: Date }) => Promise<void>;
  consequence?: { setAside?: string; repaired?: string };
  secret: boolean;
}

/** The field that holds a record's version. The audit log's entries carried it (`v: 1`) before any other kind. */
export const VERSION_FIELD = 'v';

const declared = new WeakMap<z.ZodType, RecordKind>();
const undeclared = new WeakMap<z.ZodType, RecordKind>();
const byName = new Map<string, RecordKind>();

/**
 * Declares the schema as a kind of stored record and answers the schema itself, so declarations change in one
 * place and every read and write of the schema through the store follows the kind.
 */
export function storedRecord<S extends z.ZodType>(name: string, schema: S, options: RecordKindOptions = {}): S {
  const version = options.version ?? 1;
  const migrations = options.migrations ?? [];
  if (!Number.isInteger(version) || version < 1 || migrations.length !== version - 1) {
    throw new Error(`Record kind "${name}" is at version ${version} and must list ${Math.max(version - 1, 0)} migrations, not ${migrations.length}`);
  }
  const unreadable = options.unreadable ?? 'throw';
  if (options.secret && unreadable !== 'throw') throw new Error(`Record kind "${name}" holds a secret: an unreadable one must fail its read`);
  if ((options.repair || options.afterSetAside) && unreadable !== 'set-aside') throw new Error(`Record kind "${name}" repairs only what it sets aside`);
  if (declared.has(schema) || byName.has(name)) throw new Error(`Record kind "${name}" is declared twice`);
  const kind: RecordKind = {
    name,
    schema,
    version,
    migrations,
    unreadable,
    ...(options.repair ? { repair: options.repair } : {}),
    ...(options.afterSetAside ? { afterSetAside: options.afterSetAside } : {}),
    ...(options.consequence ? { consequence: options.consequence } : {}),
    secret: !!options.secret,
  };
  declared.set(schema, kind);
  byName.set(name, kind);
  return schema;
}

/** A declared kind by its name (for tools that read stored records whatever their module: fixtures, support). */
export function kindNamed(name: string): RecordKind | undefined {
  return byName.get(name);
}

/** The kind a schema was declared as; a schema never declared is a version-1 kind whose unreadable records fail the read. */
export function kindOf<S extends z.ZodType>(schema: S): RecordKind<S> {
  const kind = declared.get(schema) ?? undeclared.get(schema);
  if (kind) return kind as RecordKind<S>;
  const plain: RecordKind<S> = { name: 'record', schema, version: 1, migrations: [], unreadable: 'throw', secret: false };
  undeclared.set(schema, plain);
  return plain;
}

export interface Problem {
  /** The path of the field at fault (`property.status`), empty for the record as a whole. */
  field: string;
  message: string;
}

export type Upgrade<T> = { ok: true; value: T; from: number } | { ok: false; problems: Problem[]; newer?: number };

const isObject = (raw: unknown): raw is StoredObject => raw !== null && typeof raw === 'object' && !Array.isArray(raw);

/** The version a stored value says it is: 1 without a numeric `v`; undefined when `v` is a number but no version. */
export function versionOf(raw: unknown): number | undefined {
  const v = isObject(raw) ? raw[VERSION_FIELD] : undefined;
  if (typeof v !== 'number') return 1;
  return Number.isInteger(v) && v >= 1 ? v : undefined;
}

/** A stored value brought to the kind's current shape and validated, or what is wrong with it. */
export function upgrade<S extends z.ZodType>(kind: RecordKind<S>, raw: unknown): Upgrade<z.output<S>> {
  const version = versionOf(raw);
  if (version === undefined) return { ok: false, problems: [{ field: VERSION_FIELD, message: `is not a record version (${String((raw as StoredObject)[VERSION_FIELD])})` }] };
  if (version > kind.version) {
    return {
      ok: false,
      newer: version,
      problems: [{ field: VERSION_FIELD, message: `is ${version}: written by a newer release of TestSync (this release reads ${kind.name} records up to version ${kind.version})` }],
    };
  }
  let value = raw;
  for (let from = version; from < kind.version; from++) {
    if (!isObject(value)) return { ok: false, problems: [{ field: '', message: `a version ${from} record must be an object` }] };
    try {
      value = kind.migrations[from - 1]({ ...value });
    } catch (e) {
      return { ok: false, problems: [{ field: '', message: `could not be brought from version ${from} to ${from + 1}: ${e instanceof Error ? e.message : String(e)}` }] };
    }
  }
  // Past version 1 the version field is the store's, not the schema's.
  if (kind.version > 1 && isObject(value)) {
    const { [VERSION_FIELD]: _version, ...rest } = value;
    value = rest;
  }
  const parsed = kind.schema.safeParse(value);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message })) };
  return { ok: true, value: parsed.data, from: version };
}

/** A record as it is written: validated, with its version when the kind is past version 1. */
export function stamped<S extends z.ZodType>(kind: RecordKind<S>, value: z.output<S>): unknown {
  const parsed = kind.schema.parse(value);
  if (kind.version === 1) return parsed;
  if (!isObject(parsed)) throw new Error(`A ${kind.name} record past version 1 must be an object to carry its version`);
  return { ...parsed, [VERSION_FIELD]: kind.version };
}

/** Problems as one line: `property.status: Invalid option; links: expected array` (the first three). */
export function describeProblems(problems: Problem[]): string {
  const shown = problems.slice(0, 3).map((p) => (p.field ? `${p.field}: ${p.message}` : p.message));
  const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
  return `${shown.join('; ')}${more}`;
}
