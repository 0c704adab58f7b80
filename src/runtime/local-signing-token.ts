// Local serving without a Twilio account: a signing token of our own, kept in the local state folder, so the
// functions still check every request's X-Twilio-Signature and the simulator signs as Twilio would. The
// functions (when local and AUTH_TOKEN is unset) and the command-line tools read the same file; whichever
// comes first creates it, atomically.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

export const DEFAULT_LOCAL_STATE_DIR = '.local-state';
export const LOCAL_TOKEN_FILE = 'local-auth-token';

/** LOCAL_STATE_DIR (or the default) as an absolute folder, relative to `baseDir` (the project root). */
export function resolveLocalStateDir(setting: string | undefined, baseDir: string): string {
  const dir = setting?.trim() || DEFAULT_LOCAL_STATE_DIR;
  return isAbsolute(dir) ? dir : join(baseDir, dir);
}

/** The token in `stateDir`, made on first use. */
export function localSigningToken(stateDir: string): { token: string; file: string } {
  const file = join(stateDir, LOCAL_TOKEN_FILE);
  try {
    return { token: readFileSync(file, 'utf8').trim(), file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(stateDir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(16).toString('hex'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // made by the other side just now
  }
  return { token: readFileSync(file, 'utf8').trim(), file };
}
