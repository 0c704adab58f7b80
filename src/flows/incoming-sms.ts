// incoming-sms: the SMS URL of every routed number. An opt-out keyword alone (src/textback/keywords: STOP, "stop
// please"...) opts the sender out of texts from that workspace; START, UNSTOP or YES alone lifts it for a sender who
// had opted out. Any other text is a reply from a caller: it is recorded once in their history (with their last
// call), forwarded to the users it concerns (src/replies; HELP alone is also answered), and sent to the workspace's
// webhooks as message.received. The TwiML is empty. A text that cannot be recorded (a keyword after retries, a reply
// whose record or last call cannot be read) is answered with an error status, never acknowledged and forgotten.
import type { Fallback, Reply, WebhookRequest } from '../runtime/request';
import twilio from 'twilio';
import { callHistoryTtlSeconds } from '../calls/call-log';
import { LastCalls } from '../calls/last-call';
import { indexBundle } from '../routing/lookup';
import { readReply } from '../textback/keywords';
import { OptOuts } from '../textback/opt-out';
import { FirstTexts } from '../textback/opt-out-line';
import { handleReply, inboundText, replyLedger } from '../replies';
import { emitRequestEvent } from './call-events';

const emptyMessagingTwiml = () => new twilio.twiml.MessagingResponse().toString();

const notRecorded = (detail: string): Reply => ({ status: 500, json: { status: 'error', detail } });

export async function incomingSms(request: WebhookRequest): Promise<Reply> {
  const { params, now, log, services } = request;
  const text = inboundText(params);
  const { from, to } = text;
  const reading = readReply(text.body);
  const index = indexBundle(await request.configuration({ to, from }));
  const found = index.numbers.get(to);
  if (!found) {
    log.warn(`${reading.kind === 'message' ? 'a text' : reading.kind} from ${from} to ${to}, which is not a routed number: nothing recorded`);
    return emptyMessagingTwiml();
  }
  const workspace = found.workspace.workspace;
  const optOuts = new OptOuts(services.state, services.shards);
  // An opt-in only lifts an opt-out: from anyone else, a bare YES is a reply. (A read that fails: the fallback's 500.)
  const intent = reading.kind === 'opt-out' || (reading.kind === 'opt-in' && (await optOuts.isOptedOut(workspace.id, from))) ? reading.kind : null;
  if (reading.kind === 'opt-in' && !intent) log.info(`${reading.keyword} from ${from}, who had not opted out: a reply, not an opt-in`);
  if (intent) {
    // Throws OptOutWriteError when every attempt fails: the fallback then answers 500.
    await optOuts.recordReply(intent, workspace.id, from, now, (attempt, error) =>
      log.warn(`recording the ${intent} of ${from} failed (attempt ${attempt}): ${(error as Error).message}; trying again`),
    );
    log.info(`${from} ${intent === 'opt-out' ? 'opted out of' : 'opted back in to'} texts from ${workspace.id}`);
    return emptyMessagingTwiml();
  }

  if (!text.messageSid) {
    log.warn(`a text from ${from} to ${to} without a valid MessageSid: it cannot be kept to once, so it is not forwarded`);
    return emptyMessagingTwiml();
  }
  if (text.ignoredMedia) log.warn(`${text.ignoredMedia} media of ${text.messageSid} left out: not https URLs`);
  const ttlSeconds = callHistoryTtlSeconds(request.env.CALL_HISTORY_DAYS);
  const last = await new LastCalls(services.state, services.shards, ttlSeconds).find(workspace.id, from);
  if (last.state === 'unreadable') {
    // Forwarding without it could forward a retry twice (its record would be filed elsewhere): ask Twilio to deliver it again.
    log.error(`could not read ${from}'s last call; the reply ${text.messageSid} is not forwarded yet`, last.error);
    return notRecorded("the sender's last call could not be read; deliver the text again");
  }
  const lastCall = last.state === 'found' ? last.call : null;
  const ledger = replyLedger({ store: services.state, shards: services.shards, log, ttlSeconds }, workspace.id, from, lastCall);
  const outcome = await handleReply(
    {
      messenger: services.messenger,
      log,
      now,
      firstTexts: new FirstTexts({ store: services.state, shards: services.shards, onError: (what, error) => log.warn(`${what}: ${(error as Error).message}`) }),
      emit: () =>
        emitRequestEvent(request, workspace, {
          type: 'message.received',
          at: now,
          data: { messageSid: text.messageSid!, workspace: workspace.id, from, to, body: text.body, media: text.media },
        }),
    },
    {
      workspace,
      number: found.number,
      routedNumbers: index.routedNumbers,
      contact: found.workspace.contacts.get(from) ?? null,
      rungUsers: lastCall?.rungUsers ?? [],
      ledger,
      reading,
    },
    { ...text, messageSid: text.messageSid },
  );
  if (outcome.state === 'duplicate') log.info(`reply ${text.messageSid} from ${from} was already handled (a retried webhook): nothing sent again`);
  if (outcome.state === 'unrecorded') return notRecorded('the reply could not be recorded; deliver it again');
  return emptyMessagingTwiml();
}

/**
 * A text that could not be handled (the store, or the configuration, failed) is answered with 500, so Twilio
 * reports the failure and can deliver it again: a STOP is never lost, and a reply is never dropped unforwarded.
 */
export const incomingSmsFallback: Fallback = ({ params }) => {
  const { kind } = readReply(params.Body ?? '');
  const what = kind === 'opt-out' || kind === 'opt-in' ? `the ${kind} was not recorded` : 'the reply was not forwarded';
  return { reply: notRecorded(`${what}; deliver it again`), description: `status 500: ${what}` };
};
