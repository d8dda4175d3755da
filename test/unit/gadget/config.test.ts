/**
 * The gadget's configuration as Jira hands it back: a gadget just added has none, fields Jira adds of its own are
 * ignored, and a project, version or environment the edit mode would never save is named, not guessed at; the
 * resolver's payload takes only what the edit mode saves.
 */
import { GadgetConfig, storedConfig } from '../../../src/gadget/config';

describe('a stored configuration', () => {
  it.each([undefined, null, {}, { project: '' }, { refresh: 15 }])('%j is a gadget not configured yet', (raw) => {
    expect(storedConfig(raw)).toEqual({ state: 'none' });
  });

  it('is the project, version and environment saved, whatever else Jira keeps beside them', () => {
    expect(storedConfig({ project: 'SHOP', version: '3.2', environment: 'staging', refresh: 15 })).toEqual({
      state: 'ok',
      config: { project: 'SHOP', version: '3.2', environment: 'staging' },
    });
    expect(storedConfig({ project: 'SHOP', version: '', environment: null })).toEqual({ state: 'ok', config: { project: 'SHOP' } });
  });

  it.each([
    [{ project: 'shop' }, 'project: must be a Jira project key such as SHOP'],
    [{ project: 'SHOP', version: 32 }, 'version'],
    [{ version: '3.2' }, 'project'],
    [{ project: 'SHOP', environment: 'x'.repeat(300) }, 'environment'],
    ['SHOP', 'the saved configuration is not an object'],
    [['SHOP'], 'the saved configuration is not an object'],
  ])('%j cannot be used, and says why', (raw, problem) => {
    const read = storedConfig(raw);
    expect(read.state).toBe('invalid');
    expect(read.state === 'invalid' && read.problem).toContain(problem);
  });
});

describe('the resolver’s payload', () => {
  it('takes a project, and optionally a version and an environment, trimmed', () => {
    expect(GadgetConfig.parse({ project: 'SHOP', version: ' 3.2 ', environment: 'production' })).toEqual({ project: 'SHOP', version: '3.2', environment: 'production' });
  });

  it.each([{ project: 'SHOP', colour: 'red' }, { project: 'SHOP', version: '' }, { project: 'SHOP', version: '   ' }, {}])('refuses %j', (payload) => {
    expect(GadgetConfig.safeParse(payload).success).toBe(false);
  });
});
