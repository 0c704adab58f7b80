// incoming-sms: the SMS URL of every routed number. A STOP-family reply opts the sender out of texts
// from that workspace; a START-family reply lifts it. The reply itself needs no answer from us
// (Twilio's own opt-out handling confirms the keywords), so the TwiML is empty. A keyword reply that
// cannot be recorded (after retries) is answered with an error status, never acknowledged and forgotten.
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
  // Throws OptOutWriteError when every attempt fails: the fallback then answers 500.
  await new OptOuts(services.state, services.shards).recordReply(intent, workspace, from, now, (attempt, error) =>
    log.warn(`recording the ${intent} of ${from} failed (attempt ${attempt}): ${(error as Error).message}; trying again`),
  );
  log.info(`${from} ${intent === 'opt-out' ? 'opted out of' : 'opted back in to'} texts from ${workspace}`);
  return emptyMessagingTwiml();
}

/**
 * A STOP or START that could not be recorded (the store, or the configuration, failed) is answered with 500,
 * so Twilio reports the failure and can deliver it again; any other message is simply acknowledged.
 */
export const incomingSmsFallback: Fallback = ({ params }) =>
  replyIntent(params.Body ?? '') === 'other'
    ? { reply: emptyMessagingTwiml(), description: 'an empty reply' }
    : { reply: { status: 500, json: { status: 'error', detail: 'the reply could not be recorded; deliver it again' } }, description: 'status 500: the opt-out or opt-in was not recorded' };
