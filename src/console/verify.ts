// Sign-in codes through Twilio Verify: a code texted to the phone, then checked. The client comes from
// src/twilio/client (through runtime/services), so tests reach the API double, never Twilio.
import type twilio from 'twilio';

type TwilioClient = ReturnType<typeof twilio>;

/** Verify could not be asked (not configured, or the request failed). */
export class VerifyError extends Error {
  override readonly name = 'VerifyError';
}

/** Verify: "Max check attempts reached" (the verification is canceled). */
const MAX_CHECK_ATTEMPTS_CODE = 60202;

export class CodeVerifier {
  constructor(
    private readonly client: TwilioClient,
    private readonly serviceSid: string,
  ) {}

  /** Texts a new code to `phone`. */
  async send(phone: string): Promise<void> {
    try {
      await this.client.verify.v2.services(this.serviceSid).verifications.create({ to: phone, channel: 'sms' });
    } catch (error) {
      throw new VerifyError(`Twilio Verify could not send a code: ${(error as Error).message}`, { cause: error });
    }
  }

  /**
   * True when `code` is the code Verify sent to `phone` (and it is still pending). Verify's 429 60202 (too many wrong
   * codes for this verification: it is canceled) is a code that no longer works, not a failure: a new code is needed.
   */
  async check(phone: string, code: string): Promise<boolean> {
    try {
      const result = await this.client.verify.v2.services(this.serviceSid).verificationChecks.create({ to: phone, code });
      return result.status === 'approved';
    } catch (error) {
      // Verify answers 404 when there is no pending verification (expired, used, or never sent).
      const failure = error as { status?: number; code?: number };
      if (failure.status === 404 || failure.code === MAX_CHECK_ATTEMPTS_CODE) return false;
      throw new VerifyError(`Twilio Verify could not check the code: ${(error as Error).message}`, { cause: error });
    }
  }
}
