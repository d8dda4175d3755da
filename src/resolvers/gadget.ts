/**
 * The readiness gadget's backend (`jira:dashboardGadget`): a project's version as the viewing user may see it, with
 * its trend, and what the gadget's edit mode offers. Everything is read as the user (Jira) or from the app's own
 * index and trend (storage); the configuration comes in the payload and is checked like any other input.
 */
import Resolver from '@forge/resolver';
import { gadgetOptions } from '../gadget/options';
import { gadgetReadiness } from '../gadget/view';
import { GadgetOptionsInput, GadgetReadinessInput } from './gadget-contract';
import { handled } from './guard';

const resolver = new Resolver();
resolver.define('getGadgetReadiness', handled((payload) => gadgetReadiness(GadgetReadinessInput.parse(payload ?? {}))));
resolver.define('getGadgetOptions', handled((payload) => gadgetOptions(GadgetOptionsInput.parse(payload ?? {}))));

export const gadgetHandler = resolver.getDefinitions();
