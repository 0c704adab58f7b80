// Jest: TypeScript tests through ts-jest; the served functions come from `npm run build` (dist/).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 60000,
  // Two workers on two cores. Three were faster (jest alone 3 min 21 s against 3 min 41 s, 2026-12-08), but a suite
  // whose steps run against their time budget then failed once in CI (reply-keywords, a HELP delivered twice at once).
  maxWorkers: 2,
  // Fetches and checksums Twilio's OpenAPI descriptions (vendor/twilio-oai/) once per run.
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
};
