// Where a text goes: Twilio's Messages API (through the one client module, with its deadline), or, in
// local mode with no Twilio account, a local outbox, each message clearly marked as not sent.
import { randomBytes } from 'node:crypto';
import type twilio from 'twilio';
import type { StateStore } from '../state/store';
import type { TextPlan } from './policy';

export type SendResult =
  | { status: 'sent'; messageSid: string }
  | { status: 'outbox'; outboxId: string }
  | { status: 'opted-out'; detail: string }
  | { status: 'failed'; detail: string };

export interface Messenger {
  readonly kind: 'twilio' | 'outbox';
  send(plan: TextPlan, now: Date): Promise<SendResult>;
}

/** Twilio's "Attempt to send to unsubscribed recipient": the recipient replied STOP to this sender. */
export const UNSUBSCRIBED_CODE = 21610;

export class TwilioMessenger implements Messenger {
  readonly kind = 'twilio';
  constructor(private readonly client: ReturnType<typeof twilio>) {}

  async send(plan: TextPlan): Promise<SendResult> {
    try {
      const message = await this.client.messages.create({ to: plan.to, from: plan.from, body: plan.body });
      return { status: 'sent', messageSid: message.sid };
    } catch (error) {
      const failure = error as { code?: number; status?: number; message?: string };
      if (failure.code === UNSUBSCRIBED_CODE) return { status: 'opted-out', detail: `Twilio refused with ${UNSUBSCRIBED_CODE}: ${plan.to} unsubscribed from ${plan.from}` };
      const code = failure.code ? ` (error ${failure.code})` : failure.status ? ` (HTTP ${failure.status})` : '';
      return { status: 'failed', detail: `${failure.message ?? String(error)}${code}` };
    }
  }
}

export const OUTBOX_MAP = 'outbox';
export const OUTBOX_NOTE = 'NOT SENT: local mode, no Twilio account; this is what the caller would receive';
const OUTBOX_TTL_SECONDS = 7 * 24 * 60 * 60;

export class OutboxMessenger implements Messenger {
  readonly kind = 'outbox';
  constructor(private readonly store: StateStore) {}

  async send(plan: TextPlan, now: Date): Promise<SendResult> {
    const outboxId = `${now.toISOString()}-${randomBytes(4).toString('hex')}`;
    await this.store.put(OUTBOX_MAP, outboxId, { ...plan, at: now.toISOString(), note: OUTBOX_NOTE }, OUTBOX_TTL_SECONDS);
    return { status: 'outbox', outboxId };
  }
}
