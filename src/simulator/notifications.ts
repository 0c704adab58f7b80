// What a simulated call caused, for `simulate --json`'s `notifications`: each text (the users' notices and the
// caller's text-back; locally in the outbox) and each webhook delivery, as the functions recorded them in the
// call log.
import type { CallRecord } from '../calls/call-log';

export interface SimulatedNotification {
  channel: 'sms' | 'webhook';
  /** A phone (sms) or an endpoint's URL (webhook); null for a user without a phone. */
  to: string | null;
  status: string;
  body?: string;
  /** `missed-call`, `voicemail`, `transcript` or `textback` (sms); the event type (webhook). */
  event?: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function notificationsOf(record: CallRecord | null): SimulatedNotification[] {
  if (!record) return [];
  const found: SimulatedNotification[] = [];
  const textback = record.textback;
  if (textback && typeof textback.status === 'string') {
    found.push({
      channel: 'sms',
      to: text(textback.to) ?? null,
      status: textback.status,
      ...(text(textback.body) ? { body: text(textback.body) } : {}),
      event: 'textback',
    });
  }
  for (const notice of Object.values(record.notices ?? {})) {
    const channel = notice.channel === 'webhook' ? 'webhook' : 'sms';
    const body = text(notice.body);
    found.push({
      channel,
      to: text(notice.to) ?? null,
      status: text(notice.status) ?? 'unknown',
      ...(body ? { body } : {}),
      ...(text(notice.event) ? { event: text(notice.event) } : {}),
    });
  }
  return found;
}
