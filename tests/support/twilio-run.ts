// The real functions under twilio-run for tests (src/simulator/server), and requests signed the way Twilio
// signs them (X-Twilio-Signature over the full URL and the POST parameters).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { freePort, startFunctionsServer, type FunctionsProcess, type ServerOptions } from '../../src/simulator/server';

export { freePort };
export const ROOT = join(__dirname, '..', '..');
export const TEST_ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const TEST_AUTH_TOKEN = 'test-auth-token-0123456789abcdef';

export interface FunctionsServer extends FunctionsProcess {
  /** The functions' LOCAL_STATE_DIR (text-back claims, the call log, the outbox). */
  stateDir: string;
  /** POSTs form parameters to a function, signed as Twilio signs them (or with the signature given; null: none). */
  post(
    path: string,
    params: Record<string, string>,
    options?: { signature?: string | null; authToken?: string },
  ): Promise<{ status: number; body: string; contentType: string }>;
}

/** twilio-run running the functions in its own process and keeping them loaded: a warm container. */
export const WARM: ServerOptions = { forkProcess: false, extraArgs: ['--no-live'] };

/**
 * Starts the functions for a test: a warm container unless a test asks for twilio-run's default of a fresh
 * process per request (`{ forkProcess: true }`: cold, as in production's first request).
 */
export async function startFunctions(env: Record<string, string> = {}, options: ServerOptions = WARM): Promise<FunctionsServer> {
  const serverToken = env.AUTH_TOKEN ?? TEST_AUTH_TOKEN;
  const stateDir = env.LOCAL_STATE_DIR ?? mkdtempSync(join(tmpdir(), 'functions-state-'));
  // No ACCOUNT_SID unless a test gives one: without an account, texts go to the local outbox, never to Twilio.
  const server = await startFunctionsServer(ROOT, { ACCOUNT_SID: '', AUTH_TOKEN: serverToken, LOCAL_STATE_DIR: stateDir, ...env }, options);
  return {
    ...server,
    stateDir,
    async post(path, params, options = {}) {
      const url = `${server.baseUrl}${path}`;
      const signature =
        options.signature === undefined
          ? twilio.getExpectedTwilioSignature(options.authToken ?? serverToken, url, params)
          : options.signature;
      const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
      if (signature !== null) headers['X-Twilio-Signature'] = signature;
      const response = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
      return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') ?? '' };
    },
  };
}
