// incoming-sms: the SMS URL of every routed number. An opt-out keyword alone (src/textback/keywords: STOP, "stop
// please"...) opts the sender out of texts from that workspace; START, UNSTOP or YES alone lifts it for a sender who
// had opted out. Any other text is a reply from a caller: it is recorded once in their history (with their last
// call), forwarded to the users it concerns (src/replies; HELP alone is also answered), and sent to the workspace's
// webhooks as message.received. The TwiML is empty. A text that cannot be recorded (a keyword after retries, a reply
// whose record or last call cannot be read) is answered with an error status, never acknowledged and forgotten.
// A text from a user's own phone is a staff answer instead: it reaches the customer last forwarded to that user from
// the number, never the user's colleagues (src/replies/staff-answer), unless it is `DND on` or `DND off` alone: that
// turns their do not disturb on or off and is confirmed by text (src/replies/do-not-disturb; `saveDoNotDisturb` is
// the console's save path, handed in by functions/incoming-sms).
import { contactOfCaller } from '../phone/caller-id';
import type { Fallback, Reply, WebhookRequest } from '../runtime/request';
import twilio from 'twilio';
import { callHistoryTtlSeconds } from '../calls/call-log';
import { LastCalls } from '../calls/last-call';
import { routedNumber, routedNumbersOf } from '../calls/call-context';
import { readReply } from '../textback/keywords';
import { OptOuts } from '../textback/opt-out';
import { FirstTexts } from '../textback/opt-out-line';
import { classifySender } from '../replies/senders';
import { handleReply, type ReplyOutcome } from '../replies/forward';
import { handleStaffText, rememberForwards } from '../replies/staff-answer';
import { handleDndText, readDndCommand, type DoNotDisturbWriter } from '../replies/do-not-disturb';
import { inboundText } from '../replies/message';
import { replyLedger } from '../replies/ledger';
import { SenderCap } from '../replies/sender-cap';
import { StaffThreads } from '../replies/staff-state';
import type { StepLog } from '../log/step-log';
import { emitRequestEvent } from './call-events';

const emptyMessagingTwiml = () => new twilio.twiml.MessagingResponse().toString();

const notRecorded = (detail: string): Reply => ({ status: 500, json: { status: 'error', detail } });

export interface IncomingSmsOptions {
  /** Sets a user's doNotDisturb where the configuration lives (src/console/do-not-disturb); none: `DND on` is answered "not changed". */
  saveDoNotDisturb?: DoNotDisturbWriter;
}

export async function incomingSms(request: WebhookRequest, options: IncomingSmsOptions = {}): Promise<Reply> {
  const { params, now, log, services } = request;
  const text = inboundText(params);
  const { from, to } = text;
  const reading = readReply(text.body);
  const configuration = await request.configuration({ to, from });
  const found = routedNumber(configuration, to);
  if (!found) {
    log.warn(
      `${reading.kind === 'message' ? 'a text' : reading.kind} from ${from} to ${to}, which is not a routed number: nothing recorded`,
    );
    return emptyMessagingTwiml();
  }
  const { workspace } = found;
  const optOuts = new OptOuts(services.state, services.shards);
  // An opt-in only lifts an opt-out: from anyone else, a bare YES is a reply. (A read that fails: the fallback's 500.)
  const intent =
    reading.kind === 'opt-out' || (reading.kind === 'opt-in' && (await optOuts.isOptedOut(workspace.id, from))) ? reading.kind : null;
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
  const [last, routedNumbers] = await Promise.all([
    new LastCalls(services.state, services.shards, ttlSeconds).find(workspace.id, from),
    configuration.routedNumbers ? withSenderIfOurs(request, routedNumbersOf(configuration), from) : routedNumbersOf(configuration),
  ]);
  if (last.state === 'unreadable') {
    // Forwarding without it could forward a retry twice (its record would be filed elsewhere): ask Twilio to deliver it again.
    log.error(`could not read ${from}'s last call; the reply ${text.messageSid} is not forwarded yet`, last.error);
    return notRecorded("the sender's last call could not be read; deliver the text again");
  }
  const lastCall = last.state === 'found' ? last.call : null;
  const ledger = replyLedger({ store: services.state, shards: services.shards, log, ttlSeconds }, workspace.id, from, lastCall);
  // A user's own phone answers a customer and never reaches other users; everyone's texts count against their hourly cap.
  const sender = classifySender(workspace, routedNumbers, from);
  const threads = new StaffThreads(services.state, services.shards);
  const cap = new SenderCap(services.state, services.shards, log);
  const firstTexts = new FirstTexts({
    store: services.state,
    shards: services.shards,
    onError: (what, error) => log.warn(`${what}: ${(error as Error).message}`),
  });
  const dnd = sender.kind === 'staff' ? readDndCommand(text) : null;
  if (sender.kind === 'staff' && dnd !== null) {
    const outcome = await handleDndText(
      { messenger: services.messenger, log, now, cap, save: options.saveDoNotDisturb },
      { workspace, number: found.number, user: sender.user, ledger },
      { ...text, messageSid: text.messageSid },
      dnd,
    );
    return handled(outcome, text.messageSid, from, log);
  }
  if (sender.kind === 'staff') {
    const answered = await handleStaffText(
      { messenger: services.messenger, log, now, store: services.state, shards: services.shards, ttlSeconds, threads, cap, firstTexts },
      { workspace, number: found.number, user: sender.user, ledger },
      { ...text, messageSid: text.messageSid },
    );
    return handled(answered, text.messageSid, from, log);
  }
  const outcome = await handleReply(
    {
      admit: () => cap.admit(workspace.id, from, now, 'the forward', text.messageSid!),
      afterForward: (entry) => rememberForwards(threads, log, workspace.id, to, entry),
      messenger: services.messenger,
      log,
      now,
      firstTexts,
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
      routedNumbers,
      contact: contactOfCaller(request.call.caller, found.contacts),
      rungUsers: lastCall?.rungUsers ?? [],
      ledger,
      reading,
    },
    { ...text, messageSid: text.messageSid },
  );
  return handled(outcome, text.messageSid, from, log);
}

/**
 * The deployment's numbers as far as this text needs them (asked only of a slice; a whole bundle knows them all):
 * a configuration from Sync is one workspace's slice, so
 * whether the sender is another workspace's number (a text we sent: never forwarded) is one more look-up, cached
 * like any number's document. Failing, the sender counts as not ours (the sender cap still bounds a loop).
 */
async function withSenderIfOurs(request: WebhookRequest, known: ReadonlySet<string>, from: string): Promise<ReadonlySet<string>> {
  if (!from || known.has(from)) return known;
  try {
    const ours = routedNumber(await request.configuration({ to: from, from: request.call.to }), from) !== null;
    return ours ? new Set([...known, from]) : known;
  } catch (error) {
    request.log.warn(`could not tell whether ${from} is one of this deployment's numbers (${(error as Error).message}); taken as not ours`);
    return known;
  }
}

function handled(outcome: ReplyOutcome, messageSid: string, from: string, log: StepLog): Reply {
  if (outcome.state === 'duplicate')
    log.info(`reply ${messageSid} from ${from} was already handled (a retried webhook): nothing sent again`);
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
