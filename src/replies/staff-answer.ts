// Staff answer a customer from their own phone: a user of the workspace (known by their phone) who texts a business
// number reaches the customer whose text was last forwarded to them from that number within
// STAFF_ANSWER_WINDOW_HOURS (./staff-state), from that number (through its Messaging Service when one is named), and
// nothing goes to their colleagues. The text is kept in the user's history like any text (the reply ledger of the
// sender, claimed once: a retried webhook sends nothing again) and, once answered, in the customer's history too, with
// `answer.user` saying who answered. A text that has no one to answer (no forward in the window, or the customer
// replied STOP) is kept, and the user is told why in a short note, at most one an hour (phones auto-reply: a note
// must never start a conversation). Everything sent counts against the sender's hourly cap (./sender-cap).
import type { PhoneNumber, User, Workspace } from '../config/types';
import { LastCalls } from '../calls/last-call';
import type { StepLog } from '../log/step-log';
import type { StateShards } from '../state/shards';
import type { StateStore } from '../state/store';
import type { Messenger, SendResult } from '../textback/messenger';
import type { FirstTexts } from '../textback/opt-out-line';
import { OptOuts } from '../textback/opt-out';
import { sendOptionsFor } from '../textback/sender';
import { sendAll, type ReplyOutcome } from './forward';
import { openReplyEntry, replyLedger, type ReplyEntry, type ReplyLedger } from './ledger';
import { MAX_FORWARD_LENGTH, type InboundText } from './message';
import type { SenderCap } from './sender-cap';
import { STAFF_ANSWER_WINDOW_HOURS, type StaffThread, type StaffThreads } from './staff-state';

/** What became of a user's text to a business number (kept with the text as `answer`). */
export interface StaffAnswer {
  /** The user who sent it (their phone is the text's `from`). */
  user: string;
  /** The customer it answers, null when there was none to answer. */
  customer: string | null;
  /** The customer's text it answers (the one last forwarded to the user), when there was one. */
  inReplyTo: string | null;
  /**
   * `sent` (`outbox` locally) to the customer; `opted-out` or `failed` as Twilio answered; `no-customer` or
   * `customer-opted-out` (nobody to send it to: see `note`); `held` by the sender cap; `empty` (no words, no media).
   */
  status: 'pending' | 'sent' | 'outbox' | 'opted-out' | 'failed' | 'no-customer' | 'customer-opted-out' | 'held' | 'empty';
  messageSid?: string;
  detail?: string;
  /** The note telling the user why their text went nowhere: its outcome, or `withheld` (one was sent within the hour). */
  note?: { status: SendResult['status'] | 'withheld'; body: string; messageSid?: string; detail?: string };
}

/** What a staff text is to do, decided before anything is written or sent. */
export type StaffTextPlan =
  | { action: 'answer'; thread: StaffThread; body: string }
  | {
      action: 'note';
      status: 'no-customer' | 'customer-opted-out';
      customer: string | null;
      inReplyTo: string | null;
      note: string;
      why: string;
    }
  | { action: 'keep'; status: 'empty'; thread: StaffThread; why: string };

const numberLabel = (number: Pick<PhoneNumber, 'number' | 'name'>) => (number.name ? `${number.name} (${number.number})` : number.number);

/** The text the customer gets: the user's words as typed, then any media as links, within one message. */
export function answerText(text: Pick<InboundText, 'body' | 'media'>): string {
  const links = text.media.map((item) => item.url).join('\n');
  const body = text.body.trim();
  const whole = [body, links].filter(Boolean).join('\n');
  return whole.length <= MAX_FORWARD_LENGTH ? whole : `${whole.slice(0, MAX_FORWARD_LENGTH - 1)}…`;
}

/** The note for a text that had no one to answer (one SMS segment with a number name of up to ~30 characters). */
export function noCustomerNote(number: Pick<PhoneNumber, 'number' | 'name'>): string {
  return `Not sent: no customer's text was forwarded to you from ${numberLabel(number)} in the last ${STAFF_ANSWER_WINDOW_HOURS} h, so your text had no one to answer.`;
}

export function optedOutNote(number: Pick<PhoneNumber, 'number' | 'name'>, customer: string): string {
  return `Not sent: ${customer} has opted out of texts from ${numberLabel(number)} (they replied STOP).`;
}

