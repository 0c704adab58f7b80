// Console sessions: a short-lived token signed with HMAC-SHA256 (CONSOLE_SESSION_SECRET), carried in an HttpOnly,
// SameSite=Strict cookie that scripts on the page cannot read. The token names who signed in and which workspaces
// they may open with which role; sign-out records the session's id as revoked until it would have expired.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { StateStore } from '../state/store';
import type { Membership } from './access';

export const SESSION_COOKIE = 'console_session';
export const REVOKED_SESSIONS_MAP = 'console-signed-out';
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
  /** Issued and expiry times, seconds since the epoch. */
  iat: number;
  exp: number;
}

const base64url = (buffer: Buffer) => buffer.toString('base64url');

function signature(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`${VERSION}.${payload}`).digest();
}

/** A new session for `subject`, valid for `minutes` from `now`. */
export function issueSession(
  secret: string,
  subject: { sub: string; agency: boolean; memberships: Membership[] },
  now: Date,
  minutes: number,
): { token: string; claims: SessionClaims } {
  const iat = Math.floor(now.getTime() / 1000);
  const claims: SessionClaims = { sid: randomBytes(12).toString('hex'), ...subject, iat, exp: iat + minutes * 60 };
  const payload = base64url(Buffer.from(JSON.stringify(claims), 'utf8'));
  return { token: `${VERSION}.${payload}.${base64url(signature(secret, payload))}`, claims };
}

/** The claims of a token this secret signed and that has not expired at `now`; null otherwise. */
export function readSession(secret: string, token: string | undefined, now: Date): SessionClaims | null {
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return null;
  const [, payload, mac] = parts as [string, string, string];
  const expected = signature(secret, payload);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let claims: SessionClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SessionClaims;
  } catch {
    return null;
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now.getTime()) return null;
  if (typeof claims.sid !== 'string' || typeof claims.sub !== 'string' || !Array.isArray(claims.memberships)) return null;
  return claims;
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
