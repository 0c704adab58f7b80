// Starts the real functions under twilio-run on a free port, non-interactively, and signs requests the
// way Twilio does (X-Twilio-Signature over the full URL and the POST parameters).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import twilio from 'twilio';

export const ROOT = join(__dirname, '..', '..');
export const TEST_ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const TEST_AUTH_TOKEN = 'test-auth-token-0123456789abcdef';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface FunctionsServer {
  baseUrl: string;
  port: number;
  output(): string;
  /** POSTs form parameters to a function, signed as Twilio signs them. */
  post(path: string, params: Record<string, string>, options?: { signature?: string | null; authToken?: string }): Promise<{ status: number; body: string; contentType: string }>;
  stop(): Promise<void>;
}

export async function startFunctions(env: Record<string, string> = {}, extraArgs: string[] = []): Promise<FunctionsServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'node_modules', 'twilio-run', 'bin', 'twilio-run.js'), 'start', '--port', String(port), '--load-local-env', ...extraArgs],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ACCOUNT_SID: TEST_ACCOUNT_SID, AUTH_TOKEN: TEST_AUTH_TOKEN, FORCE_COLOR: '0', ...env },
    },
  );
  const serverToken = env.AUTH_TOKEN ?? TEST_AUTH_TOKEN;
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const baseUrl = `http://localhost:${port}`;

  await new Promise<void>((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`twilio-run did not start within 30 s:\n${output}`)), 30_000);
    const check = setInterval(() => {
      if (/Functions/.test(output) && output.includes(`localhost:${port}`)) {
        clearInterval(check);
        clearTimeout(deadline);
        resolve();
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(deadline);
      reject(new Error(`twilio-run exited with ${code}:\n${output}`));
    });
  });

  return {
    baseUrl,
    port,
    output: () => output,
    async post(path, params, options = {}) {
      const url = `${baseUrl}${path}`;
      const signature =
        options.signature === undefined
          ? twilio.getExpectedTwilioSignature(options.authToken ?? serverToken, url, params)
          : options.signature;
      const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
      if (signature !== null) headers['X-Twilio-Signature'] = signature;
      const response = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
      return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') ?? '' };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
