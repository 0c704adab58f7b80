// The `recording` function's work: serves a voicemail's audio for a signed, unexpired link (recording-link.ts),
// fetched from Twilio with the account's credentials, so the person who got the text can listen without a Twilio
// login. A forged, malformed or expired link gets 403 and nothing is fetched. Served locally without a Twilio
// account (npm start), a valid link plays a real sample (a chime), so the player is heard to work.
import type { Context, ServerlessCallback, ServerlessFunctionSignature } from '@twilio-labs/serverless-runtime-types/types';
import { readEnv, type Env } from '../runtime/env';
import { placementOf } from '../runtime/placement';
import { createStepLog, type StepLog } from '../log/step-log';
import { fetchRecordingMp3, RecordingMediaError } from '../twilio/media';
import { recordingLinkSecret, verifyRecordingToken } from './recording-link';
import { sampleChimeWav } from './sample-audio';

export type RecordingAnswer =
  | { status: 200; contentType: string; body: Buffer }
  | { status: 403 | 404 | 502 | 503; contentType: 'text/plain; charset=utf-8'; body: string };

const text = (status: 403 | 404 | 502 | 503, body: string): RecordingAnswer => ({ status, contentType: 'text/plain; charset=utf-8', body });

export async function serveRecording(
  env: Env,
  token: string | undefined,
  now: Date,
  log: StepLog,
  fetchImpl?: typeof fetch,
  /** Served locally (npm start): without a Twilio account, a real sample plays instead of nothing. */
  localSample = false,
): Promise<RecordingAnswer> {
  const secret = recordingLinkSecret(env);
  if (!secret) {
    log.error('recording links cannot be checked: neither RECORDING_LINK_SECRET nor AUTH_TOKEN is set');
    return text(503, 'Recordings are not available here.');
  }
  const check = verifyRecordingToken(secret, token, now);
  if (!check.ok) {
    log.warn(`recording link refused: ${check.reason}`);
    return text(403, `This link does not work: ${check.reason}.`);
  }
  if ((!env.ACCOUNT_SID || !env.AUTH_TOKEN) && localSample) {
    log.info(`recording ${check.recordingSid}: no Twilio account to fetch it from here, so the local sample plays instead`);
    return { status: 200, contentType: 'audio/wav', body: sampleChimeWav() };
  }
  if (!env.ACCOUNT_SID || !env.AUTH_TOKEN) {
    log.error('recording link valid, but there is no Twilio account (ACCOUNT_SID, AUTH_TOKEN) to fetch it from');
    return text(503, 'Recordings are not available here.');
  }
  try {
    const media = await fetchRecordingMp3(
      {
        accountSid: env.ACCOUNT_SID,
        authToken: env.AUTH_TOKEN,
        apiBaseUrl: env.TWILIO_API_BASE_URL,
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      },
      check.recordingSid,
    );
    log.info(`recording ${check.recordingSid} served (${media.body.length} bytes; the link expires ${check.expiresAt.toISOString()})`);
    return { status: 200, contentType: media.contentType, body: media.body };
  } catch (error) {
    log.error(`recording ${check.recordingSid} could not be fetched from Twilio`, error);
    if (error instanceof RecordingMediaError && error.status === 404) return text(404, 'This recording no longer exists.');
    return text(502, 'The recording could not be fetched just now; try again in a moment.');
  }
}

/** The Function handler: GET /recording?t=TOKEN. */
export function recordingHandler(clock: () => Date = () => new Date()): ServerlessFunctionSignature {
  return async (context: Context, event: Record<string, unknown>, callback: ServerlessCallback) => {
    const log = createStepLog('recording');
    const reply = new Twilio.Response();
    const answer = (status: number, contentType: string, body: string | Buffer) => {
      reply.setStatusCode(status);
      reply.appendHeader('Content-Type', contentType);
      reply.appendHeader('Cache-Control', 'private, no-store');
      reply.setBody(body);
    };
    try {
      const placement = placementOf(context);
      const env = readEnv(context as unknown as Record<string, unknown>, { placement });
      const served = await serveRecording(
        env,
        typeof event.t === 'string' ? event.t : undefined,
        clock(),
        log,
        undefined,
        !placement.deployed,
      );
      answer(served.status, served.contentType, served.body);
    } catch (error) {
      log.error('recording: failed', error);
      answer(500, 'text/plain; charset=utf-8', 'The recording could not be served.');
    }
    callback(null, reply);
  };
}
