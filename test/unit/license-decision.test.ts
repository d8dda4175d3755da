/**
 * The licence decision: an active licence works, a licence that says it is not active does not, and no licence
 * data (free apps, development and staging installs) works as licensed; `active` wins over the older `isActive`;
 * triggers and consumers read the licence from their context argument, else from getAppContext().
 */
import { invocationLicence, licenceStateOf, mayWork } from '../../src/platform/license';
import { licenseModeFromEnv, licenseModeOf, licenseObject } from '../../local/runtime/context';

const g = globalThis as { __forge_runtime__?: unknown };

function withRuntimeLicence<T>(license: unknown, fn: () => T): T {
  const before = Object.getOwnPropertyDescriptor(globalThis, '__forge_runtime__');
  Object.defineProperty(globalThis, '__forge_runtime__', {
    configurable: true,
    value: { appContext: { appId: 'a', environmentId: 'e', installationId: 'i', license }, lambdaContext: { getRemainingTimeInMillis: () => 1000 } },
  });
  try {
    return fn();
  } finally {
    if (before) Object.defineProperty(globalThis, '__forge_runtime__', before);
    else delete g.__forge_runtime__;
  }
}

describe('licence decision', () => {
  it('works with an active licence, whichever flag carries it, trials included', () => {
    for (const license of [{ active: true }, { isActive: true }, { active: true, isActive: true, isEvaluation: true, type: 'COMMERCIAL' }]) {
      expect(licenceStateOf(license)).toBe('active');
      expect(mayWork(licenceStateOf(license))).toBe(true);
    }
  });

  it('stops with a licence that says it is not active; `active` wins over the deprecated `isActive`', () => {
    for (const license of [{ active: false }, { isActive: false }, { active: false, isActive: true }, { active: false, subscriptionEndDate: '2026-01-01T00:00:00.000Z' }]) {
      expect(licenceStateOf(license)).toBe('inactive');
      expect(mayWork(licenceStateOf(license))).toBe(false);
    }
    expect(licenceStateOf({ active: true, isActive: false })).toBe('active');
  });

  it('works as licensed with no licence data: a free app, a development or staging install', () => {
    for (const license of [undefined, null, {}, { type: null }, { active: 'false' }, 'inactive', 0]) {
      expect(licenceStateOf(license)).toBe('none');
      expect(mayWork(licenceStateOf(license))).toBe(true);
    }
  });

  it("reads a trigger's or consumer's licence from its context argument first, else from getAppContext()", () => {
    expect(invocationLicence({ license: { active: false } })).toBe('inactive');
    expect(invocationLicence({ installContext: 'ari', license: { isActive: true } })).toBe('active');
    withRuntimeLicence({ active: false }, () => {
      expect(invocationLicence(undefined)).toBe('inactive');
      expect(invocationLicence({ installContext: 'ari' })).toBe('inactive');
      // The handler's own context, when it has a licence, is the one read.
      expect(invocationLicence({ license: { active: true } })).toBe('active');
      expect(invocationLicence({ license: null })).toBe('none');
    });
    withRuntimeLicence(undefined, () => expect(invocationLicence({})).toBe('none'));
    // Outside any Forge runtime there is no licence data.
    expect(g.__forge_runtime__).toBeUndefined();
    expect(invocationLicence()).toBe('none');
  });
});

describe('the local runtime\'s licence', () => {
  it('comes from TESTSYNC_LOCAL_LICENSE, active when unset, and refuses anything else', () => {
    expect(licenseModeFromEnv({})).toBe('active');
    expect(licenseModeFromEnv({ TESTSYNC_LOCAL_LICENSE: ' Inactive ' })).toBe('inactive');
    expect(licenseModeFromEnv({ TESTSYNC_LOCAL_LICENSE: 'none' })).toBe('none');
    expect(() => licenseModeFromEnv({ TESTSYNC_LOCAL_LICENSE: 'expired' })).toThrow(/active, inactive, none/);
  });

  it('passes the licence object Forge would, and none for a free or development install', () => {
    expect(licenceStateOf(licenseObject('active'))).toBe('active');
    expect(licenceStateOf(licenseObject('inactive'))).toBe('inactive');
    expect(licenseObject('none')).toBeUndefined();
    // A page context holds the object, or null for none; without the key the runtime's licence applies.
    expect(licenseModeOf(licenseObject('inactive'))).toBe('inactive');
    expect(licenseModeOf(null)).toBe('none');
    expect(licenseModeOf(undefined)).toBeUndefined();
  });
});
