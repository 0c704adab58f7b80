// Jest: TypeScript tests through ts-jest; the served functions come from `npm run build` (dist/).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 60000,
  // Most suites wait on servers and child processes, not the CPU: three workers keep two cores busy (with two, the cores
  // sat a third idle: jest alone took 3 min 41 s with two workers, 3 min 21 s with three, 2026-12-08).
  maxWorkers: 3,
  // Fetches and checksums Twilio's OpenAPI descriptions (vendor/twilio-oai/) once per run.
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
};
