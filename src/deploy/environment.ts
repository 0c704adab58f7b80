// The environment a deploy uses: the account's credentials (from the shell's environment, else .env) and the
// variables uploaded as the service's environment (.env's, less the credentials and the local-only ones).
// twilio-run reads credentials only from a .env-style file or from command-line flags; a flag would show the auth
// token to anyone who lists processes, so the deploy hands twilio-run a private file instead (envFileText).
import { parseEnv } from 'node:util';
import { EnvironmentError, readEnv } from '../runtime/env';
import { CREDENTIAL_VARIABLES, LOCAL_ONLY_VARIABLES } from './settings';

export interface DeployEnvironment {
  /** Each is well-formed when set; a dry run needs neither (requireCredentials). */
  accountSid: string | undefined;
  authToken: string | undefined;
  /** Uploaded as the service's environment variables. */
  variables: Record<string, string>;
  /** Set in .env but not uploaded: they are for local serving and tests only. */
  withheld: string[];
}

/**
 * `dotenvText` is the checkout's .env (undefined when there is none); `shell` is process.env, whose credentials
 * win over .env's. Credentials that are set are checked (the error names the variable, never its value).
 */
export function deployEnvironment(dotenvText: string | undefined, shell: Record<string, string | undefined>): DeployEnvironment {
  const dotenv = dotenvText === undefined ? {} : (parseEnv(dotenvText) as Record<string, string | undefined>);
  const credential = (key: string) => [shell[key], dotenv[key]].map((candidate) => candidate?.trim()).find((candidate) => candidate);
  const credentials = readEnv({ ACCOUNT_SID: credential('ACCOUNT_SID'), AUTH_TOKEN: credential('AUTH_TOKEN') });

  const variables: Record<string, string> = {};
  const withheld: string[] = [];
  for (const [key, raw] of Object.entries(dotenv)) {
    const setting = raw?.trim();
    if (!setting || (CREDENTIAL_VARIABLES as readonly string[]).includes(key)) continue;
    if ((LOCAL_ONLY_VARIABLES as readonly string[]).includes(key)) withheld.push(key);
    else variables[key] = setting;
  }
  // A value the functions would refuse at run time is refused now, before anything is uploaded.
  readEnv(variables);
  return { accountSid: credentials.ACCOUNT_SID, authToken: credentials.AUTH_TOKEN, variables, withheld };
}

/** A real deploy needs both credentials. */
export function requireCredentials(environment: DeployEnvironment): void {
  const missing = [environment.accountSid ? undefined : 'ACCOUNT_SID', environment.authToken ? undefined : 'AUTH_TOKEN'].filter(Boolean);
  if (missing.length) throw new EnvironmentError(`Deploying needs ${missing.join(', ')} in the environment or in .env (see .env.example)`);
}

/** One value as twilio-run's dotenv parser reads it back unchanged: single quotes, or double quotes with \n. */
function quoted(value: string): string {
  return value.includes('\n') ? `"${value.replace(/\n/g, '\\n')}"` : `'${value}'`;
}

/** The file twilio-run deploys with (`--env FILE`): the credentials and the variables to upload. Secret: write it 0600. */
export function envFileText(environment: DeployEnvironment): string {
  const credentials: [string, string | undefined][] = [
    ['ACCOUNT_SID', environment.accountSid],
    ['AUTH_TOKEN', environment.authToken],
  ];
  const entries = [
    ...credentials.filter((entry): entry is [string, string] => entry[1] !== undefined),
    ...Object.entries(environment.variables),
  ];
  return entries.map(([key, value]) => `${key}=${quoted(value)}\n`).join('');
}
