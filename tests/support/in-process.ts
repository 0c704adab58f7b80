// Runs the built functions (dist/functions/*.js) in this process, the way twilio-run's in-process mode
// does: its own Response class and the Twilio global, a context with the environment, and the callback.
// For suites that send tens of thousands of requests, where HTTP and a fork per request would take hours.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import twilio from 'twilio';
import { ROOT } from './twilio-run';

// twilio-run's own Response (what `new Twilio.Response()` is locally), not a stand-in.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Response } = require(join(ROOT, 'node_modules', '@twilio', 'runtime-handler', 'dist', 'dev-runtime', 'internal', 'response.js')) as {
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

/** The functions Twilio calls (protected); the console's public functions are tested in tests/console. */
export const FUNCTION_NAMES = readdirSync(join(ROOT, 'dist', 'functions'))
  .filter((file) => file.endsWith('.protected.js'))
  .map((file) => file.replace(/\.protected\.js$/, ''))
  .sort();

/**
 * What the runtime puts in the context beside the environment. twilio-run gives DOMAIN_NAME localhost:PORT
 * and no SERVICE_SID; Twilio gives the service's domain and its ZS... SID.
 */
export interface RuntimeContext {
  DOMAIN_NAME: string;
  SERVICE_SID?: string;
}

export function loadFunctions(
  env: Record<string, string>,
  runtime: RuntimeContext = { DOMAIN_NAME: 'localhost:3000' },
): (name: string, event: Record<string, unknown>, headers?: Record<string, string>) => Promise<InvokeResult> {
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
        resolve({ error: null, status: 200, contentType: typeof response === 'string' ? 'text/plain' : 'application/json', body: String(response) });
      };
      try {
        const result = handler(context, { ...event, request: { headers, cookies: {} } }, done);
        if (result instanceof Promise) result.catch((error: unknown) => done(error));
      } catch (error) {
        done(error);
      }
    });
}
