// Where a text goes: Twilio's Messages API (through the one client module, with its deadline), or, in
// local mode with no Twilio account, a local outbox, each message clearly marked as not sent. Through Twilio,
// a text goes through the workspace's (or number's) Messaging Service when one is named (A2P 10DLC), still
// from the number the plan names (a sender of that service's pool), and always asks for delivery reports at
// the message-status function.
import { randomBytes } from 'node:crypto';
import type twilio from 'twilio';
import type { StateStore } from '../state/store';
import type { TextPlan } from './policy';

export type SendResult =
  | { status: 'sent'; messageSid: string }
  | { status: 'outbox'; outboxId: string }
  | { status: 'opted-out'; detail: string }
  | { status: 'failed'; detail: string };

/** The path of the function that records delivery reports (src/flows/message-status). */
export const MESSAGE_STATUS_PATH = '/message-status';

/** What a delivery report is filed under: the workspace, and the call whose text it is, if any. */
export interface StatusContext {
  workspace: string;
  callSid?: string;
}

export interface SendOptions {
  /** Send through this Messaging Service (MG...); null or absent: from the number alone. */
  messagingServiceSid?: string | null;
  /** Where the delivery report is filed. */
  status?: StatusContext;
}

/** The absolute URL Twilio posts a text's delivery reports to. */
export type StatusCallbackUrl = (context: StatusContext | undefined) => string;

export interface Messenger {
  readonly kind: 'twilio' | 'outbox';
  send(plan: TextPlan, now: Date, options?: SendOptions): Promise<SendResult>;
  /**
   * A text of this plan (the same to and from, and one of `bodies`: by default the plan's) created at or after
   * `since`: 'sent' with its SID (or 'outbox' with its id), or null when there is none; one look, whatever the
   * number of bodies. Throws when it cannot say. For a later invocation taking over work whose first invocation
   * died (src/state/lease.ts): it may have sent the text before dying.
   */
  findSince(plan: TextPlan, since: Date, bodies?: readonly string[]): Promise<Extract<SendResult, { status: 'sent' | 'outbox' }> | null>;
}

/** How far apart the function's clock and Twilio's may be when looking for a text a dead invocation sent. */
const CLOCK_MARGIN_MS = 5_000;
/** The newest texts from one number to one phone looked at (one page). */
const RECENT_TEXTS = 20;

/**
 * Before sending again what a dead invocation claimed at `claimedAt`: the text it sent before dying, if it did
 * (null otherwise, or when the messenger cannot say: then sending is the only way the text is not lost). `bodies`:
 * each body it may have sent it with (by default the plan's), all looked for at once.
 */
export async function sentBeforeDying(
  messenger: Messenger,
  plan: TextPlan,
  claimedAt: string,
  log: { warn(message: string): void },
  bodies: readonly string[] = [plan.body],
): Promise<Extract<SendResult, { status: 'sent' | 'outbox' }> | null> {
  const since = Date.parse(claimedAt);
  if (Number.isNaN(since)) return null;
  try {
    return await messenger.findSince(plan, new Date(since), bodies);
  } catch (error) {
    log.warn(`could not look for a text sent before the invocation died (${(error as Error).message}); sending it`);
    return null;
  }
}

/** Twilio's "Attempt to send to unsubscribed recipient": the recipient replied STOP to this sender. */
export const UNSUBSCRIBED_CODE = 21610;

export class TwilioMessenger implements Messenger {
  readonly kind = 'twilio';
  /** Without `statusCallbackUrl` (a CLI that does not know the deployment's URL), no delivery report is asked for. */
  constructor(
    private readonly client: ReturnType<typeof twilio>,
    private readonly statusCallbackUrl?: StatusCallbackUrl,
  ) {}

  async send(plan: TextPlan, _now?: Date, options: SendOptions = {}): Promise<SendResult> {
    try {
      const message = await this.client.messages.create({
        to: plan.to,
        from: plan.from,
        body: plan.body,
        ...(options.messagingServiceSid ? { messagingServiceSid: options.messagingServiceSid } : {}),
        ...(this.statusCallbackUrl ? { statusCallback: this.statusCallbackUrl(options.status) } : {}),
      });
      return { status: 'sent', messageSid: message.sid };
    } catch (error) {
      const failure = error as { code?: number; status?: number; message?: string };
      if (failure.code === UNSUBSCRIBED_CODE)
        return { status: 'opted-out', detail: `Twilio refused with ${UNSUBSCRIBED_CODE}: ${plan.to} unsubscribed from ${plan.from}` };
      const code = failure.code ? ` (error ${failure.code})` : failure.status ? ` (HTTP ${failure.status})` : '';
      return { status: 'failed', detail: `${failure.message ?? String(error)}${code}` };
    }
  }

  /** One page of the newest messages from `plan.from` to `plan.to` (one request). */
  async findSince(
    plan: TextPlan,
    since: Date,
    bodies: readonly string[] = [plan.body],
  ): Promise<{ status: 'sent'; messageSid: string } | null> {
    const recent = await this.client.messages.list({ to: plan.to, from: plan.from, limit: RECENT_TEXTS });
    const found = recent.find(
      (message) =>
        bodies.includes(message.body) &&
        message.dateCreated instanceof Date &&
        message.dateCreated.getTime() >= since.getTime() - CLOCK_MARGIN_MS,
    );
    return found ? { status: 'sent', messageSid: found.sid } : null;
  }
}

/** Twilio's longest message body (characters); a longer text is refused. */
export const MAX_SMS_BODY = 1600;

export const OUTBOX_MAP = 'outbox';
export const OUTBOX_NOTE = 'NOT SENT: local mode, no Twilio account; this is what the caller would receive';
const OUTBOX_TTL_SECONDS = 7 * 24 * 60 * 60;

export class OutboxMessenger implements Messenger {
  readonly kind = 'outbox';
  /** A store that can be seen at another time (the local one) keeps each text for 7 days from the `now` it was sent at. */
  constructor(private readonly store: StateStore & { withClock?: (clock: () => number) => StateStore }) {}

  async send(plan: TextPlan, now: Date, options: SendOptions = {}): Promise<SendResult> {
    const outboxId = `${now.toISOString()}-${randomBytes(4).toString('hex')}`;
    const via: Record<string, string> = options.messagingServiceSid ? { messagingServiceSid: options.messagingServiceSid } : {};
    // The text's 7 days run from the request's time (a rehearsed call's simulated instant), as the request's other items do.
    const store = this.store.withClock ? this.store.withClock(() => now.getTime()) : this.store;
    await store.put(OUTBOX_MAP, outboxId, { ...plan, ...via, at: now.toISOString(), note: OUTBOX_NOTE }, OUTBOX_TTL_SECONDS);
    return { status: 'outbox', outboxId };
  }

  async findSince(
    plan: TextPlan,
    since: Date,
    bodies: readonly string[] = [plan.body],
  ): Promise<{ status: 'outbox'; outboxId: string } | null> {
    const found = (await this.store.list(OUTBOX_MAP)).find(
      ({ data }) =>
        data.to === plan.to &&
        data.from === plan.from &&
        typeof data.body === 'string' &&
        bodies.includes(data.body) &&
        typeof data.at === 'string' &&
        Date.parse(data.at) >= since.getTime() - CLOCK_MARGIN_MS,
    );
    return found ? { status: 'outbox', outboxId: found.key } : null;
  }
}
