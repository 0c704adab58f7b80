// The Prism proxies of this test process: `prism proxy DOCUMENT UPSTREAM --errors` for each of Twilio's OpenAPI
// descriptions, all in one child process (./prism-launcher.js), started by the first test file of a jest worker
// that needs them and reused by every later one (jest gives each file fresh modules, so the worker finds them
// again through a small file named after its process id). Each proxy validates a request (and the answer) against
// its description, forwards a valid one to the API double named in the DOUBLE_PORT_HEADER header and answers 422
// with the violated rule otherwise. The child ends when this process does.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Product } from './faults';
import { type SpecPatch, prepareSpec } from './spec';

/** Header the front router sets on every request: the port of the double that serves it. */
export const DOUBLE_PORT_HEADER = 'x-twilio-double-port';

export class PrismStartError extends Error {
  override readonly name = 'PrismStartError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface WorkerPrism {
  /** Port of each product's proxy. */
  readonly ports: Record<Product, number>;
  /** The corrections made to the descriptions before Prism loaded them (see ./spec.ts). */
  readonly patches: readonly SpecPatch[];
  /** The launcher's process id. */
  readonly pid: number;
}

interface Registration extends WorkerPrism {
  /** The test process that started it (the launcher's parent). */
  parentPid: number;
  /** The descriptions it loaded. */
  documents: Record<Product, string>;
}

const LAUNCHER = join(__dirname, 'prism-launcher.js');
/** Every product the double serves, each with its description: Sync, the 2010-04-01 API, Verify, Serverless and Pricing. */
const PRODUCTS: Product[] = ['sync', 'api', 'verify', 'serverless', 'pricing'];
const ATTEMPTS = 3;
const REGISTRY_DIR = join(tmpdir(), 'call-routing-prism');
const registrationFile = () => join(REGISTRY_DIR, `${process.pid}.json`);
const logFile = () => join(REGISTRY_DIR, `${process.pid}.log`);

let current: Promise<WorkerPrism> | undefined;

/** The Prism proxies of this process: the running ones, or new ones on first use. */
export function workerPrism(): Promise<WorkerPrism> {
  current ??= findOrStart().catch((error: unknown) => {
    current = undefined;
    throw error;
  });
  return current;
}

async function findOrStart(): Promise<WorkerPrism> {
  const specs = PRODUCTS.map((product) => prepareSpec(product));
  const documents = Object.fromEntries(PRODUCTS.map((product, i) => [product, specs[i]!.path])) as Record<Product, string>;
  const running = readRegistration();
  if (running && PRODUCTS.every((product) => running.documents[product] === documents[product])) return running;

  const patches = specs.flatMap((spec) => spec.patches);
  let lastError: unknown;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const launched = await launch(documents);
      const registration: Registration = { ...launched, patches, parentPid: process.pid, documents };
      const partial = `${registrationFile()}.partial`;
      writeFileSync(partial, JSON.stringify(registration));
      renameSync(partial, registrationFile());
      return registration;
    } catch (error) {
      lastError = error;
      // Another process took a port between freePort() and Prism's listen: try new ones.
      if (!(error instanceof PrismStartError) || !/EADDRINUSE/.test(error.message)) break;
    }
  }
  throw lastError;
}

/** This process's launcher, when it is still running. */
function readRegistration(): Registration | undefined {
  let registration: Registration;
  try {
    registration = JSON.parse(readFileSync(registrationFile(), 'utf8')) as Registration;
  } catch {
    return undefined;
  }
  if (registration.parentPid !== process.pid) return undefined;
  try {
    process.kill(registration.pid, 0);
  } catch {
    return undefined;
  }
  return registration;
}

/** A port that was free a moment ago (Prism's CLI factory takes a number and does not report an ephemeral one). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function launch(documents: Record<Product, string>): Promise<{ ports: Record<Product, number>; pid: number }> {
  const ports = {} as Record<Product, number>;
  for (const product of PRODUCTS) ports[product] = await freePort();
  const proxies = PRODUCTS.map((product) => ({ document: documents[product], port: ports[product] }));
  mkdirSync(REGISTRY_DIR, { recursive: true });
  // Prism's output goes to a file: nothing in this process has to keep reading it once Prism listens.
  const log = openSync(logFile(), 'w');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [LAUNCHER, JSON.stringify({ proxies, removeOnExit: [registrationFile(), logFile()] })], {
      stdio: ['pipe', log, log, 'ipc'],
      env: { ...process.env, NODE_ENV: 'test', FORCE_COLOR: '0' },
    });
  } finally {
    closeSync(log);
  }
  // Waits for the launcher's word, however long a loaded machine takes; jest's own timeout bounds a test.
  const outcome = await new Promise<'ready' | 'exited'>((resolve) => {
    child.once('message', () => resolve('ready'));
    child.once('exit', () => resolve('exited'));
    child.once('error', () => resolve('exited'));
  });
  child.removeAllListeners('message');
  child.removeAllListeners('exit');
  child.removeAllListeners('error');
  if (outcome !== 'ready' || child.pid === undefined) {
    child.kill('SIGKILL');
    throw new PrismStartError(
      `Prism exited before listening (${PRODUCTS.map((product) => documents[product]).join(', ')}):\n${readFileSync(logFile(), 'utf8').slice(-4000)}`,
    );
  }
  // Nothing here waits on the launcher any more: it must not keep this process alive. It ends when stdin closes.
  child.channel?.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  child.unref();
  return { ports, pid: child.pid };
}
