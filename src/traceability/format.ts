/**
 * How the traceability index is stored: compact, because a page open reads a whole project of it (2,000
 * requirements × 10,000 tests is about 0.5 MB, some 60 of Forge's 10 KB storage units).
 *
 * A chunk holds the requirements of one bucket of issue numbers (see buckets in store.ts):
 *   { v: 1, cx: [["3.2"], ["3.2","staging"], ...], r: { "SHOP-1": { t: "Story", x: [[key, tool, id, results], ...] } } }
 * - `cx` lists the contexts the chunk's tests ran in: a version alone (over every environment) or a version and an
 *   environment; tests refer to them by position.
 * - a test is a tuple: its issue key, its tool (`q` qTest, `x` Xray, `m` QMetry), the id the tool shows ('' when it is
 *   the issue key), and its results as a status letter and the base-36 position of the context, e.g. `F0F1P2`
 *   (`!` alone for a case deleted in its tool); then, only for a test whose tool links defects to its latest runs,
 *   those defects by context: the context's position and the references (keys, or Xray's issue ids), e.g.
 *   `0:OPS-1,10060;2:OPS-1`.
 * A requirement with more tests than one value holds is spread over several parts of its bucket.
 *
 * Versions: a part holding no test with defects is written as version 1, as before defects were indexed, so the
 * release before reads it; a part holding some is version 2 (that release, not knowing it, rebuilds it from the
 * coverage, as it does any value it cannot read). Version 1 parts read as tests without defects.
 */
import { z } from 'zod';
import type { CanonicalStatus, Tool } from '../domain/model';
import { contextId, contextOf, type TraceRequirement, type TraceTest } from './model';

const STATUS_LETTER: Record<CanonicalStatus, string> = { PASS: 'P', FAIL: 'F', BLOCKED: 'B', SKIP: 'S', NOT_RUN: 'N', IN_PROGRESS: 'I' };
const LETTER_STATUS = Object.fromEntries(Object.entries(STATUS_LETTER).map(([s, l]) => [l, s])) as Record<string, CanonicalStatus>;
const TOOL_CODE: Record<Tool, 'q' | 'x' | 'm'> = { qtest: 'q', xray: 'x', qmetry: 'm' };
const CODE_TOOL = { q: 'qtest', x: 'xray', m: 'qmetry' } as const satisfies Record<string, Tool>;
const DELETED = '!';

/** A defect reference as stored: an issue key or an issue id (anything else a tool names is left out). */
const DEFECT_REF = /^[A-Za-z0-9_-]{1,100}$/;
const REFS = '[A-Za-z0-9_-]+(?:,[A-Za-z0-9_-]+)*';
const DEFECTS = new RegExp(`^[0-9a-z]+:${REFS}(?:;[0-9a-z]+:${REFS})*$`);

const StoredTest = z.tuple([
  z.string().max(300),
  z.enum(['q', 'x', 'm']),
  z.string().max(300),
  z.string().regex(/^(!|([PFBSNI][0-9a-z]+)*)$/),
  z.string().max(20_000).regex(DEFECTS).optional(),
]);
const StoredRequirement = z.object({ t: z.string().max(255).optional(), x: z.array(StoredTest) });
const StoredContext = z.union([z.tuple([z.string()]), z.tuple([z.string(), z.string()])]);

export const StoredChunk = z.object({
  /** 1: no test of the part has defects; 2: some have (see above). */
  v: z.union([z.literal(1), z.literal(2)]),
  /** How many parts the bucket was written in (all of one write share its generation, in their keys). */
  n: z.number().int().min(1).max(999),
  cx: z.array(StoredContext),
  r: z.record(z.string(), StoredRequirement),
});
export type StoredChunk = z.infer<typeof StoredChunk>;

/** The requirements of a chunk, or undefined when a test names a context the chunk does not list (damaged). */
export function decodeChunk(chunk: Pick<StoredChunk, 'cx' | 'r'>): Map<string, TraceRequirement> | undefined {
  const contexts = chunk.cx.map(([version, environment]) => contextId(version, environment));
  const out = new Map<string, TraceRequirement>();
  for (const [key, stored] of Object.entries(chunk.r)) {
    const tests: TraceTest[] = [];
    for (const [issueKey, code, displayId, results, defects] of stored.x) {
      const test: TraceTest = { issueKey, tool: CODE_TOOL[code], displayId: displayId || issueKey, results: {} };
      if (results === DELETED) test.deletedInSource = true;
      else {
        for (const [, letter, position] of results.matchAll(/([PFBSNI])([0-9a-z]+)/g)) {
          const context = contexts[parseInt(position, 36)];
          if (context === undefined) return undefined;
          test.results[context] = LETTER_STATUS[letter];
        }
      }
      if (defects) {
        test.defects = {};
        for (const group of defects.split(';')) {
          const [position, refs] = group.split(':');
          const context = contexts[parseInt(position, 36)];
          if (context === undefined) return undefined;
          test.defects[context] = refs.split(',');
        }
      }
      tests.push(test);
    }
    out.set(key, { ...(stored.t ? { type: stored.t } : {}), tests });
  }
  return out;
}

