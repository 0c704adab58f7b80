// The console when `npm start` serves it: a session secret kept in the local state folder (like the local signing
// token), a copy of the shipped sample for the console to edit (the sample itself is never written), and a one-time
// link that signs the local user in as an admin of every workspace.
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { localSecret } from '../runtime/local-signing-token';

/** CONSOLE_SESSION_SECRET from the environment, else this checkout's local one (made on first use). */
export function localSessionSecret(stateDir: string, fromEnv: string | undefined): string {
  if (fromEnv?.trim()) return fromEnv.trim();
  return localSecret(stateDir, 'console-session-secret', 32).secret;
}

/** The bundle `npm start` serves and the console edits: a copy of the sample, made once, kept across restarts. */
export function localConsoleBundle(stateDir: string, sample: string): { file: string; created: boolean } {
  const file = join(stateDir, 'console-config.json');
  if (existsSync(file)) return { file, created: false };
  mkdirSync(stateDir, { recursive: true });
  copyFileSync(sample, file);
  return { file, created: true };
}

export const newLoginToken = (): string => randomBytes(24).toString('base64url');

export const consoleLink = (port: number, token: string): string => `http://localhost:${port}/console-login?token=${token}`;
