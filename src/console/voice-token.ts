// The web phone's access token: a Twilio Voice grant for the identity `<workspace>_<user>_web` (the identity incoming
// calls ring as a <Client> leg), with the TwiML App whose Voice URL is /outbound-call for outgoing calls, signed with
// an API key. Built with the twilio library's AccessToken.
import twilio from 'twilio';
import { clientIdentity } from '../routing/legs';
import type { Env } from '../runtime/env';
import { EnvironmentError } from '../runtime/env';

/** A web phone token lives this long; the page asks for a new one before it runs out. */
export const VOICE_TOKEN_TTL_SECONDS = 3600;

export interface VoiceToken {
  token: string;
  identity: string;
  expiresAt: string;
}

export function voiceToken(env: Env, workspaceId: string, userId: string, now: Date): VoiceToken {
  const missing = (['ACCOUNT_SID', 'API_KEY_SID', 'API_KEY_SECRET', 'TWIML_APP_SID'] as const).filter((key) => !env[key]);
  if (missing.length) throw new EnvironmentError(`The web phone needs ${missing.join(', ')} in the environment (see .env.example)`);
  const identity = clientIdentity(workspaceId, userId, 'web');
  const token = new twilio.jwt.AccessToken(env.ACCOUNT_SID!, env.API_KEY_SID!, env.API_KEY_SECRET!, {
    identity,
    ttl: VOICE_TOKEN_TTL_SECONDS,
    nbf: Math.floor(now.getTime() / 1000) - 5,
  });
  token.addGrant(new twilio.jwt.AccessToken.VoiceGrant({ outgoingApplicationSid: env.TWIML_APP_SID!, incomingAllow: true }));
  return { token: token.toJwt(), identity, expiresAt: new Date(now.getTime() + VOICE_TOKEN_TTL_SECONDS * 1000).toISOString() };
}
