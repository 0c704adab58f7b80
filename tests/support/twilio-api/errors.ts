// Twilio's error responses for the API double: `{ code, message, more_info, status }`, thrown by handlers.

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/** An error the double answers with, in Twilio's shape. Handlers throw it; the server turns it into a response. */
export class TwilioApiError extends Error {
  override readonly name = 'TwilioApiError';
  readonly status: number;
  readonly code: number;

  constructor(status: number, code: number, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }

  toBody(): TwilioErrorBody {
    return { code: this.code, message: this.message, more_info: `https://www.twilio.com/docs/errors/${this.code}`, status: this.status };
  }
}

/** Twilio's generic 404 (code 20404), as answered for an unknown sid or an unknown path. */
export const notFound = (path: string): TwilioApiError => new TwilioApiError(404, 20404, `The requested resource ${path} was not found`);

/** Twilio's 400 for a missing or malformed parameter (code 21200 unless a more specific one is given). */
export const badRequest = (message: string, code = 21200): TwilioApiError => new TwilioApiError(400, code, message);
