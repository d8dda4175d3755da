/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Types are checked once by `tsc` in `npm test`; with isolatedModules ts-jest only transpiles.
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 60000,
  // The app's structured logs go nowhere unless a test listens for them.
  setupFiles: ['<rootDir>/test/support/quiet-logs.ts', '<rootDir>/test/support/storage-pacing.ts'],
  maxWorkers: 2,
};
