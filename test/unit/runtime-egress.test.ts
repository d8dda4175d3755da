import { hostMatchesAddress, isEgressAllowed } from '../../local/runtime/egress';
import { parseManifest } from '../../local/runtime/manifest';
import * as fs from 'node:fs';
import * as path from 'node:path';

describe('egress address matching', () => {
  const addresses = ['*.qtestnet.com', 'xray.cloud.getxray.app', 'https://api.example.com/v1'];

  it('matches wildcards at any subdomain depth, but not the parent domain', () => {
    expect(hostMatchesAddress('demo.qtestnet.com', '*.qtestnet.com')).toBe(true);
    expect(hostMatchesAddress('a.b.qtestnet.com', '*.qtestnet.com')).toBe(true);
    expect(hostMatchesAddress('qtestnet.com', '*.qtestnet.com')).toBe(false);
    expect(hostMatchesAddress('evilqtestnet.com', '*.qtestnet.com')).toBe(false);
  });

  it('allows only https URLs on declared hosts (address scheme and path ignored)', () => {
    expect(isEgressAllowed('https://demo.qtestnet.com/api/v3', addresses)).toBe(true);
    expect(isEgressAllowed('https://XRAY.cloud.getxray.app/api', addresses)).toBe(true);
    expect(isEgressAllowed('https://api.example.com/other', addresses)).toBe(true);
    expect(isEgressAllowed('http://demo.qtestnet.com/api/v3', addresses)).toBe(false);
    expect(isEgressAllowed('https://eu.xray.cloud.getxray.app/api', addresses)).toBe(false);
    expect(isEgressAllowed('not a url', addresses)).toBe(false);
  });
});

describe('manifest loader', () => {
  it('reads the app manifest', () => {
    const m = parseManifest(fs.readFileSync(path.join(__dirname, '..', '..', 'manifest.yml'), 'utf8'));
    expect(m.functions.get('sync-worker')).toEqual({ key: 'sync-worker', file: 'index', exportName: 'syncWorker', timeoutSeconds: 600 });
    expect(m.uiModules.get('testsync-panel')).toMatchObject({ type: 'jira:issuePanel', resourcePath: 'static/issue-panel/build', resolverFunction: 'panel-resolver' });
    expect(m.consumers).toEqual([expect.objectContaining({ key: 'sync-consumer', queue: 'testsync-sync', functionKey: 'sync-worker' })]);
    expect(m.triggers.get('sync-scheduler')).toEqual({ key: 'sync-scheduler', functionKey: 'scheduler', interval: 'fiveMinute' });
    expect(m.egressAddresses).toContain('*.qtestnet.com');
    expect(m.entityProperties.map((p) => p.propertyKey)).toEqual(['testsync', 'testsync-coverage']);
    expect(m.appId).toBe('6b1f7a52-3c4e-4f0a-9d2b-7e5c1a8f9d30');
  });
});
