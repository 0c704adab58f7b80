// Runs a built command-line tool (dist/cli/*.js) as a user would, capturing its output and exit status.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './twilio-run';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The signal that ended it: null when it exited by itself (never when it had to be killed, e.g. at a prompt). */
  signal?: NodeJS.Signals | null;
}

/** Past this the tool is killed (a tool waiting at a prompt would wait forever): far beyond any normal run. */
export const CLI_KILL_AFTER_MS = 45_000;

export function runCli(tool: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'dist', 'cli', `${tool}.js`), ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: CLI_KILL_AFTER_MS },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, signal: error?.signal ?? null });
      },
    );
  });
}
