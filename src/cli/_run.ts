// Shared by the command-line tools: run a main function, turn expected errors into a clear
// message and exit status 1, and never print a stack trace for bad input.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { CommanderError } from 'commander';
import { UserFacingError } from '../errors/user-facing-error';

export class UsageError extends UserFacingError {
  override readonly name: string = 'UsageError';
}

/** The checkout's root: the CLI bundles live in dist/cli. */
export const PROJECT_ROOT = join(__dirname, '..', '..');
export const SAMPLE_CONFIG = join(PROJECT_ROOT, 'assets', 'sample-config.private.json');

export function runCli(main: () => Promise<void> | void): void {
  Promise.resolve()
    .then(main)
    .catch((error: unknown) => {
      if (error instanceof UserFacingError || error instanceof CommanderError) {
        process.stderr.write(`${error.message}\n`);
      } else {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        process.stderr.write(`Unexpected error: ${message}\n`);
      }
      process.exitCode = 1;
    });
}

/** Parses --at (or the option named): an ISO-8601 time with a date; "now" when absent. */
export function parseInstant(value: string | undefined, clock: () => Date = () => new Date(), option = '--at'): Date {
  if (value === undefined) return clock();
  const instant = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(instant.getTime())) {
    throw new UsageError(`${option} must be an ISO-8601 time such as 2026-11-23T15:00:00Z (got "${value}")`);
  }
  return instant;
}

/** Loads the checkout's .env (as twilio-run does for the functions) without overriding what is already set. */
export function loadDotEnv(file: string = join(PROJECT_ROOT, '.env')): void {
  if (!existsSync(file)) return;
  const values = parseEnv(readFileSync(file, 'utf8'));
  for (const [key, value] of Object.entries(values)) {
    if (process.env[key] === undefined && value !== undefined) process.env[key] = value;
  }
}
