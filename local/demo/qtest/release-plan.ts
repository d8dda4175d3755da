/**
 * The demo release as every tool's demo data plays it (qTest here; Xray and QMetry import it), so that a story's
 * readiness in its fix version reads the same whichever tools cover it. Jira's demo seed gives SHOP-1..SHOP-6 the fix
 * version 3.2 and SHOP-7..SHOP-12 the fix version 3.1; the tools name their versions alike.
 *
 * - RELEASE_STORY (SHOP-1): every run of a covering test passed, in every version and environment, but one qTest test
 *   that failed in 3.2/staging (local/demo/qtest/generate.ts): FAIL in 3.2 and 3.2/staging, PASS in 3.2/production
 *   and in 3.1.
 * - The stories of STORY_OUTCOMES read, in their fix version: PASS (every covering test passed there), BLOCKED (one
 *   covering test per tool blocked, the others passed) or PARTIAL (one covering test per tool not run, the others
 *   passed).
 * - The other stories keep the results drawn at random (failures, blocked, not run, in progress): mostly FAIL.
 * A test covering several stories passes when one of them must pass; the test that carries a story's blocked or
 * not-run result is one that covers no story that must pass.
 */

export const RELEASE_STORY = 'SHOP-1';

/** Jira's fix version of a demo story (local/simulators/jira/seed.ts). */
export const fixVersionOf = (story: string): string => (Number(story.replace(/^SHOP-/, '')) <= 6 ? '3.2' : '3.1');

export type StoryOutcome = 'pass' | 'blocked' | 'partial';

export const STORY_OUTCOMES: Readonly<Record<string, StoryOutcome>> = {
  'SHOP-3': 'blocked',
  'SHOP-4': 'partial',
  'SHOP-6': 'pass',
  'SHOP-7': 'pass',
  'SHOP-9': 'pass',
  'SHOP-11': 'blocked',
};

/**
 * Whether a test covering `stories` runs in every cycle of `version`: a test of RELEASE_STORY in every version, a
 * test of a story of STORY_OUTCOMES in its fix version (so that each of them has a result in each environment there).
 */
export const runsThroughout = (stories: readonly string[], version: string | undefined): boolean =>
  stories.some((s) => s === RELEASE_STORY || (STORY_OUTCOMES[s] !== undefined && fixVersionOf(s) === version));

/** What a run must be instead of its drawn result. */
export type PlannedResult = 'pass' | 'blocked' | 'not-run';

const mustPass = (story: string) => story === RELEASE_STORY || STORY_OUTCOMES[story] === 'pass';

/**
 * A tool's plan: for each blocked or partial story, the test (by the tool's id) that carries its result, the first of
 * `tests` (in the tool's order) covering it and no story that must pass.
 */
export function releasePlan(tests: ReadonlyArray<{ id: string; stories: readonly string[] }>) {
  const carrier = new Map<string, string>();
  for (const t of tests) {
    if (t.stories.some(mustPass)) continue;
    for (const s of t.stories) if (STORY_OUTCOMES[s] && STORY_OUTCOMES[s] !== 'pass' && !carrier.has(s)) carrier.set(s, t.id);
  }
  return {
    /**
     * The result a run of test `id` covering `stories` must have in `version` (undefined: none, it keeps its drawn
     * result): a test of RELEASE_STORY passes in every version; otherwise only the stories whose fix version is
     * `version` count.
     */
    resultOf(id: string, stories: readonly string[], version: string | undefined): PlannedResult | undefined {
      if (stories.includes(RELEASE_STORY)) return 'pass';
      const here = stories.filter((s) => version !== undefined && fixVersionOf(s) === version && STORY_OUTCOMES[s]);
      if (here.length === 0) return undefined;
      if (here.some(mustPass)) return 'pass';
      if (here.some((s) => STORY_OUTCOMES[s] === 'blocked' && carrier.get(s) === id)) return 'blocked';
      if (here.some((s) => STORY_OUTCOMES[s] === 'partial' && carrier.get(s) === id)) return 'not-run';
      return 'pass';
    },
  };
}
