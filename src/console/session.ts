// Console sessions: a short-lived token signed with HMAC-SHA256 (CONSOLE_SESSION_SECRET), carried in an HttpOnly,
// SameSite=Strict cookie that scripts on the page cannot read. The token names who signed in and which workspaces
// they may open with which role; sign-out records the session's id as revoked until it would have expired. The cookie
// stays short whatever the user's workspaces (Twilio refuses a response whose headers and cookies pass 4 KB, error
// 82008): memberships past COOKIE_MEMBERSHIPS_MAX_BYTES are held in the state store under the session's id instead.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { JsonObject, StateStore } from '../state/store';
import type { Membership } from './access';

export const SESSION_COOKIE = 'console_session';
export const REVOKED_SESSIONS_MAP = 'console-signed-out';
const HELD_MEMBERSHIPS_MAP = 'console-memberships';
/** The most the memberships may take in the cookie (as JSON); more are held in the state store. */
const COOKIE_MEMBERSHIPS_MAX_BYTES = 768;
const VERSION = 'v1';

export interface SessionClaims {
  /** Random id of this session (what sign-out revokes). */
  sid: string;
  /** Who signed in: their E.164 phone, or "local" for the `npm start` link. */
  sub: string;
  /** An agency-wide admin (CONSOLE_ADMINS, or the local user): admin of every workspace. */
  agency: boolean;
  /** The workspaces a non-agency user may open, as found when they signed in. */
  memberships: Membership[];
  /** The memberships are held in the state store (HELD_MEMBERSHIPS_MAP, by sid), not in the cookie. */
  held?: true;
  /** Issued and expiry times, seconds since the epoch. */
  iat: number;
  exp: number;
}

const base64url = (buffer: Buffer) => buffer.toString('base64url');

/** The MAC of a token's payload; `purpose` keeps one kind of token from passing for another (sessions: "v1"). */
function signature(secret: string, payload: string, purpose = VERSION): Buffer {
  return createHmac('sha256', secret).update(`${purpose}.${payload}`).digest();
}

/** A token `<purpose>.<payload>.<mac>` carrying `claims` as base64url JSON, signed for `purpose`. */
export function signToken(secret: string, purpose: string, claims: object): string {
  const payload = base64url(Buffer.from(JSON.stringify(claims), 'utf8'));
  return `${purpose}.${payload}.${base64url(signature(secret, payload, purpose))}`;
}

/** The claims of a token this secret signed for `purpose`, or null (not one, forged, or unreadable). Expiry is the caller's. */
export function readSignedToken(secret: string, purpose: string, token: string | undefined): Record<string, unknown> | null {
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== purpose) return null;
  const [, payload, mac] = parts as [string, string, string];
  const expected = signature(secret, payload, purpose);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A new session for `subject`, valid for `minutes` from `now`. */
export function issueSession(
  secret: string,
  subject: { sub: string; agency: boolean; memberships: Membership[]; held?: true },
  now: Date,
  minutes: number,
): { token: string; claims: SessionClaims } {
  const iat = Math.floor(now.getTime() / 1000);
  const claims: SessionClaims = { sid: randomBytes(12).toString('hex'), ...subject, iat, exp: iat + minutes * 60 };
  return { token: signToken(secret, VERSION, claims), claims };
}

/** The claims of a token this secret signed and that has not expired at `now`; null otherwise. */
export function readSession(secret: string, token: string | undefined, now: Date): SessionClaims | null {
  const claims = readSignedToken(secret, VERSION, token) as Partial<SessionClaims> | null;
  if (!claims) return null;
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now.getTime()) return null;
  if (typeof claims.sid !== 'string' || typeof claims.sub !== 'string' || !Array.isArray(claims.memberships)) return null;
  return claims as SessionClaims;
}

/**
 * A new session's token; memberships too long for the cookie are held in the state store until the session expires.
 */
export async function startSessionToken(
  secret: string,
  state: StateStore,
  subject: { sub: string; agency: boolean; memberships: Membership[] },
  now: Date,
  minutes: number,
): Promise<string> {
  if (Buffer.byteLength(JSON.stringify(subject.memberships)) <= COOKIE_MEMBERSHIPS_MAX_BYTES)
    return issueSession(secret, subject, now, minutes).token;
  const { token, claims } = issueSession(secret, { ...subject, memberships: [], held: true }, now, minutes);
  await state.put(HELD_MEMBERSHIPS_MAP, claims.sid, { memberships: subject.memberships as unknown as JsonObject[] }, minutes * 60);
  return token;
}

/** The claims with their memberships, read from the state store when held there; null when they are gone. */
export async function withMemberships(state: StateStore, claims: SessionClaims): Promise<SessionClaims | null> {
  if (!claims.held) return claims;
  const item = await state.get(HELD_MEMBERSHIPS_MAP, claims.sid);
  return item && Array.isArray(item.memberships) ? { ...claims, memberships: item.memberships as unknown as Membership[] } : null;
}

/** Sign-out: the session is refused from now until it would have expired anyway. */
export async function revokeSession(state: StateStore, claims: SessionClaims, now: Date): Promise<void> {
  const ttl = Math.max(1, claims.exp - Math.floor(now.getTime() / 1000));
  await state.put(REVOKED_SESSIONS_MAP, claims.sid, { at: now.toISOString() }, ttl);
}

export async function isRevoked(state: StateStore, claims: SessionClaims): Promise<boolean> {
  return (await state.get(REVOKED_SESSIONS_MAP, claims.sid)) !== null;
}

/** The cookie's attributes: HttpOnly and SameSite=Strict always; Secure except on plain-http localhost. */
export function cookieAttributes(maxAgeSeconds: number, secure: boolean): string[] {
  return ['HttpOnly', 'SameSite=Strict', 'Path=/', `Max-Age=${maxAgeSeconds}`, ...(secure ? ['Secure'] : [])];
}
