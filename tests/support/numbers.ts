// Shared by the numbers tests: a two-workspace agency bundle, the environment that points the numbers commands at
// the Twilio API double, unique numbers so tests sharing one double never collide, and counts of the requests
// that change the account's numbers.
import { readFileSync } from 'node:fs';
import type { BundleInput } from '../../src/config/types';
import { readEnv } from '../../src/runtime/env';
import { numbersServicesFrom, type NumbersServices } from '../../src/numbers/services';
import { SyncRepository } from '../../src/sync/repository';
import { parseBundle } from '../../src/config/parse';
import { writeTempJson } from './legs';
import { PATIENT_SYNC_TIMEOUT_MS, gatewayFor } from './sync';
import type { TwilioApi } from './twilio-api/index';
import { OVERRIDES } from './twiml';

export const BASE_URL = 'https://call-routing-1234-dev.twil.io';
export const VOICE_URL = `${BASE_URL}/incoming-call${OVERRIDES}`;
/** The number's "call status changes" URL: call-status tells of a caller who hung up during the greeting. */
export const STATUS_URL = `${BASE_URL}/call-status${OVERRIDES}`;
export const SMS_URL = `${BASE_URL}/incoming-sms${OVERRIDES}`;
/** The number's "primary handler fails" URL: the static TwiML asset, fetched with GET. */
export const FALLBACK_URL = `${BASE_URL}/voice-fallback.xml`;
/** A number's settings (Twilio's parameter names) when it is bound to this deployment. */
export const BOUND = {
  VoiceUrl: VOICE_URL,
  VoiceFallbackUrl: FALLBACK_URL,
  VoiceFallbackMethod: 'GET',
  SmsUrl: SMS_URL,
  StatusCallback: STATUS_URL,
};
export const SAMPLE = `${__dirname}/../../assets/sample-config.private.json`;

let counter = 0;
/** A number no other test in this process uses (fictional 555-01xx style, area code 555 is never assigned). */
export function uniqueNumber(): string {
  counter += 1;
  return `+1555${String(process.pid % 1000).padStart(3, '0')}${String(counter).padStart(4, '0')}`;
}

/** Agency bundle: workspace "acme" routes `acmeNumber`, workspace "globex" routes `globexNumber`. */
export function agencyBundle(numbers: { acme: string[]; globex: string[] }): BundleInput {
  const entries = (list: string[], prefix: string) => list.map((number, i) => ({ number, name: `${prefix} line ${i + 1}` }));
  return {
    workspaces: [
      { id: 'acme', name: 'Acme Plumbing', companyPhone: '+15550100001', numbers: entries(numbers.acme, 'Acme') },
      { id: 'globex', name: 'Globex Dental', companyPhone: '+15550300001', numbers: entries(numbers.globex, 'Globex') },
    ],
  };
}

export function writeBundle(bundle: BundleInput): string {
  return writeTempJson('bundle.json', bundle);
}

export function readBundle(file: string): BundleInput {
  return JSON.parse(readFileSync(file, 'utf8')) as BundleInput;
}

/** Environment for the numbers commands against the double; `extra` adds or overrides (empty string unsets). */
export function numbersEnv(api: TwilioApi, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ACCOUNT_SID: api.accountSid,
    AUTH_TOKEN: api.authToken,
    TWILIO_API_BASE_URL: api.baseUrl,
    FUNCTIONS_BASE_URL: BASE_URL,
    SYNC_SERVICE_SID: '',
    SYNC_TIMEOUT_MS: PATIENT_SYNC_TIMEOUT_MS,
    ...extra,
  };
}

/** The services the CLI would build from that environment, with progress lines collected. */
export function numbersServices(
  api: TwilioApi,
  options: { config?: string; env?: Record<string, string> } = {},
): NumbersServices & { lines: string[] } {
  const lines: string[] = [];
  const services = numbersServicesFrom(readEnv(numbersEnv(api, options.env)), {
    config: options.config,
    sampleConfig: SAMPLE,
    progress: (line) => lines.push(line),
  });
  return Object.assign(services, { lines });
}

/** Pushes a bundle into a Sync service on the double, as `config push` does. */
export async function pushToSync(api: TwilioApi, serviceSid: string, bundle: BundleInput): Promise<void> {
  const repository = new SyncRepository(gatewayFor(api, serviceSid));
  await repository.apply(await repository.plan(parseBundle(bundle)));
}

/** What Sync holds now, as a validated bundle (as `config pull` reads it). */
export async function pullFromSync(api: TwilioApi, serviceSid: string) {
  return parseBundle(await new SyncRepository(gatewayFor(api, serviceSid)).readBundle());
}

/** Requests that would change the account's numbers (buy, update, release). */
export function numberWrites(api: TwilioApi): { method: string; path: string; params: Record<string, unknown> }[] {
  return api.double.requests({ product: 'api', path: 'IncomingPhoneNumbers' }).filter((request) => request.method !== 'GET');
}

/** The double's record of an account number, by E.164. */
export function incoming(api: TwilioApi, e164: string) {
  return [...api.double.api.incomingNumbers.values()].find((number) => number.phoneNumber === e164);
}
