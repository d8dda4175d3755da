/**
 * The local store has no quota, and the tests' syncs are small but fast: they run unpaced, as `npm start` does.
 * The pacing itself is tested with its own limits (test/unit/platform/kv-pacing.test.ts).
 */
process.env.TESTSYNC_KVS_UNITS_PER_MINUTE ||= '1000000';
