/** The Jira simulator's failure controls, as a client sees them: latency, per-path faults, failWrite, body size, quota. */
import { testIssueBody } from '../../local/simulators/jira/testing';
import { useJiraHarness } from '../support/jira-harness';

const h = useJiraHarness();

const search = (jql: string, as = 'app') => h.call('POST', '/rest/api/3/search/jql', { as, body: { jql, fields: ['summary'] } });

describe('latency', () => {
  it('delays every REST request by latencyMs without blocking the others', async () => {
    // A latency long enough that a busy machine's own delays cannot pass for serving one after the other.
    h.sim.faults.set({ latencyMs: 1000 });
    const timed = async (n: number) => {
      const sent = Date.now();
      const res = await h.call('GET', `/rest/api/3/issue/SHOP-${n}`);
      return { status: res.status, sent, answered: Date.now() };
    };
    const results = await Promise.all([1, 2, 3].map(timed));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const r of results) expect(r.answered - r.sent).toBeGreaterThanOrEqual(990);
    // Served concurrently: one after the other, the three would take 3 s; any two after each other, 2 s.
    expect(Math.max(...results.map((r) => r.answered)) - Math.min(...results.map((r) => r.sent))).toBeLessThan(2000);

    const control = await h.control('GET', '/__sim/state'); // control endpoints are not delayed
    expect(control.status).toBe(200);
    h.sim.faults.set({ latencyMs: null });
    const fast = Date.now();
    await h.call('GET', '/rest/api/3/myself');
    expect(Date.now() - fast).toBeLessThan(900); // no longer the 1 s latency
  });
});