/** The decision for a user's text: whom it answers, or which note says why it went nowhere. Pure. */
export function planStaffText(input: {
  user: Pick<User, 'id'>;
  number: Pick<PhoneNumber, 'number' | 'name'>;
  text: Pick<InboundText, 'from' | 'body' | 'media'>;
  /** The customer last forwarded to the user from this number within the window (./staff-state answerableThread). */
  thread: StaffThread | null;
  customerOptedOut: boolean;
}): StaffTextPlan {
  const { user, number, text, thread } = input;
  const label = numberLabel(number);
  if (!thread || thread.customer === text.from) {
    return {
      action: 'note',
      status: 'no-customer',
      customer: null,
      inReplyTo: null,
      note: noCustomerNote(number),
      why: `a text from ${user.id}'s phone with no customer to answer: no customer's text was forwarded to ${user.id} from ${label} in the last ${STAFF_ANSWER_WINDOW_HOURS} h (a user's text is never forwarded to other users)`,
    };
  }
  if (input.customerOptedOut) {
    return {
      action: 'note',
      status: 'customer-opted-out',
      customer: thread.customer,
      inReplyTo: thread.messageSid,
      note: optedOutNote(number, thread.customer),
      why: `${user.id} answered ${thread.customer}, who has opted out of texts from this workspace: not sent`,
    };
  }
  const body = answerText(text);
  if (!body)
    return {
      action: 'keep',
      status: 'empty',
      thread,
      why: `an empty text from ${user.id} (no words, no media): nothing to send to ${thread.customer}`,
    };
  return { action: 'answer', thread, body };
}

export interface StaffDeps {
  messenger: Messenger;
  log: StepLog;
  now: Date;
  store: StateStore;
  shards: StateShards;
  /** The call history's retention (callHistoryTtlSeconds): the customer's copy of the answer is kept as long. */
  ttlSeconds: number;
  threads: StaffThreads;
  cap: SenderCap;
  /** Who has been told how to opt out (src/textback/opt-out-line): a customer's first text from us carries the line. */
  firstTexts?: FirstTexts;
}

export interface StaffContext {
  workspace: Workspace;
  number: PhoneNumber;
  user: User;
  /** Where the user's own text is kept (their reply ledger, as for any sender). */
  ledger: ReplyLedger;
}

const settledStatus = (answer: StaffAnswer): ReplyEntry['status'] =>
  answer.status === 'sent' || answer.status === 'outbox'
    ? 'forwarded'
    : answer.status === 'failed' || answer.status === 'opted-out'
      ? 'failed'
      : 'not-forwarded';

/** Handles a text from a user's phone: answers the customer, or keeps it and notes why not (see the header). */
export async function handleStaffText(
  deps: StaffDeps,
  context: StaffContext,
  text: InboundText & { messageSid: string },
): Promise<ReplyOutcome> {
  const { workspace, number, user, ledger } = context;
  const { log, now } = deps;
  // Read before the claim: a text whose customer cannot be known is answered 500 and delivered again, not claimed and lost.
  let thread: StaffThread | null;
  let customerOptedOut = false;
  let customerTold = false;
  try {
    thread = await deps.threads.answerable(workspace.id, number.number, text.from, now);
    if (thread)
      ({ optedOut: customerOptedOut, told: customerTold } = await new OptOuts(deps.store, deps.shards).standing(
        workspace.id,
        thread.customer,
      ));
  } catch (error) {
    log.error(`could not read whom ${user.id}'s text ${text.messageSid} answers; not sent yet`, error);
    return { state: 'unrecorded' };
  }
  const plan = planStaffText({ user, number, text, thread, customerOptedOut });
  const entry = openReplyEntry(text, workspace.id, ledger.callSid, now, {
    why:
      plan.action === 'answer'
        ? `${user.id} answered ${plan.thread.customer}, whose text ${plan.thread.messageSid} was last forwarded to them from ${numberLabel(number)}`
        : plan.why,
    forwardBody: plan.action === 'answer' ? plan.body : null,
    answer: {
      user: user.id,
      customer: plan.action === 'note' ? plan.customer : plan.thread.customer,
      inReplyTo: plan.action === 'note' ? plan.inReplyTo : plan.thread.messageSid,
      status: 'pending',
    },
  });
  const claimed = await ledger.claim(entry);
  if (claimed === 'exists') return { state: 'duplicate' };
  if (claimed === 'failed') return { state: 'unrecorded' };

  const answer: StaffAnswer = { ...entry.answer! };
  let why = entry.why;
  let sentBody = plan.action === 'answer' ? plan.body : null;
  if (plan.action === 'keep') {
    answer.status = plan.status;
  } else if (plan.action === 'answer') {
    const held = await deps.cap.admit(workspace.id, text.from, now, `${user.id}'s answer`, text.messageSid);
    if (held) {
      answer.status = 'held';
      why = `${why}; ${held}`;
    } else {
      const options = sendOptionsFor(workspace, number);
      // The customer's first text from the workspace ends with the opt-out line, as the text-back's does.
      sentBody = deps.firstTexts
        ? await deps.firstTexts.bodyFor(workspace.textBack.optOutLine, workspace.id, plan.thread.customer, plan.body, customerTold)
        : plan.body;
      Object.assign(answer, await sendAll(deps, plan.thread.customer, number.number, [sentBody], options));
      if (answer.status === 'sent' || answer.status === 'outbox')
        await deps.firstTexts?.told(workspace.id, plan.thread.customer, sentBody, now, customerTold);
      log.info(
        `${user.id}'s text ${text.messageSid} answered ${plan.thread.customer} from ${number.number}: ${answer.status}${answer.messageSid ? ` ${answer.messageSid}` : ''}${answer.detail ? ` (${answer.detail})` : ''}`,
      );
    }
  } else {
    answer.status = plan.status;
    answer.note = await noteOnce(deps, context, text, plan.note);
    why = `${why}; ${answer.note.status === 'withheld' ? `no note: one was sent to ${user.id} within the last hour` : `a note told ${user.id} why (${answer.note.status})`}`;
    log.info(`${user.id}'s text ${text.messageSid} went nowhere (${plan.status}); note: ${answer.note.status}`);
  }

  const settled: ReplyEntry = {
    ...entry,
    status: settledStatus(answer),
    why,
    forwardBody: plan.action === 'answer' && answer.status !== 'held' ? sentBody : null,
    answer,
  };
  const customer = plan.action === 'answer' && answer.status !== 'held' ? plan.thread.customer : null;
  const [kept] = await Promise.all([
    ledger.settle(settled),
    customer ? keepWithCustomer(deps, workspace.id, customer, settled) : Promise.resolve(),
  ]);
  if (!kept) log.warn(`${user.id}'s text ${text.messageSid}: its outcome could not be recorded (the history says "forwarding")`);
  return { state: 'handled', entry: settled };
}

