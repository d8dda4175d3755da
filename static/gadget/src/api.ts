/** The gadget's calls to its resolver. */
import type { GadgetConfig } from '../../../src/gadget/config';
import type { GadgetOptions, GadgetOptionsInput, GadgetReadinessView } from '../../../src/resolvers/gadget-contract';
import { call } from '../../shared/bridge';

export const gadgetApi = {
  readiness: (config: GadgetConfig) => call<GadgetReadinessView>('getGadgetReadiness', { ...config }),
  options: (input: GadgetOptionsInput) => call<GadgetOptions>('getGadgetOptions', { ...input }),
};
