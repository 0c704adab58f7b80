// Where a sign-in attempt comes from, for the rate limits: the browser that asked for the code. Twilio Functions do not
// see the client's address (X-Forwarded-* and X-Real-IP are withheld from a Function), so "one place" is a browser:
// asking for a code gives it a signed cookie naming the phone and a random id, valid as long as a window of the
// limits. Codes tried from that browser count against that id and phone; codes tried without it count together, as
// one more place. So a burst of wrong codes from anywhere uses up only its own place's attempts: the person who asked
// for the code, in their own browser, still signs in.
import { randomBytes } from 'node:crypto';
import { readSignedToken, signToken } from './session';

export const SIGN_IN_COOKIE = 'console_sign_in';
const PURPOSE = 'sign-in-v1';

/** The place of requests that carry no valid sign-in cookie for the phone: they share their attempts. */
const UNKNOWN_SOURCE = 'unknown';

export interface SignInSource {
  /** The cookie's value. */
  token: string;
  maxAgeSeconds: number;
}

/** A new place for `phone`, valid `minutes` from `now`. */
export function issueSignInSource(secret: string, phone: string, now: Date, minutes: number): SignInSource {
  const exp = Math.floor(now.getTime() / 1000) + minutes * 60;
  return { token: signToken(secret, PURPOSE, { phone, id: randomBytes(12).toString('hex'), exp }), maxAgeSeconds: minutes * 60 };
}

/** The place a request comes from for `phone`: its cookie's id when valid for this phone now, else UNKNOWN_SOURCE. */
export function signInSourceOf(secret: string, token: string | undefined, phone: string, now: Date): string {
  const claims = readSignedToken(secret, PURPOSE, token);
  if (!claims || claims.phone !== phone || typeof claims.id !== 'string' || typeof claims.exp !== 'number') return UNKNOWN_SOURCE;
  return claims.exp * 1000 > now.getTime() ? claims.id : UNKNOWN_SOURCE;
}
