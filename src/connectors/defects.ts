/**
 * Defects linked to a run in its tool, as the connectors carry them on `TestRun.defects`: the Jira issues they name.
 *
 * qTest and QMetry name a Jira issue by its key (`SHOP-13`); Xray Cloud names it by its Jira issue id (`10042`, the
 * schema's `addDefectsToTestRun` answers "Ids of the added Defects"). Either is kept as the tool gave it: a key is
 * shown as is, an id is named by Jira when the issue is shown (both are what Jira's bulkfetch and JQL `issue in`
 * take). Anything else (a tool's own defect, `SHOPQA-IS-3`, a URL, an empty value) is no Jira issue of this site: it
 * is left out and said why, so a sync run can report it. A run keeps at most DEFECTS_PER_RUN of them: its entry
 * travels in the test's issue property, whose size Jira bounds.
 */
import type { UnreadableRecord } from '../domain/model';

/** Defects kept per run (the rest are reported left out). */
export const DEFECTS_PER_RUN = 10;

/** A Jira issue key: a project key (a letter, then letters, digits or `_`) and the issue's number. */
export const JIRA_ISSUE_KEY = /^[A-Z][A-Z0-9_]{0,254}-[1-9]\d{0,17}$/;
/** A Jira issue id. */
export const JIRA_ISSUE_ID = /^[1-9]\d{0,17}$/;

export type DefectForm = 'key' | 'id';

/** Where the values were read, to name them when one is left out. */
export interface DefectSource {
  /** The run (`TestRun.externalId`). */
  externalId: string;
  endpoint: string;
  /** The field holding the list, e.g. `items[3].defects`. */
  field: string;
  /** What the tool calls it: "qTest", "Xray", "QMetry". */
  tool: string;
  /** Where value `i` sat, when not at `field[i]` (values picked out of larger records). */
  fieldOf?: (i: number) => string;
}

export interface DefectRefs {
  /** Jira issue keys or ids, each once, in the tool's order. */
  refs: string[];
  /** One per value left out, saying why. */
  dropped: UnreadableRecord[];
}

const described = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 59)}…` : value);
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
};

/**
 * The Jira issues among a run's defect values: the `accept`ed forms (a key, an id), trimmed, each once; the others
 * left out with why. `values` are read one by one, so one odd value never costs the others.
 */
export function defectRefs(values: readonly unknown[], accept: readonly DefectForm[], source: DefectSource): DefectRefs {
  const refs: string[] = [];
  const dropped: UnreadableRecord[] = [];
  const drop = (i: number, message: string) =>
    dropped.push({ externalId: source.externalId, endpoint: source.endpoint, field: source.fieldOf?.(i) ?? `${source.field}[${i}]`, message });
  const wanted = accept.map((f) => (f === 'key' ? 'a Jira issue key (e.g. SHOP-13)' : 'a Jira issue id')).join(' or ');
  values.forEach((raw, i) => {
    const value = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
    const isKey = value !== undefined && JIRA_ISSUE_KEY.test(value);
    const isId = value !== undefined && JIRA_ISSUE_ID.test(value);
    if (!((isKey && accept.includes('key')) || (isId && accept.includes('id')))) {
      return drop(i, `is ${described(raw)}, not ${wanted}: a ${source.tool} defect that is no Jira issue is left out`);
    }
    if (refs.includes(value!)) return;
    if (refs.length >= DEFECTS_PER_RUN) return drop(i, `is ${value}, beyond the ${DEFECTS_PER_RUN} defects kept per run: left out`);
    refs.push(value!);
  });
  return { refs, dropped };
}
