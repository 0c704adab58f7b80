// The edge between Twilio Functions and src/: checks the request's signature, reads the request, the
// environment and the clock once, calls one step of the call flow, and writes TwiML. Any failure after
// the signature check still answers with TwiML that routes somewhere sensible (the fallback number, else
// a spoken apology), and the log says why. A request that is not Twilio's gets 403 and changes nothing.
// webhookHandler reads as the list of its stages: receive, read the environment, refuse the unsigned, then within
// one time budget: a usable environment, the clock, the services, the call and its log (the request), the step's
// answer (or the fallback).
import type { Context, ServerlessCallback, ServerlessFunctionSignature } from '@twilio-labs/serverless-runtime-types/types';
import { CLEANUP_RESERVE_MS, RequestBudget, STEP_BUDGET_MS, runWithBudget } from '../budget/budget';
import { E164_PATTERN } from '../config/constants';
import { resolveCallContext } from '../calls/call-context';
import { CallLog, callHistoryTtlSeconds } from '../calls/call-log';
import { decodeCallbackState } from '../calls/callback-state';
import type { KnownForCall } from '../routing/configuration-source';
import { fallbackTwiml } from '../twiml/fallback';
import type { AssetMap } from './bundle-configuration-source';
import { EnvironmentError, describeEnvProblems, readEnvLeniently, type Env, type EnvProblem } from './env';
import type { Fallback, Reply, VoiceStep, WebhookRequest } from './request';
import { createStepLog, describeError, type StepLog } from '../log/step-log';
import { servicesFor, type Services } from './services';
import { resolveLocalStateDir, localSigningToken } from './local-signing-token';
import { isLoopbackHost, placementOf, type Placement } from './placement';
import { checkSignature } from './signature';

/** Longest parameter value kept; Twilio's own values are far shorter. */
export const MAX_PARAM_LENGTH = 2048;

/** The default: ring FALLBACK_NUMBER (never the called number itself), else apologise and hang up. */
export const ringFallbackNumber: Fallback = ({ env, params }) => {
  const fallback = fallbackTwiml(env?.FALLBACK_NUMBER, E164_PATTERN.test(params.To ?? '') ? params.To : undefined);
  return { reply: fallback.xml, description: fallback.description };
};

export interface WebhookOptions {
  clock?: () => Date;
  assets?: () => AssetMap;
  fallback?: Fallback;
}

/** Twilio posts form fields; a repeated field arrives as an array. Keep the first string of each, bounded. */
export function normalizeParams(event: Record<string, unknown>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, raw] of Object.entries(event)) {
    if (key === 'request') continue;
    const value = Array.isArray(raw) ? raw.find((item) => typeof item === 'string') : raw;
    if (typeof value === 'string') params[key] = value.length > MAX_PARAM_LENGTH ? value.slice(0, MAX_PARAM_LENGTH) : value;
    else if (typeof value === 'number' || typeof value === 'boolean') params[key] = String(value);
  }
  return params;
}

function chooseNow(params: Record<string, string>, env: Env, clock: () => Date, log: StepLog): Date {
  const simulated = params.SimulatedAt;
  if (simulated === undefined) return clock();
  if (!env.ALLOW_SIMULATED_CLOCK) {
    log.warn('ignored SimulatedAt: ALLOW_SIMULATED_CLOCK is off');
    return clock();
  }
  const at = new Date(simulated);
  if (Number.isNaN(at.getTime())) {
    log.warn(`ignored SimulatedAt "${simulated.slice(0, 40)}": not an ISO-8601 time`);
    return clock();
  }
  log.info(`simulated clock: ${at.toISOString()}`);
  return at;
}

function response(status: number, contentType: string, body: string | object) {
  const reply = new Twilio.Response();
  reply.setStatusCode(status);
  reply.appendHeader('Content-Type', contentType);
  reply.setBody(body);
  return reply;
}

const replyResponse = (reply: Reply) =>
  typeof reply === 'string'
    ? response(200, 'text/xml; charset=utf-8', reply)
    : response(reply.status ?? 200, 'application/json; charset=utf-8', reply.json as object);

/**
 * The host Twilio signed: DOMAIN_NAME when deployed. Locally twilio-run always says localhost:PORT, so the
 * request's own Host header is used when it is a loopback address too (a client may call 127.0.0.1:PORT).
 */
function signedDomain(domainName: string, headers: Record<string, string | string[] | undefined>, placement: Placement): string {
  const host = headers.host;
  const requested = Array.isArray(host) ? host[0] : host;
  return !placement.deployed && isLoopbackHost(requested) ? requested! : domainName;
}

