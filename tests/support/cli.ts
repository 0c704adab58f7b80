// Runs a built command-line tool (dist/cli/*.js) as a user would, capturing its output and exit status.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './twilio-run';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(tool: string, args: string[], env: Record<string, string> = {}, timeoutMs = 30_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'dist', 'cli', `${tool}.js`), ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
