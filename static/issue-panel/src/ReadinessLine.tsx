/**
 * The story's readiness in the version (and environment) the list is showing: the answer to "is this ready for
 * 3.2?", counted by the same rules as the traceability page, the gadget and JQL's testsyncReadiness (the summary
 * below it says how it was counted).
 */
import type { PanelReadiness } from '../../../src/resolvers/contract';
import { contextWords, READINESS_TONE } from '../../shared/readiness';

export function ReadinessLine({ readiness }: { readiness: PanelReadiness }) {
  return (
    <section className="tsp-readiness" aria-label="Readiness" data-testid="readiness">
      <p>
        <span className="tsp-lozenge" data-tone={READINESS_TONE[readiness.status]} data-readiness={readiness.status}>
          {readiness.label}
        </span>{' '}
        <span>in {contextWords(readiness.version, readiness.environment)}</span>
      </p>
    </section>
  );
}
