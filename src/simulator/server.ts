// Starts the built functions under twilio-run on a free loopback port, non-interactively, with exactly
// the environment given (no .env is read: a checkout's .env could point at a real Twilio account).
// Used by the simulator and by the tests; stop() ends it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

export interface FunctionsProcess {
  baseUrl: string;
  port: number;
  output(): string;
  stop(): Promise<void>;
}

export const SERVER_START_TIMEOUT_MS = 30_000;

export interface ServerOptions {
  /**
   * twilio-run's default forks a fresh process for every request, as close to production as it gets, at
   * about 300 ms a request. `false` runs each function in the server's process: a warm container, and fast.
   */
  forkProcess?: boolean;
}

export async function startFunctionsServer(projectRoot: string, env: Record<string, string>, options: ServerOptions = {}): Promise<FunctionsProcess> {
  const extraArgs = options.forkProcess === false ? ['--no-fork-process'] : [];
  const port = await freePort();
  const emptyEnvFile = join(mkdtempSync(join(tmpdir(), 'functions-env-')), '.env');
  writeFileSync(emptyEnvFile, '');
  const child: ChildProcess = spawn(
    process.execPath,
    [join(projectRoot, 'node_modules', 'twilio-run', 'bin', 'twilio-run.js'), 'start', '--port', String(port), '--load-local-env', '--env', emptyEnvFile, ...extraArgs],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', ...env } },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));

  await new Promise<void>((resolve, reject) => {
    const deadline = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`twilio-run did not start within ${SERVER_START_TIMEOUT_MS / 1000} s:\n${output}`));
    }, SERVER_START_TIMEOUT_MS);
    const check = setInterval(() => {
      if (/Functions/.test(output) && output.includes(`localhost:${port}`)) {
        clearInterval(check);
        clearTimeout(deadline);
        child.removeListener('exit', onExit);
        resolve();
      }
    }, 50);
    const onExit = (code: number | null) => {
      clearInterval(check);
      clearTimeout(deadline);
      reject(new Error(`twilio-run exited with ${code}:\n${output}`));
    };
    child.once('exit', onExit);
  });

  return {
    baseUrl: `http://localhost:${port}`,
    port,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
