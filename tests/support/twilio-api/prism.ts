// Starts Prism proxies (`prism proxy DOCUMENT UPSTREAM --errors`, one per OpenAPI document, each on its own free
// 127.0.0.1 port) in one child process (./prism-launcher.js), waits until all listen, and kills it in stop().
// Each proxy validates a request (and the upstream's answer) against its document, forwards a valid request and
// answers 422 with the violated rule otherwise.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

export class PrismStartError extends Error {
  override readonly name = 'PrismStartError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface PrismProxySpec {
  /** The OpenAPI document. */
  document: string;
  /** Where valid requests go. */
  upstream: string;
}

export interface PrismProxies {
  /** Port of each proxy, in the order given. */
  readonly ports: number[];
  readonly pid: number | undefined;
  /** Milliseconds from spawn to every proxy listening. */
  readonly startupMs: number;
  /** The last output Prism printed (for diagnostics). */
  output(): string;
  stop(): Promise<void>;
}

const LAUNCHER = join(__dirname, 'prism-launcher.js');
const READY_LINE = 'prism-launcher: ready';
const ATTEMPTS = 3;

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills any Prism still running when this process exits, so a crashed test run leaves none behind. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** A port that was free a moment ago (Prism's CLI factory takes a number and does not report an ephemeral one). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts the proxies; retries with new ports if one was taken in the meantime. */
export async function startPrismProxies(specs: PrismProxySpec[], options: { startTimeoutMs?: number } = {}): Promise<PrismProxies> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      return await launch(specs, options.startTimeoutMs ?? 30_000);
    } catch (error) {
      lastError = error;
      if (!(error instanceof PrismStartError) || !/EADDRINUSE/.test(error.message)) break;
    }
  }
  throw lastError;
}

async function launch(specs: PrismProxySpec[], startTimeoutMs: number): Promise<PrismProxies> {
  installExitHook();
  const ports: number[] = [];
  for (const _ of specs) ports.push(await freePort());
  const proxies = specs.map((spec, i) => ({ document: spec.document, upstream: spec.upstream, port: ports[i] }));
  const started = Date.now();
  const child = spawn(process.execPath, [LAUNCHER, JSON.stringify(proxies)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'test', FORCE_COLOR: '0' },
  });
  running.add(child);
  let tail = '';
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
    if (tail.includes(READY_LINE)) resolveReady();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = once(child, 'exit').then(() => {
    exited = true;
    running.delete(child);
  });

  const stop = async (): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exit;
    clearTimeout(timer);
  };

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), startTimeoutMs)));
  const outcome = await Promise.race([ready.then(() => 'ready' as const), exit.then(() => 'exited' as const), timeout]);
  clearTimeout(timer);
  if (outcome !== 'ready') {
    await stop();
    const why = outcome === 'exited' ? 'exited before listening' : `did not listen within ${startTimeoutMs} ms`;
    throw new PrismStartError(`Prism ${why} (${specs.map((s) => s.document).join(', ')}):\n${tail}`);
  }
  return { ports, pid: child.pid, startupMs: Date.now() - started, output: () => tail, stop };
}
