// Twilio Function: incoming-sms. Thin: the work is in src/flows/incoming-sms; `DND on` / `DND off` texts are saved
// where the console saves settings (src/console/do-not-disturb), handed in here so flows need not import the console.
import { doNotDisturbWriter } from '../src/console/do-not-disturb';
import { incomingSms, incomingSmsFallback } from '../src/flows/incoming-sms';
import type { AssetMap } from '../src/runtime/bundle-configuration-source';
import { webhookHandler } from '../src/runtime/webhook';

export const handler = webhookHandler(
  'incoming-sms',
  (request) =>
    incomingSms(request, {
      saveDoNotDisturb: doNotDisturbWriter(request.env, request.services, () => Runtime.getAssets() as AssetMap),
    }),
  { fallback: incomingSmsFallback },
);