/** The note, unless one went to the user within the hour; it counts against the user's cap like any text we send for them. */
async function noteOnce(
  deps: StaffDeps,
  context: StaffContext,
  text: InboundText & { messageSid: string },
  body: string,
): Promise<NonNullable<StaffAnswer['note']>> {
  const { workspace, number, user } = context;
  let free: boolean;
  try {
    free = await deps.threads.claimNote(workspace.id, text.from, deps.now);
  } catch (error) {
    // Unknown whether one went out this hour: stay quiet rather than risk a second (phones auto-reply).
    deps.log.error(`could not check ${user.id}'s last note; none sent for ${text.messageSid}`, error);
    return { status: 'withheld', body, detail: 'the last note could not be read' };
  }
  if (!free) return { status: 'withheld', body };
  const held = await deps.cap.admit(workspace.id, text.from, deps.now, `the note to ${user.id}`, text.messageSid);
  if (held) return { status: 'withheld', body, detail: held };
  return { body, ...(await sendAll(deps, text.from, number.number, [body], sendOptionsFor(workspace, number))) };
}

/** The answer, filed in the customer's history too (with their last call, else as a per-message item of theirs). */
async function keepWithCustomer(deps: StaffDeps, workspace: string, customer: string, entry: ReplyEntry): Promise<void> {
  const last = await new LastCalls(deps.store, deps.shards, deps.ttlSeconds).find(workspace, customer);
  if (last.state === 'unreadable') {
    deps.log.warn(
      `the answer ${entry.messageSid} is not in ${customer}'s history: their last call could not be read (it is in ${entry.answer?.user}'s)`,
    );
    return;
  }
  const ledger = replyLedger(
    { store: deps.store, shards: deps.shards, log: deps.log, ttlSeconds: deps.ttlSeconds },
    workspace,
    customer,
    last.state === 'found' ? last.call : null,
  );
  const filed = { ...entry, callSid: ledger.callSid };
  const claimed = await ledger.claim(filed);
  if (claimed === 'exists') await ledger.settle(filed);
}

/** After a customer's text was forwarded: each user it reached can answer that customer by texting the number back. Never throws. */
export async function rememberForwards(
  threads: StaffThreads,
  log: StepLog,
  workspace: string,
  number: string,
  entry: ReplyEntry,
): Promise<void> {
  const reached = entry.forwarded.filter((forward) => forward.status === 'sent' || forward.status === 'outbox');
  await Promise.all(
    reached.map(async (forward) => {
      try {
        await threads.remember(workspace, number, forward.to, { customer: entry.from, messageSid: entry.messageSid, at: entry.at });
      } catch (error) {
        log.error(
          `could not remember that ${forward.user} got ${entry.from}'s text ${entry.messageSid}: their answer may find no customer`,
          error,
        );
      }
    }),
  );
}
