// The edge between Twilio Functions and src/: reads the request, the environment and the clock once,
// calls one step of the call flow, and writes TwiML. Any failure still answers with TwiML that routes
// somewhere sensible (the fallback number, else a spoken apology), and the log says why.
import type { Context, ServerlessCallback, ServerlessFunctionSignature } from '@twilio-labs/serverless-runtime-types/types';
import { E164_PATTERN } from '../config/schema';
import type { RoutingConfiguration } from '../routing/lookup';
import { fallbackTwiml } from '../twiml/fallback';
import type { AssetMap } from './config-source';
import { readEnv, type Env } from './env';
import { createStepLog, describeError, type StepLog } from './log';
import { servicesFor, type Services } from './services';

/** Longest parameter value kept; Twilio's own values are far shorter. */
export const MAX_PARAM_LENGTH = 2048;

export interface WebhookRequest {
  params: Readonly<Record<string, string>>;
  env: Env;
  now: Date;
  log: StepLog;
  services: Services;
  /** The configuration this call (its To and From) needs; warnings (a stale copy served) are logged. */
  configuration(): Promise<RoutingConfiguration>;
}

export type VoiceStep = (request: WebhookRequest) => string | Promise<string>;

export interface WebhookOptions {
  clock?: () => Date;
  assets?: () => AssetMap;
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

function xmlResponse(xml: string) {
  const response = new Twilio.Response();
  response.setStatusCode(200);
  response.appendHeader('Content-Type', 'text/xml; charset=utf-8');
  response.setBody(xml);
  return response;
}

/** Wraps one step of the call flow as a Twilio Function handler. */
export function voiceWebhook(name: string, step: VoiceStep, options: WebhookOptions = {}): ServerlessFunctionSignature {
  const clock = options.clock ?? (() => new Date());
  const assets = options.assets ?? (() => Runtime.getAssets() as AssetMap);
  return async (context: Context, event: Record<string, unknown>, callback: ServerlessCallback) => {
    const params = normalizeParams(event);
    const log = createStepLog(name, params.CallSid);
    const calledNumber = E164_PATTERN.test(params.To ?? '') ? params.To : undefined;
    let env: Env | undefined;
    try {
      env = readEnv(context as unknown as Record<string, unknown>);
      const readyEnv = env;
      const now = chooseNow(params, readyEnv, clock, log);
      const services = servicesFor(readyEnv, assets);
      const xml = await step({
        params,
        env: readyEnv,
        now,
        log,
        services,
        configuration: async () => {
          const found = await services.configuration.forCall({ to: params.To ?? '', from: params.From ?? '' });
          for (const warning of found.warnings) log.warn(warning);
          return found.configuration;
        },
      });
      callback(null, xmlResponse(xml));
    } catch (error) {
      const fallback = fallbackTwiml(env?.FALLBACK_NUMBER, calledNumber);
      log.error(`failed, answering with the fallback (${fallback.description})`, error);
      try {
        callback(null, xmlResponse(fallback.xml));
      } catch (responseError) {
        log.error('could not even build the fallback response', responseError);
        callback(describeError(responseError));
      }
    }
  };
}