/** The largest stored value Forge takes is 240 KiB; a part stays well under it (UTF-8 bytes of its JSON). */
export const PART_BYTES = 200_000;

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** The defects of a test worth storing: valid references, by context, none for a case deleted in its tool. */
function storedDefects(test: TraceTest): [string, string[]][] {
  if (test.deletedInSource || !test.defects) return [];
  return Object.entries(test.defects)
    .map(([context, refs]): [string, string[]] => [context, refs.filter((r) => DEFECT_REF.test(r))])
    .filter(([, refs]) => refs.length > 0);
}

class PartBuilder {
  readonly contexts = new Map<string, number>();
  readonly r: StoredChunk['r'] = {};
  size = bytes({ v: 1, n: 999, cx: [], r: {} });
  private withDefects = false;

  /** What adding this test costs, with the contexts it would add to the part. */
  cost(key: string, type: string | undefined, test: TraceTest): number {
    let n = this.r[key] ? 0 : bytes(key) + (type ? bytes(type) + 6 : 0) + 10;
    n += bytes([test.issueKey, 'q', test.displayId === test.issueKey ? '' : test.displayId]) + 1;
    const added = new Set<string>();
    const position = (context: string) => {
      if (!this.contexts.has(context) && !added.has(context)) {
        added.add(context);
        n += bytes(contextOf(context)) + 1;
      }
      return (this.contexts.size + added.size).toString(36).length;
    };
    for (const [context] of Object.entries(test.results)) n += 3 + position(context);
    const defects = storedDefects(test);
    if (defects.length > 0) n += 3;
    for (const [context, refs] of defects) n += 2 + position(context) + refs.reduce((sum, r) => sum + r.length + 1, 0);
    return n;
  }

  add(key: string, type: string | undefined, test?: TraceTest): void {
    const entry = (this.r[key] ??= { ...(type ? { t: type } : {}), x: [] });
    if (!test) return;
    const position = (context: string) => {
      if (!this.contexts.has(context)) this.contexts.set(context, this.contexts.size);
      return this.contexts.get(context)!.toString(36);
    };
    let results = '';
    if (test.deletedInSource) results = DELETED;
    else for (const [context, status] of Object.entries(test.results)) results += `${STATUS_LETTER[status]}${position(context)}`;
    const defects = storedDefects(test).map(([context, refs]) => `${position(context)}:${refs.join(',')}`);
    const tuple: StoredChunk['r'][string]['x'][number] = [test.issueKey, TOOL_CODE[test.tool], test.displayId === test.issueKey ? '' : test.displayId, results];
    if (defects.length > 0) {
      tuple.push(defects.join(';'));
      this.withDefects = true;
    }
    entry.x.push(tuple);
  }

  build(): EncodedPart {
    const cx = [...this.contexts.keys()].map((id) => {
      const { version, environment } = contextOf(id);
      return (environment === undefined ? [version] : [version, environment]) as [string] | [string, string];
    });
    return { v: this.withDefects ? 2 : 1, cx, r: this.r };
  }
}

/** A part as encoded, before the writer adds how many parts there are. */
export type EncodedPart = Omit<StoredChunk, 'n'>;

/** The values a bucket's requirements are stored in: as few parts as fit, each under PART_BYTES. */
export function encodeParts(requirements: Map<string, TraceRequirement>, maxBytes = PART_BYTES): EncodedPart[] {
  const parts: EncodedPart[] = [];
  let part = new PartBuilder();
  const keys = [...requirements.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  for (const key of keys) {
    const req = requirements.get(key)!;
    if (req.tests.length === 0) {
      const cost = bytes(key) + (req.type ? bytes(req.type) + 6 : 0) + 10;
      if (part.size + cost > maxBytes && Object.keys(part.r).length > 0) {
        parts.push(part.build());
        part = new PartBuilder();
      }
      part.add(key, req.type);
      part.size += cost;
      continue;
    }
    for (const test of req.tests) {
      let cost = part.cost(key, req.type, test);
      if (part.size + cost > maxBytes && Object.keys(part.r).length > 0) {
        parts.push(part.build());
        part = new PartBuilder();
        cost = part.cost(key, req.type, test);
      }
      part.add(key, req.type, test);
      part.size += cost;
    }
  }
  if (Object.keys(part.r).length > 0 || parts.length === 0) parts.push(part.build());
  for (const p of parts) if (bytes({ ...p, n: 999 }) > maxBytes) throw new Error(`A traceability chunk came out at ${bytes(p)} bytes, over ${maxBytes}`);
  return parts;
}

/** The requirements of a bucket's parts together (a requirement spread over parts is joined again). */
export function joinParts(parts: Map<string, TraceRequirement>[]): Map<string, TraceRequirement> {
  const out = new Map<string, TraceRequirement>();
  for (const part of parts) {
    for (const [key, req] of part) {
      const held = out.get(key);
      const type = held?.type ?? req.type;
      out.set(key, held ? { ...(type ? { type } : {}), tests: [...held.tests, ...req.tests] } : req);
    }
  }
  return out;
}
