// The command-line tools' side of local serving: the local state folder and the token requests are signed
// with (the AUTH_TOKEN in the environment, else the checkout's local signing token, which the functions read too).
import { localSigningToken, resolveLocalStateDir } from '../runtime/local-signing-token';
import { PROJECT_ROOT } from './_run';

export function localStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolveLocalStateDir(env.LOCAL_STATE_DIR, PROJECT_ROOT);
}

/** The AUTH_TOKEN in the environment, else this checkout's local token (made on first use). */
export function signingToken(env: NodeJS.ProcessEnv = process.env): { token: string; source: string } {
  const fromEnv = env.AUTH_TOKEN?.trim();
  if (fromEnv) return { token: fromEnv, source: 'AUTH_TOKEN' };
  const local = localSigningToken(localStateDir(env));
  return { token: local.token, source: local.file };
}