/** AUTH_TOKEN as given; locally without one, the checkout's local signing token (what the simulator signs with). */
function signingTokenFor(
  variables: Record<string, unknown>,
  placement: Placement,
  log: StepLog,
): { token: string | undefined; source: string } {
  const raw = typeof variables.AUTH_TOKEN === 'string' ? variables.AUTH_TOKEN.trim() : '';
  if (raw || placement.deployed) return { token: raw || undefined, source: 'AUTH_TOKEN' };
  try {
    const stateDir = typeof variables.LOCAL_STATE_DIR === 'string' ? variables.LOCAL_STATE_DIR : undefined;
    const local = localSigningToken(resolveLocalStateDir(stateDir, process.cwd()));
    return { token: local.token, source: `the local signing token in ${local.file} (no AUTH_TOKEN is set)` };
  } catch (error) {
    log.error('cannot read the local signing token', error);
    return { token: undefined, source: 'no AUTH_TOKEN and no readable local signing token' };
  }
}

/**
 * The functions' own base URL, for URLs a REST request carries (a text's StatusCallback): TwiML may name a
 * relative URL, a REST request may not. Deployed, https://DOMAIN_NAME; served locally, http://localhost:PORT,
 * which is what twilio-run gives DOMAIN_NAME.
 */
export function functionsBaseUrl(domainName: string, placement: Placement): string {
  return `${placement.deployed ? 'https' : 'http'}://${domainName}`;
}

/** Wraps one step of the call flow as a Twilio Function handler; `name` is also its path (/name). */
export function webhookHandler(name: string, step: VoiceStep, options: WebhookOptions = {}): ServerlessFunctionSignature {
  const edge: Edge = {
    name,
    step,
    clock: options.clock ?? (() => new Date()),
    assets: options.assets ?? (() => Runtime.getAssets() as AssetMap),
    fallbackFor: options.fallback ?? ringFallbackNumber,
  };
  // The stages of every request, in order; each is one function below.
  return async (context: Context, event: Record<string, unknown>, callback: ServerlessCallback) => {
    const arrival = receive(edge, context, event);
    const environment = readEnvironment(arrival);
    const refusal = refuseUnsigned(edge, arrival, environment);
    if (refusal) {
      callback(null, refusal);
      return;
    }
    await withinTimeBudget(environment, () => answerStep(edge, arrival, environment, callback));
  };
}

/** One wrapped step and what it was given: fixed when the handler is made. */
interface Edge {
  name: string;
  step: VoiceStep;
  clock: () => Date;
  assets: () => AssetMap;
  fallbackFor: Fallback;
}

/** What a request brings, read once: its context and event, its parameters, its log and where it runs. */
interface Arrival {
  context: Context;
  event: Record<string, unknown>;
  params: Record<string, string>;
  log: StepLog;
  placement: Placement;
}

/** The service's environment variables, as given. */
type Variables = Record<string, unknown>;

/** The environment as read: whatever fails to parse, the valid variables are kept (a good FALLBACK_NUMBER still rings). */
interface EnvironmentReading {
  env: Env | undefined;
  problems: EnvProblem[];
}

/** Stage 1: the request's parameters (bounded), its log and its placement. */
function receive(edge: Edge, context: Context, event: Record<string, unknown>): Arrival {
  const params = normalizeParams(event);
  return {
    context,
    event,
    params,
    log: createStepLog(edge.name, params.CallSid),
    placement: placementOf(context),
  };
}

/**
 * Stage 2: the environment, leniently. Its problems are told only after the signature check (stage 3, told at
 * stage 5), so a forged request learns nothing about the environment.
 */
function readEnvironment({ context, placement, log }: Arrival): EnvironmentReading {
  try {
    return readEnvLeniently(context as unknown as Variables, { placement, notice: (message) => log.warn(message) });
  } catch (error) {
    log.error('cannot read the environment', error);
    return { env: undefined, problems: [] };
  }
}

/** Stage 3: a request that is not Twilio's gets 403 (and changes nothing); null when it is signed. */
function refuseUnsigned(edge: Edge, arrival: Arrival, { env }: EnvironmentReading) {
  const { context, event, placement, log } = arrival;
  // SKIP_SIGNATURE_CHECK (local only) skips the check and the token: no local token file is read or made for it.
  if (env?.SKIP_SIGNATURE_CHECK) return null;
  const headers = (event.request as { headers?: Record<string, string | string[] | undefined> } | undefined)?.headers ?? {};
  const signing = signingTokenFor(context as unknown as Variables, placement, log);
  const signed = checkSignature(
    {
      domain: signedDomain(context.DOMAIN_NAME, headers, placement),
      // Not context.PATH: locally twilio-run lets the shell's PATH variable overwrite it.
      path: `/${edge.name}`,
      headers,
      event,
    },
    // The raw token, so that a signature is checked whatever else in the environment fails to parse.
    signing.token,
  );
  if (signed.ok) return null;
  log.warn(`refused with 403: ${signed.reason}; checked with ${signing.source}`);
  // Locally the reason is part of the answer, so the simulator (or curl) can say what to check.
  const detail = placement.deployed ? '' : ` (${signed.reason}; checked with ${signing.source})`;
  return response(403, 'text/plain; charset=utf-8', `Forbidden: not a valid Twilio request${detail}`);
}

