// incoming-sms: the SMS URL of every routed number. A STOP-family reply opts the sender out of texts
// from that workspace; a START-family reply lifts it. The reply itself needs no answer from us
// (Twilio's own opt-out handling confirms the keywords), so the TwiML is empty.
import type { Fallback, WebhookRequest } from '../runtime/request';
import twilio from 'twilio';
import { indexBundle } from '../routing/lookup';
import { replyIntent } from '../textback/keywords';
import { OptOuts } from '../textback/opt-out';

const emptyMessagingTwiml = () => new twilio.twiml.MessagingResponse().toString();

export async function incomingSms(request: WebhookRequest): Promise<string> {
  const { params, now, log, services } = request;
  const from = (params.From ?? '').trim();
  const to = (params.To ?? '').trim();
  const intent = replyIntent(params.Body ?? '');
  if (intent === 'other') {
    log.info(`reply from ${from} to ${to} (${(params.Body ?? '').length} characters): not a keyword`);
    return emptyMessagingTwiml();
  }
  const found = indexBundle(await request.configuration({ to, from })).numbers.get(to);
  if (!found) {
    log.warn(`${intent} from ${from} to ${to}, which is not a routed number: nothing recorded`);
    return emptyMessagingTwiml();
  }
  const workspace = found.workspace.workspace.id;
  const optOuts = new OptOuts(services.state);
  if (intent === 'opt-out') await optOuts.optOut(workspace, from, 'reply-stop', now);
  else await optOuts.optIn(workspace, from);
  log.info(`${from} ${intent === 'opt-out' ? 'opted out of' : 'opted back in to'} texts from ${workspace}`);
  return emptyMessagingTwiml();
}

export const incomingSmsFallback: Fallback = () => ({ reply: emptyMessagingTwiml(), description: 'an empty reply' });
