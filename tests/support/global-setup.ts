// Jest globalSetup: makes sure Twilio's OpenAPI descriptions (vendor/twilio-oai/, gitignored) are present
// and match their pinned checksums before any test runs; the contract tests validate requests against them.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function globalSetup(): void {
  const script = join(__dirname, '..', '..', 'scripts', 'fetch-twilio-oai.mjs');
  // Throws (and so fails the run) with the script's own message when it cannot fetch or verify.
  execFileSync(process.execPath, [script, '--quiet'], { stdio: 'inherit' });
}
