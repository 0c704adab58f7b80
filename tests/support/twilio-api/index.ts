// The Twilio API for tests: the stateful double behind two Prism proxies (one per OpenAPI description, both in
// one child process) behind a front router, so every REST request the code sends is checked against Twilio's
// description and then served by the double. `startTwilioApi()` starts it all on free 127.0.0.1 ports;
// `stop()` ends every server and the Prism process it began.
import type twilio from 'twilio';
import { createTwilioClient } from '../../../src/twilio/client';
import { TwilioApiDouble } from './double';
import type { Product } from './faults';
import { type PrismProxies, startPrismProxies } from './prism';
import { type ContractViolation, type ContractWarning, FrontRouter } from './router';
import { type SpecPatch, prepareSpec } from './spec';

export { TwilioApiDouble } from './double';
export type { RecordedRequest, RequestFilter } from './double';
export type { FaultKind, FaultRule, Product } from './faults';
export type { ContractViolation, ContractWarning } from './router';

export const TEST_ACCOUNT_SID = `AC${'0'.repeat(31)}1`;
export const TEST_AUTH_TOKEN = 'test-auth-token';

export interface StartTwilioApiOptions {
  accountSid?: string;
  authToken?: string;
  /** Also serve Twilio Verify (a third description for Prism: opt-in, so the files that need only Sync and the 2010 API start as fast as before). */
  verify?: boolean;
}

export interface TwilioApi {
  /** What goes into TWILIO_API_BASE_URL. */
  readonly baseUrl: string;
  readonly double: TwilioApiDouble;
  readonly accountSid: string;
  readonly authToken: string;
  /** How long Prism took to listen (both proxies), and the whole start. */
  readonly timings: { prismMs: number; startupMs: number };
  /** The corrections made to the descriptions before Prism loaded them (see ./spec.ts). */
  readonly patches: readonly SpecPatch[];
  /** Requests (or double responses) the descriptions refuse, in order. */
  violations(): readonly ContractViolation[];
  /** Prism's non-fatal remarks, e.g. an error status the description does not list. */
  warnings(): readonly ContractWarning[];
  clearViolations(): void;
  /** A client from src/twilio/client pointed here. */
  client(options?: { timeoutMs?: number }): twilio.Twilio;
  /** Stops the router, both Prism processes and the double. */
  stop(): Promise<void>;
}

export class ContractViolationError extends Error {
  override readonly name = 'ContractViolationError';
  readonly violations: readonly ContractViolation[];
  constructor(violations: readonly ContractViolation[]) {
    super(`Twilio's OpenAPI description refused ${violations.length} exchange(s):\n${formatViolations(violations)}`);
    this.violations = violations;
  }
}

export function formatViolations(violations: readonly ContractViolation[]): string {
  return violations
    .map((v) => {
      const issues = v.validation.map((i) => `      ${(i.location ?? []).join('.') || '-'}: ${i.message}`).join('\n');
      const body = v.body ? `\n      body: ${v.body.slice(0, 300)}` : '';
      return `  ${v.method} ${v.path} -> ${v.status} ${v.type} (${v.title})${issues ? `\n${issues}` : ''}${body}`;
    })
    .join('\n');
}

/** Throws (failing the test) when any request or response so far broke Twilio's description. */
export function expectNoContractViolations(api: Pick<TwilioApi, 'violations'>): void {
  const violations = api.violations();
  if (violations.length > 0) throw new ContractViolationError(violations);
}

export async function startTwilioApi(options: StartTwilioApiOptions = {}): Promise<TwilioApi> {
  const started = Date.now();
  const accountSid = options.accountSid ?? TEST_ACCOUNT_SID;
  const authToken = options.authToken ?? TEST_AUTH_TOKEN;
  const products: Product[] = options.verify ? ['sync', 'api', 'verify'] : ['sync', 'api'];
  const specs = products.map((product) => prepareSpec(product));
  const double = await TwilioApiDouble.start({ accountSid });
  let prism: PrismProxies | undefined;
  let router: FrontRouter | undefined;

  const stop = async (): Promise<void> => {
    await router?.stop();
    await prism?.stop();
    await double.stop();
  };

  try {
    prism = await startPrismProxies(specs.map((spec) => ({ document: spec.path, upstream: double.url })));
    const ports = prism.ports;
    const upstreams = Object.fromEntries(products.map((product, i) => [product, ports[i]!]));
    router = await FrontRouter.start({ upstreams, wasDropped: (id) => double.wasDropped(id) });
  } catch (error) {
    await stop();
    throw error;
  }

  const front = router;
  const prismMs = prism.startupMs;
  const baseUrl = `http://127.0.0.1:${front.port}`;
  return {
    baseUrl,
    double,
    accountSid,
    authToken,
    timings: { prismMs, startupMs: Date.now() - started },
    patches: specs.flatMap((spec) => spec.patches),
    violations: () => front.violations(),
    warnings: () => front.warnings(),
    clearViolations: () => front.clear(),
    client: (clientOptions = {}) => createTwilioClient({ accountSid, authToken, apiBaseUrl: baseUrl, timeoutMs: clientOptions.timeoutMs }),
    stop,
  };
}

/**
 * The API for one test file: started before its tests, stopped after them, each test's requests checked
 * against Twilio's descriptions (with `clearRequests`, the request record emptied before each test; with
 * `clearFaults`, injected faults removed after each).
 * Returns a stand-in that forwards to the started API, usable as `api.double...` in the tests.
 */
export function useTwilioApi(options: { clearRequests?: boolean; clearFaults?: boolean } & StartTwilioApiOptions = {}): TwilioApi {
  let started: TwilioApi | undefined;
  const current = (): TwilioApi => {
    if (!started) throw new Error('the Twilio API is used before beforeAll started it');
    return started;
  };
  beforeAll(async () => {
    started = await startTwilioApi(options);
  });
  afterAll(() => started?.stop());
  if (options.clearRequests) beforeEach(() => current().double.clearRequests());
  afterEach(() => {
    if (options.clearFaults) current().double.faults.clear();
    expectNoContractViolations(current());
  });
  return new Proxy({} as TwilioApi, { get: (_target, property) => Reflect.get(current(), property) });
}
