// Local serving without a Twilio account: a signing token of our own, so the functions still check every
// request's X-Twilio-Signature and the simulator signs as Twilio would. Kept in the local state folder.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { PROJECT_ROOT } from './_run';

export function localStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.LOCAL_STATE_DIR?.trim() || '.local-state';
  return isAbsolute(dir) ? dir : join(PROJECT_ROOT, dir);
}

/** The AUTH_TOKEN in the environment, else this checkout's local token (made on first use). */
export function signingToken(env: NodeJS.ProcessEnv = process.env): { token: string; source: string } {
  const fromEnv = env.AUTH_TOKEN?.trim();
  if (fromEnv) return { token: fromEnv, source: 'AUTH_TOKEN' };
  const file = join(localStateDir(env), 'local-auth-token');
  if (!existsSync(file)) {
    mkdirSync(localStateDir(env), { recursive: true });
    writeFileSync(file, randomBytes(16).toString('hex'), { mode: 0o600 });
  }
  return { token: readFileSync(file, 'utf8').trim(), source: file };
}
