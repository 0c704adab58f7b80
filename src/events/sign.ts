// Standard Webhooks signing (https://www.standardwebhooks.com): the headers `webhook-id`, `webhook-timestamp` (Unix
// seconds) and `webhook-signature` (`v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` keyed with the secret's
// bytes after `whsec_`), computed with Node's own crypto. The standardwebhooks library did this in 12 KB of every
// bundle that sends events (its pure-JS SHA-256 and base64; docs/scale.md, "Fast functions"); the tests verify every
// event we send with that library, as a receiver does (tests/support/webhook-receiver.ts). The id is stable for an
// event and endpoint; the timestamp is when this attempt is sent, so a redelivery is signed afresh and passes a
// receiver's five-minute tolerance.
import { createHash, createHmac } from 'node:crypto';
import { WEBHOOK_SECRET_PREFIX, type CallEventType } from '../config/constants';

export interface SignedHeaders {
  'content-type': 'application/json';
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The webhook-id of an event: derived from the workspace, its type and its subject, so retries keep it. */
export function eventId(workspace: string, type: CallEventType, subject: string): string {
  return `evt_${createHash('sha256').update(`${workspace}\n${type}\n${subject}`).digest('base64url').slice(0, 27)}`;
}

export function signedHeaders(secret: string, id: string, sentAt: Date, body: string): SignedHeaders {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': signature(secret, id, sentAt, body),
  };
}

/** `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`, keyed with the base64-decoded secret after `whsec_`. */
function signature(secret: string, id: string, sentAt: Date, body: string): string {
  const key = Buffer.from(secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret, 'base64');
  const timestamp = Math.floor(sentAt.getTime() / 1000);
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}
