// A recording's audio from Twilio, with the account's credentials (Twilio's media URLs need them when "Enforce
// HTTP Auth on Media URLs" is on). Binary, so not through the REST client (which decodes bodies as text); the
// same host rewrite for tests (TWILIO_API_BASE_URL, loopback only) and a deadline.
import { UserFacingError } from '../errors/user-facing-error';
import { checkApiBaseUrl, rewriteTwilioUrl, type TwilioClientOptions } from './client';

export interface RecordingMedia {
  contentType: string;
  body: Buffer;
}

/** Twilio answered something other than the audio (404: no such recording), or did not answer in time. */
export class RecordingMediaError extends UserFacingError {
  override readonly name: string = 'RecordingMediaError';
  constructor(
    message: string,
    readonly status: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export async function fetchRecordingMp3(
  options: TwilioClientOptions & { fetch?: typeof fetch },
  recordingSid: string,
): Promise<RecordingMedia> {
  const twilioUrl = `https://api.twilio.com/2010-04-01/Accounts/${options.accountSid}/Recordings/${recordingSid}.mp3`;
  const url = options.apiBaseUrl ? rewriteTwilioUrl(twilioUrl, checkApiBaseUrl(options.apiBaseUrl)) : twilioUrl;
  const timeoutMs = options.timeoutMs ?? 5000;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      headers: { authorization: `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    const timedOut = (cause as Error).name === 'TimeoutError';
    throw new RecordingMediaError(
      timedOut ? `Twilio sent no recording within ${timeoutMs} ms` : `the recording could not be fetched: ${(cause as Error).message}`,
      null,
      { cause },
    );
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw new RecordingMediaError(`Twilio answered HTTP ${response.status} for recording ${recordingSid}`, response.status);
  }
  return { contentType: response.headers.get('content-type') ?? 'audio/mpeg', body: Buffer.from(await response.arrayBuffer()) };
}