describe('per-path faults', () => {
  it('fails the next bulk create with a 500 in Jira shape, then recovers', async () => {
    const ctl = await h.control('POST', '/__sim/faults', { paths: [{ method: 'POST', path: '/rest/api/3/issue/bulk', status: 500, count: 1 }] });
    expect(ctl.status).toBe(200);
    expect(ctl.body.pending).toBe(1);

    // Other paths and methods are not affected.
    expect((await h.call('GET', '/rest/api/3/issue/SHOP-1')).status).toBe(200);
    const bulk = { issueUpdates: [testIssueBody('Bulk one')] };
    const failed = await h.call('POST', '/rest/api/3/issue/bulk', { body: bulk });
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ errorMessages: ['Internal server error'], errors: {} });
    expect((await search('summary ~ "Bulk one"')).body.issues).toEqual([]); // nothing was created

    const ok = await h.call('POST', '/rest/api/3/issue/bulk', { body: bulk });
    expect(ok.status).toBe(201);
    expect((await h.control('GET', '/__sim/faults')).body).toEqual({ faults: {}, pending: 0, quota: null });
  });

  it('answers any 4xx with the given body, count times', async () => {
    h.sim.faults.set({
      paths: [
        { path: '/properties/testsync', status: 409, count: 2, body: { errorMessages: ['Conflict.'], errors: { value: 'stale' } } },
        { path: '/remotelink', status: 404 },
      ],
    });
    expect(h.sim.faults.pending).toBe(3);
    for (let i = 0; i < 2; i++) {
      const res = await h.call('PUT', '/rest/api/3/issue/SHOP-1/properties/testsync', { body: { status: 'PASS' } });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ errorMessages: ['Conflict.'], errors: { value: 'stale' } });
    }
    expect((await h.call('PUT', '/rest/api/3/issue/SHOP-1/properties/testsync', { body: { status: 'PASS' } })).status).toBe(201);
    const missing = await h.call('GET', '/rest/api/3/issue/SHOP-1/remotelink');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
  });

  it('sends Jira rate-limit headers with an injected 429', async () => {
    h.sim.faults.set({ paths: [{ path: '/search/jql', status: 429, retryAfterSeconds: 5 }] });
    const before = Date.now();
    const res = await search('project = SHOP');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.headers['ratelimit-reason']).toBe('jira-burst-based');
    expect(res.headers['x-ratelimit-reset']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/);
    const reset = Date.parse(res.headers['x-ratelimit-reset'].replace('Z', ':00Z'));
    expect(reset).toBeGreaterThanOrEqual(Math.floor((before + 5000) / 60000) * 60000);
    expect(res.body).toEqual({ errorMessages: ['Rate limit exceeded.'], errors: {} });
    expect((await search('project = SHOP')).status).toBe(200);
  });

  it('rejects malformed controls with 400 and keeps the active ones', async () => {
    h.sim.faults.set({ latencyMs: 1 });
    const bad = await h.control('POST', '/__sim/faults', { paths: [{ path: '/x', status: 200 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/paths\.0\.status/);
    expect((await h.control('POST', '/__sim/faults', { nope: true })).status).toBe(400);
    expect((await h.control('GET', '/__sim/faults')).body.faults).toEqual({ latencyMs: 1 });
    const cleared = await h.control('DELETE', '/__sim/faults');
    expect(cleared.body).toEqual({ faults: {}, pending: 0, quota: null });
  });
});

describe('failWrite', () => {
  it('lets N writes through, fails the next one once, and ignores reads and JQL searches', async () => {
    h.sim.faults.set({ failWrite: { after: 2, status: 503 } });
    const write = (n: number) => h.call('PUT', `/rest/api/3/issue/SHOP-${n}/properties/testsync`, { body: { status: 'PASS' } });
    expect((await write(1)).status).toBe(201);
    expect((await search('project = SHOP')).status).toBe(200);
    expect((await h.call('GET', '/rest/api/3/issue/SHOP-1')).status).toBe(200);
    expect((await h.control('GET', '/__sim/faults')).body.faults.failWrite).toEqual({ after: 1, status: 503 });
    expect((await write(2)).status).toBe(201);
    const third = await write(3);
    expect(third.status).toBe(503);
    expect(third.body).toEqual({ errorMessages: ['Service Unavailable'], errors: {} });
    // The failed write was not applied; the control is spent.
    expect((await h.call('GET', '/rest/api/3/issue/SHOP-3/properties/testsync')).status).toBe(404);
    expect((await write(3)).status).toBe(201);
    expect(h.sim.faults.active()).toEqual({});
  });

  it('can apply the write and still answer the error (a lost response)', async () => {
    h.sim.faults.set({ failWrite: { after: 0, status: 500, afterApplying: true } });
    const res = await h.call('POST', '/rest/api/3/issue', { body: testIssueBody('Lost response') });
    expect(res.status).toBe(500);
    const found = await search('summary ~ "Lost response"');
    expect(found.body.issues.map((i: { fields: { summary: string } }) => i.fields.summary)).toEqual(['Lost response']);
  });
});

describe('request body size', () => {
  it('answers 413 above maxBodyBytes (10 MB by default)', async () => {
    expect(h.sim.faults.maxBodyBytes).toBe(10 * 1024 * 1024);
    h.sim.faults.set({ maxBodyBytes: 2000 });
    const big = { issueUpdates: Array.from({ length: 10 }, (_, i) => testIssueBody(`Big body ${i}`)) };
    const res = await h.call('POST', '/rest/api/3/issue/bulk', { body: big });
    expect(res.status).toBe(413);
    expect(res.body.errorMessages[0]).toMatch(/exceeds the maximum size of 2000 bytes/);
    expect((await h.call('POST', '/rest/api/3/issue', { body: testIssueBody('Small') })).status).toBe(201);
  });

  it('accepts bodies over 1 MB below the default limit', async () => {
    const text = 'x'.repeat(30_000);
    const description = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
    const issueUpdates = Array.from({ length: 50 }, (_, i) => testIssueBody(`Long ${i}`, 'PASS', { description }));
    expect(JSON.stringify({ issueUpdates }).length).toBeGreaterThan(1024 * 1024);
    const res = await h.call('POST', '/rest/api/3/issue/bulk', { body: { issueUpdates } });
    expect(res.status).toBe(201);
    expect(res.body.issues).toHaveLength(50);
  });
});

describe('points quota', () => {
  it('charges 1 point per request plus 1 per issue returned, then answers 429 until the window resets', async () => {
    h.sim.faults.set({ pointsPerHour: 10 });
    const first = await h.call('GET', '/rest/api/3/issue/SHOP-1'); // 1 + 1 issue
    expect(first.status).toBe(200);
    expect(first.headers['beta-ratelimit-policy']).toBe('"tenant-app-quota";q=10;w=3600');
    expect(first.headers['beta-ratelimit']).toMatch(/^"tenant-app-quota";r=8;t=(3600|359\d)$/);

    const page = await h.call('POST', '/rest/api/3/search/jql', { body: { jql: 'project = SHOP', maxResults: 5 } }); // 1 + 5
    expect(page.body.issues).toHaveLength(5);
    expect(page.headers['beta-ratelimit']).toMatch(/r=2;/);
    expect(page.headers['x-beta-ratelimit-nearlimit']).toBeUndefined();

    const write = await h.call('PUT', '/rest/api/3/issue/SHOP-1/properties/p', { body: { a: 1 } }); // writes: 1
    expect(write.headers['beta-ratelimit']).toMatch(/r=1;/);
    expect(write.headers['x-beta-ratelimit-nearlimit']).toBe('true');
    expect((await h.call('GET', '/rest/api/3/myself')).headers['beta-ratelimit']).toMatch(/r=0;/);

    const limited = await h.call('GET', '/rest/api/3/myself');
    expect(limited.status).toBe(429);
    expect(limited.headers['ratelimit-reason']).toBe('jira-quota-tenant-based');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(3500);
    expect(limited.headers['beta-ratelimit']).toMatch(/^"tenant-app-quota";r=0;t=\d+$/);
    expect(limited.body).toEqual({ errorMessages: ['Rate limit exceeded.'], errors: {} });

    const state = (await h.control('GET', '/__sim/faults')).body;
    expect(state.quota).toMatchObject({ pointsPerHour: 10, used: 10, remaining: 0 });
    h.sim.faults.set({ pointsPerHour: null });
    const free = await h.call('GET', '/rest/api/3/myself');
    expect(free.status).toBe(200);
    expect(free.headers['beta-ratelimit-policy']).toBeUndefined();
  });
});
