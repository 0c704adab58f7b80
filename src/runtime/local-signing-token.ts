// Local serving without a Twilio account: a signing token of our own, kept in the local state folder, so the
// functions still check every request's X-Twilio-Signature and the simulator signs as Twilio would. The
// functions (when local and AUTH_TOKEN is unset) and the command-line tools read the same file; whichever
// comes first creates it, atomically (localSecret, which also keeps the console's local session secret).
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

/**
 * The random secret in `stateDir`/`name` (`bytes` random bytes, hex), made on first use by whichever process asks
 * first: an exclusive create, so two at once agree on one secret. Also the console's local session secret.
 */
export function localSecret(stateDir: string, name: string, bytes: number): { secret: string; file: string } {
  const file = join(stateDir, name);
  try {
    return { secret: readFileSync(file, 'utf8').trim(), file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(stateDir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(bytes).toString('hex'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // made by the other side just now
  }
  return { secret: readFileSync(file, 'utf8').trim(), file };
}

/** The token in `stateDir`, made on first use. */
export function localSigningToken(stateDir: string): { token: string; file: string } {
  const { secret, file } = localSecret(stateDir, LOCAL_TOKEN_FILE, 16);
  return { token: secret, file };
}
