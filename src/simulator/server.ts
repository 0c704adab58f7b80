// Starts the built functions under twilio-run on a free loopback port, non-interactively, with exactly
// the environment given (no .env is read: a checkout's .env could point at a real Twilio account).
// Used by the simulator, the benchmark and the tests; stop() ends it and removes its temporary .env.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * The environment for rehearsing calls locally: signed with `authToken`, state under `stateDir`, the
 * simulated clock allowed, and never Twilio, whatever the shell's environment says (no Sync, no account,
 * so texts land in the local outbox).
 */
export function localRehearsalEnv(authToken: string, stateDir: string): Record<string, string> {
  return {
    LOCAL_STATE_DIR: stateDir,
    AUTH_TOKEN: authToken,
    ALLOW_SIMULATED_CLOCK: 'true',
    SYNC_SERVICE_SID: '',
    TWILIO_API_BASE_URL: '',
    ACCOUNT_SID: '',
    SKIP_SIGNATURE_CHECK: 'false',
  };
}

export interface ServerOptions {
  /**
   * twilio-run's default forks a fresh process for every request, as close to production as it gets, at
   * about 300 ms a request. `false` runs each function in the server's process: a warm container, and fast.
   */
  forkProcess?: boolean;
  /** More twilio-run flags (the benchmark's `--functions-folder`, `--no-live`). */
  extraArgs?: string[];
}

export async function startFunctionsServer(
  projectRoot: string,
  env: Record<string, string>,
  options: ServerOptions = {},
): Promise<FunctionsProcess> {
  const extraArgs = [...(options.forkProcess === false ? ['--no-fork-process'] : []), ...(options.extraArgs ?? [])];
  const port = await freePort();
  const envDir = mkdtempSync(join(tmpdir(), 'functions-env-'));
  const emptyEnvFile = join(envDir, '.env');
  writeFileSync(emptyEnvFile, '');
  const removeEnvDir = () => rmSync(envDir, { recursive: true, force: true });
  const child = spawnTwilioRun(projectRoot, ['--port', String(port), '--load-local-env', '--env', emptyEnvFile, ...extraArgs], env);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  await untilServing(child, port, () => output, removeEnvDir);
  return { baseUrl: `http://localhost:${port}`, port, output: () => output, stop: () => stopChild(child, removeEnvDir) };
}

function spawnTwilioRun(projectRoot: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [join(projectRoot, 'node_modules', 'twilio-run', 'bin', 'twilio-run.js'), 'start', ...args], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', ...env },
  });
}

/** Resolves once twilio-run says it serves the functions on PORT; rejects (after CLEANUP) if it exits or takes too long. */
function untilServing(child: ChildProcess, port: number, output: () => string, cleanup: () => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const deadline = setTimeout(() => {
      child.kill('SIGTERM');
      cleanup();
      reject(new Error(`twilio-run did not start within ${SERVER_START_TIMEOUT_MS / 1000} s:\n${output()}`));
    }, SERVER_START_TIMEOUT_MS);
    const check = setInterval(() => {
      if (/Functions/.test(output()) && output().includes(`localhost:${port}`)) {
        clearInterval(check);
        clearTimeout(deadline);
        child.removeListener('exit', onExit);
        resolve();
      }
    }, 50);
    const onExit = (code: number | null) => {
      clearInterval(check);
      clearTimeout(deadline);
      cleanup();
      reject(new Error(`twilio-run exited with ${code}:\n${output()}`));
    };
    child.once('exit', onExit);
  });
}

/** Ends CHILD (if it still runs), then CLEANUP. */
function stopChild(child: ChildProcess, cleanup: () => void): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      cleanup();
      resolve();
    };
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', done);
    child.kill('SIGTERM');
  });
}
