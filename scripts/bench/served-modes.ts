// twilio-run's ways of running a function, each benchmarked on its own server. By default it forks a
// fresh Node process per request (--fork-process); --no-fork-process runs the function in the server's
// process but, with --live (the default), clears the require cache first, so each request loads the
// function again; only with --no-live as well is a function's module state kept between requests, as in
// a warm deployed Function.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { localRehearsalEnv, startFunctionsServer, type FunctionsProcess } from '../../src/simulator/server';
import { PROJECT_ROOT } from './paths';

export interface ServedMode {
  id: 'fork-process' | 'no-fork-process' | 'no-fork-process-no-live';
  label: string;
  args: string[];
  /** Requests per function, after the warm-up: fewer where each request costs a process. */
  samples: number;
  warmup: number;
}

export const SERVED_MODES: readonly ServedMode[] = [
  { id: 'fork-process', label: '--fork-process (default)', args: [], samples: 40, warmup: 4 },
  { id: 'no-fork-process', label: '--no-fork-process', args: ['--no-fork-process'], samples: 80, warmup: 10 },
  {
    id: 'no-fork-process-no-live',
    label: '--no-fork-process --no-live',
    args: ['--no-fork-process', '--no-live'],
    samples: 500,
    warmup: 100,
  },
];

export const BENCH_AUTH_TOKEN = 'bench-auth-token-0123456789abcdef';
/** A made-up account for the webhooks' AccountSid; nothing reaches Twilio. */
export const BENCH_ACCOUNT_SID = `AC${'b'.repeat(32)}`;

export interface ServedFunctions {
  baseUrl: string;
  stateDir: string;
  /** Stops the server and removes its state. */
  stop(): Promise<void>;
}

/** twilio-run on the sample configuration (the private asset), serving `functionsFolder` in `mode` (twilio-run takes it relative to the project). */
export async function serveFunctions(functionsFolder: string, mode: ServedMode): Promise<ServedFunctions> {
  const stateDir = mkdtempSync(join(tmpdir(), `bench-state-${mode.id}-`));
  let server: FunctionsProcess;
  try {
    server = await startFunctionsServer(PROJECT_ROOT, localRehearsalEnv(BENCH_AUTH_TOKEN, stateDir), {
      extraArgs: ['--functions-folder', relative(PROJECT_ROOT, functionsFolder), ...mode.args],
    });
  } catch (error) {
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
  return {
    baseUrl: server.baseUrl,
    stateDir,
    stop: async () => {
      await server.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
