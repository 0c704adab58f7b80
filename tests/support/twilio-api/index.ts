// The Twilio API for tests: the stateful double behind four Prism proxies (one per OpenAPI description: Sync, the
// 2010-04-01 API, Verify and Serverless, all in one child process that the whole jest worker shares) behind a front router, so every REST request the code
// sends is checked against Twilio's description and then served by the double. `startTwilioApi()` starts a
// double and a router on free 127.0.0.1 ports (and the worker's Prism, the first time); `stop()` ends the two.
import type twilio from 'twilio';
import { createTwilioClient } from '../../../src/twilio/client';
import { TwilioApiDouble } from './double';
import { DOUBLE_PORT_HEADER, workerPrism } from './prism';
import { type ContractViolation, type ContractWarning, FrontRouter } from './router';
import type { SpecPatch } from './spec';

export { TwilioApiDouble } from './double';
export type { RecordedRequest, RequestFilter } from './double';
export type { FaultKind, FaultRule, Product } from './faults';
export type { ContractViolation, ContractWarning } from './router';

export const TEST_ACCOUNT_SID = `AC${'0'.repeat(31)}1`;
export const TEST_AUTH_TOKEN = 'test-auth-token';
/** The deadline of the tests' own clients: long enough that only a hung request reaches it. */
export const TEST_CLIENT_TIMEOUT_MS = 20_000;

export interface StartTwilioApiOptions {
  accountSid?: string;
  authToken?: string;
}

export interface TwilioApi {
  /** What goes into TWILIO_API_BASE_URL. */
  readonly baseUrl: string;
  readonly double: TwilioApiDouble;
  readonly accountSid: string;
  readonly authToken: string;
  /** The corrections made to the descriptions before Prism loaded them (see ./spec.ts). */
  readonly patches: readonly SpecPatch[];
  /** Requests (or double responses) the descriptions refuse, in order. */
  violations(): readonly ContractViolation[];
  /** Prism's non-fatal remarks, e.g. an error status the description does not list. */
  warnings(): readonly ContractWarning[];
  clearViolations(): void;
  /**
   * A client from src/twilio/client pointed here. Its deadline defaults to TEST_CLIENT_TIMEOUT_MS, which only a
   * hung request reaches, however loaded the machine: a test of deadlines passes its own.
   */
  client(options?: { timeoutMs?: number }): twilio.Twilio;
  /** Stops the router and the double (the worker's Prism serves the next test file). */
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
  const accountSid = options.accountSid ?? TEST_ACCOUNT_SID;
  const authToken = options.authToken ?? TEST_AUTH_TOKEN;
  const prism = await workerPrism();
  const double = await TwilioApiDouble.start({ accountSid });
  let router: FrontRouter;
  try {
    router = await FrontRouter.start({
      upstreams: prism.ports,
      headers: { [DOUBLE_PORT_HEADER]: String(double.port) },
      wasDropped: (id) => double.wasDropped(id),
    });
  } catch (error) {
    await double.stop();
    throw error;
  }

  const front = router;
  const baseUrl = `http://127.0.0.1:${front.port}`;
  return {
    baseUrl,
    double,
    accountSid,
    authToken,
    patches: prism.patches,
    violations: () => front.violations(),
    warnings: () => front.warnings(),
    clearViolations: () => front.clear(),
    client: (clientOptions = {}) =>
      createTwilioClient({ accountSid, authToken, apiBaseUrl: baseUrl, timeoutMs: clientOptions.timeoutMs ?? TEST_CLIENT_TIMEOUT_MS }),
    stop: async () => {
      await front.stop();
      await double.stop();
    },
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
