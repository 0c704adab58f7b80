// The edge between Twilio Functions and src/: checks the request's signature, reads the request, the
// environment and the clock once, calls one step of the call flow, and writes TwiML. Any failure after
// the signature check still answers with TwiML that routes somewhere sensible (the fallback number, else
// a spoken apology), and the log says why. A request that is not Twilio's gets 403 and changes nothing.
import type { Context, ServerlessCallback, ServerlessFunctionSignature } from '@twilio-labs/serverless-runtime-types/types';
import { CLEANUP_RESERVE_MS, RequestBudget, STEP_BUDGET_MS, runWithBudget } from '../budget';
import { E164_PATTERN } from '../config/constants';
import { resolveCallContext } from '../calls/call-context';
import { CallLog, callHistoryTtlSeconds } from '../calls/call-log';
import { decodeCallbackState } from '../calls/callback-state';
import { fallbackTwiml } from '../twiml/fallback';
import type { KnownForCall } from '../routing/configuration-source';
import type { AssetMap } from './config-source';
import { EnvironmentError, describeEnvProblems, readEnvLeniently, type Env, type EnvProblem } from './env';
import type { Fallback, Reply, VoiceStep } from './request';
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
  /**
   * The step that answers a call first (incoming-call, outbound-call). Nothing depends on it any more: every step's
   * log is placed by its call context (src/calls/call-context), from its URL or else the called number's workspace.
   */
  startsCall?: boolean;
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
  const clock = options.clock ?? (() => new Date());
  const assets = options.assets ?? (() => Runtime.getAssets() as AssetMap);
  const fallbackFor = options.fallback ?? ringFallbackNumber;
  return async (context: Context, event: Record<string, unknown>, callback: ServerlessCallback) => {
    const params = normalizeParams(event);
    const log = createStepLog(name, params.CallSid);
    const placement = placementOf(context);
    const variables = context as unknown as Record<string, unknown>;
    // Whatever fails to parse, the valid variables are kept (a good FALLBACK_NUMBER still rings); the problems
    // are told after the signature check, so a forged request learns nothing about the environment.
    let env: Env | undefined;
    let envProblems: EnvProblem[] = [];
    let callLog: CallLog | undefined;
    try {
      ({ env, problems: envProblems } = readEnvLeniently(variables, { placement, notice: (message) => log.warn(message) }));
    } catch (error) {
      log.error('cannot read the environment', error);
    }

    const headers = (event.request as { headers?: Record<string, string | string[] | undefined> } | undefined)?.headers ?? {};
    // SKIP_SIGNATURE_CHECK (local only) skips the check and the token: no local token file is read or made for it.
    const signing = env?.SKIP_SIGNATURE_CHECK ? undefined : signingTokenFor(variables, placement, log);
    const signed = !signing
      ? { ok: true as const }
      : checkSignature(
          {
            domain: signedDomain(context.DOMAIN_NAME, headers, placement),
            // Not context.PATH: locally twilio-run lets the shell's PATH variable overwrite it.
            path: `/${name}`,
            headers,
            event,
          },
          // The raw token, so that a signature is checked whatever else in the environment fails to parse.
          signing.token,
        );
    if (!signed.ok) {
      const source = signing?.source ?? 'no token';
      log.warn(`refused with 403: ${signed.reason}; checked with ${source}`);
      // Locally the reason is part of the answer, so the simulator (or curl) can say what to check.
      const detail = placement.deployed ? '' : ` (${signed.reason}; checked with ${source})`;
      callback(null, response(403, 'text/plain; charset=utf-8', `Forbidden: not a valid Twilio request${detail}`));
      return;
    }

    // One time budget for everything this step waits on (see src/budget): with the defaults the answer comes
    // well inside 3 s. Never shorter than one Sync request's own deadline, which SYNC_TIMEOUT_MS may lengthen.
    await runWithBudget(new RequestBudget(Math.max(STEP_BUDGET_MS, env?.SYNC_TIMEOUT_MS ?? 0), undefined, CLEANUP_RESERVE_MS), async () => {
      try {
        if (!env) throw new EnvironmentError('the environment could not be read (see the error above)');
        if (envProblems.length)
          throw new EnvironmentError(
            `invalid environment: ${describeEnvProblems(envProblems)}; fix it in the service's environment variables (see .env.example)`,
          );
        const readyEnv = env;
        const now = chooseNow(params, readyEnv, clock, log);
        const baseUrl = functionsBaseUrl(context.DOMAIN_NAME, placement);
        const shared = servicesFor(readyEnv, assets, process.cwd(), baseUrl);
        const services: Services = { ...shared, state: shared.stateAt(now, (message) => log.warn(message)) };
        const warnings: string[] = [];
        const load = async (numbers: { to: string; from: string }, known: KnownForCall = {}) => {
          const found = await services.configuration.forCall(numbers, known);
          for (const warning of found.warnings) log.warn(warning);
          warnings.push(...found.warnings);
          return found.configuration;
        };
        // The call, resolved once and lazily; its log's place is the URL's, else found from its workspace when first used.
        const call = resolveCallContext({
          params,
          carried: decodeCallbackState(params),
          shards: services.shards,
          load,
          warn: (message) => log.warn(message),
        });
        callLog = new CallLog(services.state, log, () => call.place(), callHistoryTtlSeconds(readyEnv.CALL_HISTORY_DAYS));
        const reply = await step({
          params,
          env: readyEnv,
          now,
          log,
          services,
          callLog,
          warnings,
          placement,
          functionsBaseUrl: baseUrl,
          call,
          configuration: (numbers) => load(numbers),
        });
        callback(null, replyResponse(reply));
      } catch (error) {
        const fallback = fallbackFor({ env, params });
        log.error(`failed, answering with the fallback (${fallback.description})`, error);
        // Best effort, and within what is left of the budget: the caller is waiting for the fallback.
        await callLog?.write(params.CallSid, 'fault', {
          at: clock().toISOString(),
          step: name,
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
    });
  };
}
