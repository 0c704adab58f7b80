// Replies reach a person: a text to a routed number (not a STOP or START word) is recorded once in the caller's
// history and forwarded by SMS, from that number (through its Messaging Service when one is named), to the users it
// concerns (./recipients), unless the workspace's `notifications.events` leaves out `reply`. Quiet hours do not
// hold replies back: the caller is waiting for an answer now. Once per message: the ledger's create is the claim,
// and a retried webhook that finds it forwards nothing. A forward that fails is recorded, never retried here.
// A text from a user's own phone never comes here (./staff-answer); the sender's hourly cap (./sender-cap) may hold
// a forward back, and each user a forward reached can then answer its sender by texting the number (./staff-state).
import type { Contact, PhoneNumber, Workspace } from '../config/types';
import type { StepLog } from '../log/step-log';
import type { Messenger } from '../textback/messenger';
import { sendOptionsFor } from '../textback/sender';
import type { ForwardEntry, ReplyEntry, ReplyLedger } from './ledger';
import { forwardedText, type InboundText } from './message';
import { replyRecipients } from './recipients';

export interface ReplyDeps {
  messenger: Messenger;
  log: StepLog;
  now: Date;
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
  if (!workspace.notifications.events.includes('reply')) return { users: [], why: `not forwarded: the workspace's notifications.events leaves out "reply" (${chosen.why})` };
  if (!number.capabilities.sms) return { users: [], why: `not forwarded: ${number.number} cannot send SMS` };
  return { users: chosen.users.map((user) => ({ id: user.id, phone: user.phone! })), why: chosen.why };
}

export async function handleReply(deps: ReplyDeps, context: ReplyContext, text: InboundText & { messageSid: string }): Promise<ReplyOutcome> {
  const { workspace, number, ledger } = context;
  const plan = planForward(context, text);
  const forwardBody = plan.users.length ? forwardedText(text, context.contact, number.name ?? null) : null;
  const entry: ReplyEntry = {
    at: deps.now.toISOString(),
    messageSid: text.messageSid,
    workspace: workspace.id,
    from: text.from,
    to: text.to,
    body: text.body,
    media: text.media,
    callSid: ledger.callSid,
    status: 'forwarding',
    why: plan.why,
    forwardBody,
    forwarded: [],
  };
  const claimed = await ledger.claim(entry);
  if (claimed === 'exists') return { state: 'duplicate' };
  if (claimed === 'failed') return { state: 'unrecorded' };

  const held = plan.users.length && deps.admit ? await deps.admit() : null;
  const users = held ? [] : plan.users;
  const options = sendOptionsFor(workspace, number, ledger.callSid ?? undefined);
  const forwardTo = async (user: { id: string; phone: string }): Promise<ForwardEntry> => {
    try {
      const result = await deps.messenger.send({ to: user.phone, from: number.number, body: forwardBody! }, deps.now, options);
      if (result.status === 'sent') return { user: user.id, to: user.phone, status: 'sent', messageSid: result.messageSid };
      if (result.status === 'outbox') return { user: user.id, to: user.phone, status: 'outbox', detail: `not sent: local mode (outbox ${result.outboxId})` };
      return { user: user.id, to: user.phone, status: result.status, detail: result.detail };
    } catch (error) {
      return { user: user.id, to: user.phone, status: 'failed', detail: describe(error) };
    }
  };
  const [forwarded, emitted] = await Promise.all([Promise.all(users.map(forwardTo)), deps.emit()]);
  const settled: ReplyEntry = {
    ...entry,
    status: settledStatus(forwarded),
    ...(held ? { why: `${plan.why}; ${held}`, forwardBody: null } : {}),
    forwarded,
    events: emitted.deliveries.map((delivery) => ({ url: delivery.url, status: delivery.status })),
  };
  for (const sent of forwarded) {
    deps.log.info(`reply ${text.messageSid} from ${text.from} forwarded to ${sent.user} (${sent.to}): ${sent.status}${sent.messageSid ? ` ${sent.messageSid}` : ''}${sent.detail ? ` (${sent.detail})` : ''}`);
  }
  if (forwarded.length === 0) deps.log.info(`reply ${text.messageSid} from ${text.from} recorded, forwarded to nobody: ${settled.why}`);
  const [kept] = await Promise.all([ledger.settle(settled), deps.afterForward?.(settled)]);
  if (!kept) deps.log.warn(`reply ${text.messageSid}: its outcome could not be recorded (the history says "forwarding")`);
  return { state: 'handled', entry: settled };
}
