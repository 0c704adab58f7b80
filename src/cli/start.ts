// `npm start [-- --port N] [--config FILE] [--watch]`: serves the built functions and the console with twilio-run
// on a local copy of the sample configuration (or FILE), which the console edits, and prints the console's
// one-time sign-in link. Refuses an invalid environment (.env or the shell) at once, naming the variable, and
// checks the port first, so a busy port is a clear error instead of twilio-run's interactive prompt. With
// --watch, the functions are rebuilt on every save and served fresh.
import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { readBundleFile } from '../config/parse';
import { consoleLink, localConsoleBundle, localSessionSecret, newLoginToken } from '../console/local';
import { readEnv } from '../runtime/env';
import { localStateDir, signingToken } from './_local';
import { PROJECT_ROOT, UsageError, loadDotEnv, runCli } from './_run';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535)
    throw new UsageError(`--port must be a whole number from 1 to 65535 (got "${value}")`);
  return port;
}

/** Resolves when nothing listens on the port (checked the way twilio-run will listen: all interfaces). */
export function ensurePortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new UsageError(
            `Port ${port} is already in use. Stop whatever is listening there, or choose another port: npm start -- --port ${port === 3100 ? 3200 : 3100}`,
          ),
        );
      } else if (error.code === 'EACCES') {
        reject(new UsageError(`Port ${port} needs privileges this user does not have; choose a port above 1024: npm start -- --port 3100`));
      } else {
        reject(error);
      }
    });
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

/** The sample's local copy that `npm start` serves and the console edits (the sample itself stays as shipped). */
function servedCopyOfSample(): string {
  const copy = localConsoleBundle(localStateDir(), join(PROJECT_ROOT, 'assets', 'sample-config.private.json'));
  process.stdout.write(
    `Configuration: ${copy.file} (${copy.created ? 'a new copy of the sample' : 'your local copy of the sample; delete it to start again from the sample'})\n`,
  );
  return copy.file;
}

/** Prints the `Console:` line (a one-time sign-in link) once the server accepts connections. */
function announceConsoleWhenListening(port: number, token: string, child: ReturnType<typeof spawn>): void {
  const attempt = () => {
    if (child.exitCode !== null) return;
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      process.stdout.write(`Console: ${consoleLink(port, token)}\n`);
    });
    socket.once('error', () => setTimeout(attempt, 250));
  };
  attempt();
}

const program = new Command()
  .name('start')
  .description('Serve the functions locally with twilio-run (no Twilio account needed).')
  .option('--port <port>', 'port to listen on', '3000')
  .option('--config <file>', 'serve (and edit in the console) this configuration bundle instead of a local copy of the sample')
  .option('--watch', 'rebuild the functions whenever functions/ or src/ change, and serve the new build')
  .action(async (options: { port: string; config?: string; watch?: boolean }) => {
    const port = parsePort(options.port);
    const givenFile = options.config ? resolve(options.config) : undefined;
    if (givenFile) readBundleFile(givenFile); // refuse an invalid bundle before serving it
    loadDotEnv();
    // Refuse a variable the functions would refuse (named, never its value) before anything is served.
    readEnv(process.env);
    await ensurePortFree(port);
    const configFile = givenFile ?? servedCopyOfSample();
    if (!givenFile) readBundleFile(configFile); // the local copy may have been edited by hand
    const loginToken = newLoginToken();
    const signing = signingToken();
    if (signing.source !== 'AUTH_TOKEN') {
      process.stdout.write(
        `No AUTH_TOKEN set: requests are checked against the local signing token in ${signing.source} (npm run simulate signs with it).\n`,
      );
    }
    const twilioRun = join(PROJECT_ROOT, 'node_modules', 'twilio-run', 'bin', 'twilio-run.js');
    const child = spawn(process.execPath, [twilioRun, 'start', '--port', String(port), '--load-local-env'], {
      cwd: PROJECT_ROOT,
      // No stdin: twilio-run must never wait on a prompt.
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        AUTH_TOKEN: signing.token,
        CONFIG_FILE: configFile,
        CONSOLE_SESSION_SECRET: localSessionSecret(localStateDir(), process.env.CONSOLE_SESSION_SECRET),
        CONSOLE_LOGIN_TOKEN: loginToken,
      },
    });
    announceConsoleWhenListening(port, loginToken, child);
    // Watching: esbuild rebuilds dist/ on each save; twilio-run serves live (each request loads the current build).
    const watcher = options.watch
      ? spawn(process.execPath, [join(PROJECT_ROOT, 'scripts', 'build.mjs'), '--watch', '--quiet'], {
          cwd: PROJECT_ROOT,
          stdio: ['ignore', 'inherit', 'inherit'],
        })
      : undefined;
    child.on('exit', () => watcher?.kill('SIGTERM'));
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        watcher?.kill(signal);
        child.kill(signal);
      });
    }
    await new Promise<void>((resolve) => {
      child.on('exit', (code, signal) => {
        process.exitCode = code ?? (signal ? 0 : 1);
        resolve();
      });
    });
  });

runCli(() => program.parseAsync(process.argv).then(() => undefined));
