// Replies reach a person: a text to a routed number (not an opt-out or opt-in alone) is recorded once in the
// caller's history and forwarded by SMS, from that number (through its Messaging Service when one is named), to the
// users it concerns (./recipients), unless the workspace's `notifications.events` leaves out `reply`. One that may
// be a request to stop is forwarded with a note and marked in the history; HELP or INFO alone is answered (./notes)
// and forwarded with what was sent. Quiet hours do not hold replies back: the caller is waiting for an answer now.
// Once per message: the ledger's create is the claim, and a retried webhook that finds it forwards nothing. A
// forward that fails is recorded, never retried here. A record left `forwarding` by a delivery that died is
// forwarded by a later one (the ledger takes it over past the lease): the webhook's retry, or the sender's next text
// filed with the same call (finishUnfinished). A text from a user's own phone never comes here (./staff-answer); the
// sender's hourly cap (./sender-cap) may hold a forward (and a HELP answer) back, and each user a forward reached can
// then answer its sender by texting the number (./staff-state).
import type { Contact, PhoneNumber, Workspace } from '../config/types';
import type { StepLog } from '../log/step-log';
import type { Messenger } from '../textback/messenger';
import { readReply, type ReplyReading } from '../textback/keywords';
import type { SendOptions } from '../textback/messenger';
import type { FirstTexts } from '../textback/opt-out-line';
import { sendOptionsFor } from '../textback/sender';
import { openReplyEntry, type ForwardEntry, type ReplyEntry, type ReplyLedger } from './ledger';
import { forwardedTexts, type InboundText } from './message';
import { forwardNote, helpAnswer } from './notes';
import { isOurNumber, replyRecipients } from './recipients';

export interface ReplyDeps {
  messenger: Messenger;
  log: StepLog;
  now: Date;
  /** Who has been told how to opt out (src/textback/opt-out-line): the HELP answer says how, so it counts. */
  firstTexts?: FirstTexts;
  /** Sends message.received to the workspace's webhooks (src/flows/call-events); its deliveries are recorded with the reply. */
  emit: () => Promise<{ deliveries: readonly { url: string; status: 'delivered' | 'failed' }[] }>;
  /** The sender's hourly cap (./sender-cap), asked once before a claimed reply is forwarded: null to go, else why it is held. */
  admit?: () => Promise<string | null>;
  /** Told of the settled reply (alongside its record): the users it reached can answer it (./staff-answer rememberForwards). */
  afterForward?: (entry: ReplyEntry) => Promise<void>;
}

export interface ReplyContext {
  workspace: Workspace;
  number: PhoneNumber;
  routedNumbers: ReadonlySet<string>;
  contact: Contact | null;
  /** The users the caller's last call rang (empty without one). */
  rungUsers: readonly string[];
  ledger: ReplyLedger;
  /** What the text is (src/textback/keywords): a message, maybe a request to stop, or HELP; a plain message without it. */
  reading?: ReplyReading;
}

/** What became of one text: recorded and forwarded (or not, and why), or a retry of one already handled, or not recordable. */
export type ReplyOutcome = { state: 'handled'; entry: ReplyEntry } | { state: 'duplicate' } | { state: 'unrecorded' };

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

function settledStatus(forwarded: readonly ForwardEntry[]): ReplyEntry['status'] {
  if (forwarded.length === 0) return 'not-forwarded';
  const went = forwarded.filter((entry) => entry.status === 'sent' || entry.status === 'outbox').length;
  return went === forwarded.length ? 'forwarded' : went === 0 ? 'failed' : 'partial';
}

/** Who gets the forward, and if nobody, why. */
function planForward(context: ReplyContext, text: InboundText): { users: { id: string; phone: string }[]; why: string } {
  const { workspace, number } = context;
  const chosen = replyRecipients(workspace, context.routedNumbers, text.from, { contact: context.contact, rungUsers: context.rungUsers });
  if (!workspace.notifications.events.includes('reply'))
    return { users: [], why: `not forwarded: the workspace's notifications.events leaves out "reply" (${chosen.why})` };
  if (!number.capabilities.sms) return { users: [], why: `not forwarded: ${number.number} cannot send SMS` };
  return { users: chosen.users.map((user) => ({ id: user.id, phone: user.phone! })), why: chosen.why };
}

type Sent = Omit<ForwardEntry, 'user' | 'to'>;

/** Sends `bodies` to `to` in order; the first failure ends it (the later texts would read out of order). */
export async function sendAll(
  deps: Pick<ReplyDeps, 'messenger' | 'now'>,
  to: string,
  from: string,
  bodies: readonly string[],
  options: SendOptions,
): Promise<Sent> {
  const sids: string[] = [];
  const sentSoFar = () => (sids.length ? { messageSid: sids[0]!, ...(sids.length > 1 ? { messageSids: [...sids] } : {}) } : {});
  const which = () => (bodies.length > 1 ? `text ${sids.length + 1} of ${bodies.length}: ` : '');
  let outbox: string | null = null;
  try {
    for (const body of bodies) {
      const result = await deps.messenger.send({ to, from, body }, deps.now, options);
      if (result.status === 'sent') sids.push(result.messageSid);
      else if (result.status === 'outbox') outbox = result.outboxId;
      else return { status: result.status, detail: `${which()}${result.detail}`, ...sentSoFar() };
    }
  } catch (error) {
    return { status: 'failed', detail: `${which()}${describe(error)}`, ...sentSoFar() };
  }
  if (outbox !== null) return { status: 'outbox', detail: `not sent: local mode (outbox ${outbox})` };
  return { status: 'sent', ...sentSoFar() };
}

