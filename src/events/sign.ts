// Standard Webhooks signing (https://www.standardwebhooks.com), with the standardwebhooks library: the headers
// `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,` and the base64 HMAC-SHA256 of
// `id.timestamp.body` keyed with the secret's bytes after `whsec_`). The id is stable for an event and endpoint;
// the timestamp is when this attempt is sent, so a redelivery is signed afresh and passes a receiver's
// five-minute tolerance.
import { createHash } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { CallEventType } from '../config/constants';

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
    'webhook-signature': new Webhook(secret).sign(id, sentAt, body),
  };
}
