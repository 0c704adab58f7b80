// Links to a voicemail's recording that work without Twilio credentials: Twilio's own recording URLs need the
// account's credentials when "Enforce HTTP Auth on Media URLs" is on, so a text never carries one. Instead a text
// carries `<functions>/recording?t=<token>`, served by the `recording` function, where the token names the
// recording and when the link expires, signed with HMAC-SHA256 (RECORDING_LINK_SECRET, else the account's auth
// token). Pure: the secret and the clock are arguments.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const RECORDING_PATH = '/recording';
/** How long a link in a notification works. */
export const RECORDING_LINK_TTL_SECONDS = 7 * 24 * 60 * 60;

const RECORDING_SID = /^RE[0-9a-fA-F]{32}$/;
const TOKEN = /^(RE[0-9a-fA-F]{32})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

export function isRecordingSid(value: string | null | undefined): value is string {
  return typeof value === 'string' && RECORDING_SID.test(value);
}

const signature = (secret: string, recordingSid: string, expires: number) =>
  createHmac('sha256', secret).update(`recording:${recordingSid}.${expires}`).digest('base64url');

/** `<RecordingSid>.<expiry, Unix seconds>.<signature>`. */
export function recordingToken(secret: string, recordingSid: string, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return `${recordingSid}.${expires}.${signature(secret, recordingSid, expires)}`;
}

export type TokenCheck = { ok: true; recordingSid: string; expiresAt: Date } | { ok: false; reason: string };

export function verifyRecordingToken(secret: string, token: string | undefined, now: Date): TokenCheck {
  const match = TOKEN.exec(token ?? '');
  if (!match) return { ok: false, reason: 'the link is malformed' };
  const [, recordingSid, expiresText, given] = match as unknown as [string, string, string, string];
  const expires = Number(expiresText);
  const expected = Buffer.from(signature(secret, recordingSid, expires));
  if (!timingSafeEqual(expected, Buffer.from(given))) return { ok: false, reason: "the link's signature is not valid" };
  if (expires * 1000 <= now.getTime()) return { ok: false, reason: `the link expired at ${new Date(expires * 1000).toISOString()}` };
  return { ok: true, recordingSid, expiresAt: new Date(expires * 1000) };
}

/** The secret recording links are signed with: RECORDING_LINK_SECRET, else the account's auth token; undefined when neither is set. */
export function recordingLinkSecret(env: {
  RECORDING_LINK_SECRET?: string | undefined;
  AUTH_TOKEN?: string | undefined;
}): string | undefined {
  return env.RECORDING_LINK_SECRET ?? env.AUTH_TOKEN;
}

/** The link a notification carries; `baseUrl` is the functions' own (https://<domain>). */
export function recordingLink(
  baseUrl: string,
  secret: string,
  recordingSid: string,
  now: Date,
  ttlSeconds = RECORDING_LINK_TTL_SECONDS,
): string {
  const token = recordingToken(secret, recordingSid, new Date(now.getTime() + ttlSeconds * 1000));
  return `${baseUrl.replace(/\/+$/, '')}${RECORDING_PATH}?t=${token}`;
}
