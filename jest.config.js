// Jest: TypeScript tests through ts-jest; the served functions come from `npm run build` (dist/).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 60000,
  // Most suites wait on servers and child processes, not the CPU: two workers on two cores.
  maxWorkers: 2,
  // Fetches and checksums Twilio's OpenAPI descriptions (vendor/twilio-oai/) once per run.
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
};