/**
 * Stage 4: one time budget for everything the step waits on (see src/budget): with the defaults the answer comes
 * well inside 3 s. Never shorter than one Sync request's own deadline, which SYNC_TIMEOUT_MS may lengthen.
 */
function withinTimeBudget({ env }: EnvironmentReading, answer: () => Promise<void>): Promise<void> {
  return runWithBudget(new RequestBudget(Math.max(STEP_BUDGET_MS, env?.SYNC_TIMEOUT_MS ?? 0), undefined, CLEANUP_RESERVE_MS), answer);
}

/** Stages 5 to 9: the step's answer, or on any failure the fallback (which still routes the caller somewhere sensible). */
async function answerStep(edge: Edge, arrival: Arrival, environment: EnvironmentReading, callback: ServerlessCallback): Promise<void> {
  let callLog: CallLog | undefined;
  try {
    const env = usableEnvironment(environment);
    const now = chooseNow(arrival.params, env, edge.clock, arrival.log);
    const baseUrl = functionsBaseUrl(arrival.context.DOMAIN_NAME, arrival.placement);
    const services = servicesAt(edge, arrival, env, now, baseUrl);
    const request = requestFor(arrival, env, now, services, baseUrl);
    callLog = request.callLog;
    const reply = await edge.step(request);
    callback(null, replyResponse(reply));
  } catch (error) {
    await answerWithFallback(edge, arrival, environment.env, callLog, error, callback);
  }
}

/** Stage 5: the environment the step runs with, or an EnvironmentError saying what to fix. */
function usableEnvironment({ env, problems }: EnvironmentReading): Env {
  if (!env) throw new EnvironmentError('the environment could not be read (see the error above)');
  if (problems.length)
    throw new EnvironmentError(
      `invalid environment: ${describeEnvProblems(problems)}; fix it in the service's environment variables (see .env.example)`,
    );
  return env;
}

/** Stage 6: the services (configuration, state, Twilio's API...), with the state store for this instant. */
function servicesAt(edge: Edge, { log }: Arrival, env: Env, now: Date, baseUrl: string): Services {
  const shared = servicesFor(env, edge.assets, process.cwd(), baseUrl);
  return { ...shared, state: shared.stateAt(now, (message) => log.warn(message)) };
}

/**
 * Stages 7 and 8: what the step is given (src/runtime/request): the call, resolved once and lazily
 * (src/calls/call-context), and its log, whose place is the one its URL carries, else found from the called
 * number's workspace when first used.
 */
function requestFor({ params, log, placement }: Arrival, env: Env, now: Date, services: Services, baseUrl: string): WebhookRequest {
  const warnings: string[] = [];
  const load = async (numbers: { to: string; from: string }, known: KnownForCall = {}) => {
    const found = await services.configuration.forCall(numbers, known);
    for (const warning of found.warnings) log.warn(warning);
    warnings.push(...found.warnings);
    return found.configuration;
  };
  const call = resolveCallContext({
    params,
    carried: decodeCallbackState(params),
    shards: services.shards,
    load,
    warn: (message) => log.warn(message),
  });
  return {
    params,
    env,
    now,
    log,
    services,
    callLog: new CallLog(services.state, log, () => call.place(), callHistoryTtlSeconds(env.CALL_HISTORY_DAYS)),
    warnings,
    placement,
    functionsBaseUrl: baseUrl,
    call,
    configuration: (numbers) => load(numbers),
  };
}

/** Stage 9, on failure: the fallback's TwiML, and the fault in the call's log (best effort, within what is left of the budget). */
async function answerWithFallback(
  edge: Edge,
  { params, log }: Arrival,
  env: Env | undefined,
  callLog: CallLog | undefined,
  error: unknown,
  callback: ServerlessCallback,
): Promise<void> {
  const fallback = edge.fallbackFor({ env, params });
  log.error(`failed, answering with the fallback (${fallback.description})`, error);
  // Best effort, and within what is left of the budget: the caller is waiting for the fallback.
  await callLog?.write(params.CallSid, 'fault', {
    at: edge.clock().toISOString(),
    step: edge.name,
    error: describeError(error),
    fallback: fallback.description,
  });
  try {
    callback(null, replyResponse(fallback.reply));
  } catch (responseError) {
    log.error('could not even build the fallback response', responseError);
    callback(describeError(responseError));
  }
}
