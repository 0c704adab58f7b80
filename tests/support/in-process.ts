// Runs the built functions (dist/functions/*.js) in this process, the way twilio-run's in-process mode
// does: its own Response class and the Twilio global, a context with the environment, and the callback.
// For suites that send thousands of requests, or that need one request each under several environments,
// where an HTTP server (or a process per request) would be most of the cost. Requests are signed as Twilio
// signs them when the test asks, and what the functions log can be kept for the test to read.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import twilio from 'twilio';
import { callbackUrl } from '../../src/runtime/signature';
import { ROOT } from './twilio-run';
import type { Functions } from './drive-call';

// twilio-run's own Response (what `new Twilio.Response()` is locally), not a stand-in.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Response } = require(
  join(ROOT, 'node_modules', '@twilio', 'runtime-handler', 'dist', 'dev-runtime', 'internal', 'response.js'),
) as {
  Response: new () => RuntimeResponse;
};

interface RuntimeResponse {
  statusCode: number;
  body: unknown;
  headers: Record<string, string | string[]>;
}

export interface InvokeResult {
  error: unknown;
  status: number;
  contentType: string;
  body: string;
}

type Handler = (context: object, event: object, callback: (error: unknown, response?: unknown) => void) => unknown;

/** The project's assets as Runtime.getAssets() names them: `x.private.json` is served as `/x.json`. */
function projectAssets(): Record<string, { path: string; open(): string }> {
  const folder = join(ROOT, 'assets');
  return Object.fromEntries(
    readdirSync(folder).map((file) => {
      const path = join(folder, file);
      return [`/${file.replace('.private.', '.')}`, { path, open: () => readFileSync(path, 'utf8') }];
    }),
  );
}

/** The host the functions are told they are served on (DOMAIN_NAME), as twilio-run tells them locally. */
export const IN_PROCESS_DOMAIN = 'localhost:3000';

/** The functions Twilio calls (protected); the console's public functions are tested in tests/console. */
export const FUNCTION_NAMES = readdirSync(join(ROOT, 'dist', 'functions'))
  .filter((file) => file.endsWith('.protected.js'))
  .map((file) => file.replace(/\.protected\.js$/, ''))
  .sort();

/** Our callback URLs carry their context in `cr…` query parameters (see src/runtime/signature.ts). */
const QUERY_PARAMETER = /^cr[A-Z]/;

/**
 * A request to function `name` as Twilio makes it and the runtime hands it over: our `cr…` parameters in the URL
 * our TwiML named (first in the event, as the runtime merges the query before the body), the rest posted, and
 * X-Twilio-Signature over that URL and the posted parameters.
 */
export function twilioRequest(
  authToken: string,
  name: string,
  params: Record<string, unknown>,
): { event: Record<string, unknown>; headers: Record<string, string> } {
  const query: Record<string, string> = {};
  const posted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (QUERY_PARAMETER.test(key) && typeof value === 'string') query[key] = value;
    else posted[key] = value;
  }
  return twilioRequestTo(authToken, callbackUrl(`/${name}`, query), posted);
}

/**
 * A POST to `url` (a path with the query a TwiML document named, as it named it) with `posted` in the body, as
 * Twilio sends it and the runtime hands it over: the query's parameters first in the event, then the body's, and
 * X-Twilio-Signature over the full URL and the posted parameters. `name` is the function the path names.
 */
export function twilioRequestTo(
  authToken: string,
  url: string,
  posted: Record<string, unknown>,
): { name: string; event: Record<string, unknown>; headers: Record<string, string> } {
  const parsed = new URL(url, `http://${IN_PROCESS_DOMAIN}`);
  const query = Object.fromEntries(parsed.searchParams);
  const signature = twilio.getExpectedTwilioSignature(authToken, `http://${IN_PROCESS_DOMAIN}${parsed.pathname}${parsed.search}`, posted);
  return { name: parsed.pathname.replace(/^\//, ''), event: { ...query, ...posted }, headers: { 'x-twilio-signature': signature } };
}

export type Invoke = (name: string, event: Record<string, unknown>, headers?: Record<string, string>) => Promise<InvokeResult>;

/**
 * What the runtime puts in the context beside the environment. twilio-run gives DOMAIN_NAME localhost:PORT
 * and no SERVICE_SID; Twilio gives the service's domain and its ZS... SID.
 */
export interface RuntimeContext {
  DOMAIN_NAME: string;
  SERVICE_SID?: string;
}

export function loadFunctions(env: Record<string, string>, runtime: RuntimeContext = { DOMAIN_NAME: IN_PROCESS_DOMAIN }): Invoke {
  const globals = globalThis as Record<string, unknown>;
  globals.Twilio = { ...twilio, Response };
  globals.Runtime = { getAssets: projectAssets, getFunctions: () => ({}), getSync: () => undefined };
  const handlers = new Map<string, Handler>();
  for (const name of FUNCTION_NAMES) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handlers.set(name, (require(join(ROOT, 'dist', 'functions', `${name}.protected.js`)) as { handler: Handler }).handler);
  }
  return (name, event, headers = {}) =>
    new Promise((resolve) => {
      const handler = handlers.get(name);
      if (!handler) throw new Error(`no function ${name}`);
      const context = { ...env, ...runtime, PATH: `/${name}`, getTwilioClient: () => undefined };
      const done = (error: unknown, response?: unknown) => {
        if (error !== null && error !== undefined) return resolve({ error, status: 500, contentType: '', body: '' });
        if (response instanceof Response) {
          const type = response.headers['Content-Type'] ?? response.headers['content-type'] ?? '';
          const body = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
          return resolve({ error: null, status: response.statusCode, contentType: String(type), body });
        }
        resolve({
          error: null,
          status: 200,
          contentType: typeof response === 'string' ? 'text/plain' : 'application/json',
          body: String(response),
        });
      };
      try {
        const result = handler(context, { ...event, request: { headers, cookies: {} } }, done);
        if (result instanceof Promise) result.catch((error: unknown) => done(error));
      } catch (error) {
        done(error);
      }
    });
}

/**
 * Takes over console.log, .info, .warn and .error from beforeAll to afterAll of the calling file or block: what the
 * functions log is kept (`keep: true`) for the test to read with text(), or dropped (for suites that send thousands
 * of requests, where jest's console buffer would record a stack for every line).
 */
export function functionLogs(options: { keep: boolean }): { text(): string } {
  const lines: string[] = [];
  let restore: (() => void) | undefined;
  beforeAll(() => {
    restore = takeOverConsole(options.keep ? (line) => void lines.push(line) : () => undefined);
  });
  afterAll(() => restore?.());
  return { text: () => lines.join('\n') };
}

/** Sends console.log, .info, .warn and .error to `sink` (one line per call) until the returned function is called. */
export function takeOverConsole(sink: (line: string) => void): () => void {
  const methods = ['log', 'info', 'warn', 'error'] as const;
  const originals = methods.map((method) => [method, console[method]] as const);
  for (const method of methods) console[method] = (...args: unknown[]) => sink(args.map(String).join(' '));
  return () => {
    for (const [method, original] of originals) console[method] = original;
  };
}

/**
 * The in-process functions behind the served functions' `post` (a path and query as TwiML named them, the form
 * body), signed with `authToken`: so tests/support/drive-call can drive whole calls through them.
 */
export function inProcessFunctions(invoke: Invoke, authToken: string): { post: Functions['post'] } {
  return {
    async post(url, params) {
      const request = twilioRequestTo(authToken, url, params);
      const { status, body, contentType } = await invoke(request.name, request.event, request.headers);
      return { status, body, contentType };
    },
  };
}
