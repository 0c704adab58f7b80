// The webhook URLs a number needs to reach this deployment, from the service's base URL (--base-url or
// FUNCTIONS_BASE_URL), and whether a number in the account points at them.
//
// Voice: "A call comes in" -> <base>/incoming-call (POST), and "Call status changes" -> <base>/call-status (POST):
// the call flow learns most of how a call ended from the <Dial action> and <Record action> URLs its TwiML carries
// (src/flows/urls.ts), but a caller who hangs up during the voicemail greeting reaches neither, and only the call's
// own status callback says the call is over (so the users still hear of the missed call). "Primary handler
// fails" -> <base>/voice-fallback.xml (GET): a static TwiML asset that rings a phone or takes a message when
// incoming-call cannot answer (src/twiml/voice-fallback.ts). Messaging: "A message comes in" -> <base>/incoming-sms
// (POST). The function URLs carry our connection overrides (callbackUrl, src/runtime/connection-overrides.ts):
// Twilio retries a failed connection or a 5xx before it falls back; a URL set without them still counts as ours.
import { PATHS } from '../flows/urls';
import { sameWebhook } from '../runtime/connection-overrides';
import { envSchema } from '../runtime/env';
import { callbackUrl } from '../runtime/signature';
import { VOICE_FALLBACK_ASSET, VOICE_FALLBACK_METHOD } from '../twiml/voice-fallback';
import { NumberInputError } from './errors';
export const WEBHOOK_METHOD = 'POST';

export interface DeploymentUrls {
  baseUrl: string;
  voiceUrl: string;
  /** The static TwiML Twilio plays when voiceUrl fails (fetched with GET). */
  voiceFallbackUrl: string;
  statusCallback: string;
  smsUrl: string;
}

/** What a number's webhook settings are, as Twilio reports them. */
export interface WebhookSettings {
  voiceUrl: string | null;
  voiceMethod: string | null;
  voiceFallbackUrl: string | null;
  voiceFallbackMethod: string | null;
  statusCallback: string | null;
  statusCallbackMethod: string | null;
  smsUrl: string | null;
  smsMethod: string | null;
  voiceApplicationSid: string | null;
  smsApplicationSid: string | null;
}

/** The URLs for a base URL, checked with the same rule as FUNCTIONS_BASE_URL; `source` names where it came from. */
export function deploymentUrls(baseUrl: string, source = '--base-url'): DeploymentUrls {
  const parsed = envSchema().shape.FUNCTIONS_BASE_URL.safeParse(baseUrl.trim());
  if (!parsed.success || parsed.data === undefined) {
    const reason = parsed.success ? 'is empty' : parsed.error.issues.map((issue) => issue.message).join('; ');
    throw new NumberInputError(`${source} ${reason} (got "${baseUrl}")`);
  }
  const base = parsed.data.replace(/\/+$/, '');
  return {
    baseUrl: base,
    voiceUrl: `${base}${callbackUrl(PATHS.incomingCall)}`,
    voiceFallbackUrl: `${base}${VOICE_FALLBACK_ASSET.path}`,
    statusCallback: `${base}${callbackUrl(PATHS.callStatus)}`,
    smsUrl: `${base}${callbackUrl(PATHS.incomingSms)}`,
  };
}

/** "Bound to this deployment": calls to the number reach our incoming-call function. */
export function isBound(settings: Pick<WebhookSettings, 'voiceUrl'>, urls: DeploymentUrls): boolean {
  return sameWebhook(settings.voiceUrl, urls.voiceUrl);
}

/** Bound, but Twilio has nothing to play when incoming-call fails: "an application error has occurred". */
export function lacksVoiceFallback(settings: Pick<WebhookSettings, 'voiceFallbackUrl'>, urls: DeploymentUrls): boolean {
  return settings.voiceFallbackUrl !== urls.voiceFallbackUrl;
}

export type UrlSettings = Partial<
  Record<
    | 'voiceUrl'
    | 'voiceMethod'
    | 'voiceFallbackUrl'
    | 'voiceFallbackMethod'
    | 'statusCallback'
    | 'statusCallbackMethod'
    | 'smsUrl'
    | 'smsMethod',
    string
  >
>;

/**
 * The settings to send so the number reaches this deployment, or an empty object when it already does
 * (which is what makes `bind` idempotent).
 */
export function bindingChanges(settings: WebhookSettings, urls: DeploymentUrls): UrlSettings {
  const wanted: UrlSettings = {};
  if (settings.voiceUrl !== urls.voiceUrl) wanted.voiceUrl = urls.voiceUrl;
  if ((settings.voiceMethod ?? WEBHOOK_METHOD).toUpperCase() !== WEBHOOK_METHOD) wanted.voiceMethod = WEBHOOK_METHOD;
  if (settings.voiceFallbackUrl !== urls.voiceFallbackUrl) wanted.voiceFallbackUrl = urls.voiceFallbackUrl;
  // Twilio's default fallback method is POST.
  if ((settings.voiceFallbackMethod ?? 'POST').toUpperCase() !== VOICE_FALLBACK_METHOD) wanted.voiceFallbackMethod = VOICE_FALLBACK_METHOD;
  if (settings.statusCallback !== urls.statusCallback) wanted.statusCallback = urls.statusCallback;
  if ((settings.statusCallbackMethod ?? WEBHOOK_METHOD).toUpperCase() !== WEBHOOK_METHOD) wanted.statusCallbackMethod = WEBHOOK_METHOD;
  if (settings.smsUrl !== urls.smsUrl) wanted.smsUrl = urls.smsUrl;
  if ((settings.smsMethod ?? WEBHOOK_METHOD).toUpperCase() !== WEBHOOK_METHOD) wanted.smsMethod = WEBHOOK_METHOD;
  return wanted;
}

/** What keeps a bound number from reaching us anyway: an application set on it wins over its URLs. */
export function bindingWarnings(number: string, settings: WebhookSettings): string[] {
  const warnings: string[] = [];
  if (settings.voiceApplicationSid)
    warnings.push(
      `${number} has the Voice application ${settings.voiceApplicationSid}: Twilio ignores its Voice URL until that is cleared in the Console`,
    );
  if (settings.smsApplicationSid)
    warnings.push(
      `${number} has the Messaging application ${settings.smsApplicationSid}: Twilio ignores its SMS URL until that is cleared in the Console`,
    );
  return warnings;
}

/** The settings that point the number away from this deployment: only the URLs that are ours are cleared. */
export function unbindingChanges(settings: WebhookSettings, urls: DeploymentUrls): UrlSettings {
  const wanted: UrlSettings = {};
  if (sameWebhook(settings.voiceUrl, urls.voiceUrl)) wanted.voiceUrl = '';
  if (settings.voiceFallbackUrl === urls.voiceFallbackUrl) wanted.voiceFallbackUrl = '';
  if (sameWebhook(settings.statusCallback, urls.statusCallback)) wanted.statusCallback = '';
  if (sameWebhook(settings.smsUrl, urls.smsUrl)) wanted.smsUrl = '';
  return wanted;
}