export async function handleReply(
  deps: ReplyDeps,
  context: ReplyContext,
  text: InboundText & { messageSid: string },
): Promise<ReplyOutcome> {
  const outcome = await handleOneReply(deps, context, text);
  if (outcome.state === 'handled') await finishUnfinished(deps, context, text.messageSid);
  return outcome;
}

/** The most earlier replies one text finishes: each is a forward to send while Twilio waits for the answer. */
const MAX_FINISHED_PER_TEXT = 3;

/** The sender's earlier replies (of the same call) a delivery died before forwarding: forwarded now, without their message.received again. */
async function finishUnfinished(deps: ReplyDeps, context: ReplyContext, current: string): Promise<void> {
  let unfinished: ReplyEntry[];
  try {
    unfinished = await context.ledger.unfinished(deps.now, current);
  } catch (error) {
    deps.log.warn(`could not look for earlier replies left unforwarded: ${describe(error)}`);
    return;
  }
  // A user's own text (an answer to a customer, ./staff-answer) is never forwarded to users: its own retry finishes it.
  for (const entry of unfinished.filter((entry) => !entry.answer).slice(0, MAX_FINISHED_PER_TEXT)) {
    deps.log.warn(`reply ${entry.messageSid}, recorded at ${entry.at}, was never forwarded: finishing it with ${current}`);
    const text = {
      messageSid: entry.messageSid,
      from: entry.from,
      to: entry.to,
      body: entry.body,
      media: entry.media ?? [],
      ignoredMedia: 0,
    };
    // Read as what it is (this text's reading belongs to the text that finishes it).
    await handleOneReply({ ...deps, emit: async () => ({ deliveries: [] }) }, { ...context, reading: readReply(entry.body) }, text);
  }
}

async function handleOneReply(deps: ReplyDeps, context: ReplyContext, text: InboundText & { messageSid: string }): Promise<ReplyOutcome> {
  const { workspace, number, ledger } = context;
  const reading = context.reading ?? { kind: 'message', keyword: null, mayBeOptOut: false };
  const plan = planForward(context, text);
  // HELP is answered from the number texted, unless the sender is one of our numbers (an answer there would loop).
  const answer =
    reading.kind === 'help' && number.capabilities.sms && !isOurNumber(workspace, context.routedNumbers, text.from)
      ? helpAnswer(workspace, number)
      : null;
  const forwardParts = plan.users.length
    ? forwardedTexts(text, context.contact, number.name ?? null, forwardNote(reading, text.from, answer))
    : [];
  const entry = openReplyEntry(text, workspace.id, ledger.callSid, deps.now, {
    why: plan.why,
    forwardBody: forwardParts[0] ?? null,
    ...(forwardParts.length > 1 ? { forwardMore: forwardParts.slice(1) } : {}),
    ...(reading.kind === 'help' ? { mark: 'help' as const } : reading.mayBeOptOut ? { mark: 'may-be-opt-out' as const } : {}),
  });
  const claimed = await ledger.claim(entry);
  if (claimed === 'exists') return { state: 'duplicate' };
  if (claimed === 'failed') return { state: 'unrecorded' };

  const held = (plan.users.length || answer) && deps.admit ? await deps.admit() : null;
  const users = held ? [] : plan.users;
  const options = sendOptionsFor(workspace, number, ledger.callSid ?? undefined);
  const forwardTo = async (user: { id: string; phone: string }): Promise<ForwardEntry> => ({
    user: user.id,
    to: user.phone,
    ...(await sendAll(deps, user.phone, number.number, forwardParts, options)),
  });
  const answerSender = async (): Promise<ReplyEntry['answered']> =>
    answer && !held ? { body: answer, ...(await sendAll(deps, text.from, number.number, [answer], options)) } : undefined;
  const [forwarded, emitted, answered] = await Promise.all([Promise.all(users.map(forwardTo)), deps.emit(), answerSender()]);
  const settled: ReplyEntry = {
    ...entry,
    status: settledStatus(forwarded),
    ...(held ? { why: `${plan.why}; ${held}`, forwardBody: null, forwardMore: undefined } : {}),
    forwarded,
    ...(answered ? { answered } : {}),
    events: emitted.deliveries.map((delivery) => ({ url: delivery.url, status: delivery.status })),
  };
  for (const sent of forwarded) {
    deps.log.info(
      `reply ${text.messageSid} from ${text.from} forwarded to ${sent.user} (${sent.to}): ${sent.status}${sent.messageSid ? ` ${sent.messageSid}` : ''}${sent.detail ? ` (${sent.detail})` : ''}`,
    );
  }
  if (forwarded.length === 0) deps.log.info(`reply ${text.messageSid} from ${text.from} recorded, forwarded to nobody: ${settled.why}`);
  if (reading.mayBeOptOut)
    deps.log.info(
      `reply ${text.messageSid} from ${text.from} may be a request to stop ("${reading.keyword}" but not alone): forwarded for a person to decide, no opt-out recorded`,
    );
  if (answered && (answered.status === 'sent' || answered.status === 'outbox'))
    await deps.firstTexts?.told(workspace.id, text.from, answered.body, deps.now);
  if (answered)
    deps.log.info(
      `reply ${text.messageSid} from ${text.from} is ${reading.keyword}: answered, ${answered.status}${answered.detail ? ` (${answered.detail})` : ''}`,
    );
  const [kept] = await Promise.all([ledger.settle(settled), deps.afterForward?.(settled)]);
  if (!kept) deps.log.warn(`reply ${text.messageSid}: its outcome could not be recorded (the history says "forwarding")`);
  return { state: 'handled', entry: settled };
}
